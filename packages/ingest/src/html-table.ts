import { cleanInline } from './clean-text';

/** The parts of a parsed DOM node the readers use (cheerio's nodes are domhandler nodes). */
export interface DomNode {
  type: string;
  name?: string;
  data?: string;
  attribs?: Record<string, string>;
  children?: DomNode[];
}

export function descendants(node: DomNode): DomNode[] {
  return (node.children ?? []).flatMap((child) => [child, ...descendants(child)]);
}

export function textOf(node: DomNode): string {
  if (node.type === 'text') return node.data ?? '';
  if (node.name === 'br') return '\n';
  return (node.children ?? []).map(textOf).join('');
}

// Inside a cell these end a line: without a break, "<li>first</li><li>second</li>" reads "firstsecond".
const CELL_BREAKS = new Set([
  'p',
  'div',
  'li',
  'ul',
  'ol',
  'dl',
  'dt',
  'dd',
  'h1',
  'h2',
  'h3',
  'h4',
  'h5',
  'h6',
]);

function cellText(node: DomNode): string {
  if (node.type === 'text') return node.data ?? '';
  if (node.name === 'br') return '\n';
  const inner = (node.children ?? []).map(cellText).join('');
  return CELL_BREAKS.has(node.name ?? '') ? `\n${inner}\n` : inner;
}

const isTag = (node: DomNode, ...names: string[]) => node.type === 'tag' && names.includes(node.name ?? '');

function cellsOf(tr: DomNode): DomNode[] {
  return (tr.children ?? []).filter((c) => isTag(c, 'td', 'th'));
}

/** Widest a span may be, and most grid cells a table's spans may fill (see `layOut`). */
const MAX_COLSPAN = 1000;
const MAX_GRID_CELLS = 2_000_000;

function widest(rows: readonly GridRow[]): number {
  let width = 0;
  for (const row of rows) width = Math.max(width, row.cells.length);
  return width;
}

/** A span attribute as a count: at least 1, and bounded so a typo like colspan="10000" cannot blow up. */
function span(cell: DomNode, name: 'colspan' | 'rowspan', limit: number): number {
  const value = Number.parseInt(cell.attribs?.[name] ?? '1', 10);
  // rowspan="0" means "to the end of the row group".
  if (name === 'rowspan' && value === 0) return limit;
  return Number.isFinite(value) && value > 1 ? Math.min(value, limit) : 1;
}

/**
 * The table's own rows (not a nested table's), grouped thead / body / tfoot, in reading order, and
 * for each body row where its <tbody> ends (bare <tr>s in a run form one group), since a rowspan
 * ends with its group.
 */
function rowGroups(table: DomNode): {
  head: DomNode[];
  body: DomNode[];
  foot: DomNode[];
  bodyEnds: number[];
} {
  const groups = {
    head: [] as DomNode[],
    body: [] as DomNode[],
    foot: [] as DomNode[],
    bodyEnds: [] as number[],
  };
  let groupStart = 0;
  let bare = false;
  const endBodyGroup = () => {
    for (let r = groupStart; r < groups.body.length; r++) groups.bodyEnds[r] = groups.body.length;
    groupStart = groups.body.length;
  };
  for (const child of table.children ?? []) {
    // Loops, not push(...rows): a spread of 130,000 rows overflows the call stack.
    if (isTag(child, 'tr')) {
      if (!bare) endBodyGroup();
      bare = true;
      groups.body.push(child);
      continue;
    }
    const into = isTag(child, 'thead')
      ? groups.head
      : isTag(child, 'tbody')
        ? groups.body
        : isTag(child, 'tfoot')
          ? groups.foot
          : null;
    if (!into) continue;
    if (into === groups.body) endBodyGroup();
    bare = false;
    for (const tr of child.children ?? []) if (isTag(tr, 'tr')) into.push(tr);
    if (into === groups.body) endBodyGroup();
  }
  endBodyGroup();
  return groups;
}

interface GridRow {
  cells: string[];
  /** Every cell of the row is a <th>. */
  allTh: boolean;
  /** Every non-empty cell's text is bold (<b>/<strong>): Word and many pages mark headers so. */
  allBold: boolean;
  /** One cell spans the whole row: a title above the header, or a group label ("Europe") below. */
  spanAll: boolean;
}

function isBold(cell: DomNode, text: string): boolean {
  if (!text) return true;
  const bold = descendants(cell)
    .filter((d) => isTag(d, 'b', 'strong'))
    .map((d) => cleanInline(textOf(d)))
    .join(' ');
  return cleanInline(bold) === text;
}

/**
 * Lays rows out on a grid so every value sits in the columns it covers: a rowspan value is
 * repeated on each row it spans (so each row's line still says it), a colspan value fills every
 * column it spans in header rows (a group label names each of its columns) and the first one in
 * data rows (the rest stay empty rather than repeat the value).
 */
function layOut(trs: DomNode[], headerRows: number, groupEnds?: readonly number[]): GridRow[] {
  // A span ends with its row group (thead, tbody, tfoot), as browsers clip it: rowspan="0" or a
  // large count in the body must not carry a value into the footer.
  const rowsLeft = (r: number) => (groupEnds?.[r] ?? trs.length) - r;
  const grid: (string | undefined)[][] = trs.map(() => []);
  // Spans fill grid cells: a few cells claiming colspan=1000 and rowspan=0 over thousands of rows
  // would fill billions (a 90 KB page ran the process out of memory). Past a budget the table is
  // read without its spans, each cell in one column of one row.
  let area = 0;
  trs.forEach((tr, r) => {
    for (const cell of cellsOf(tr))
      area += span(cell, 'colspan', MAX_COLSPAN) * span(cell, 'rowspan', rowsLeft(r));
  });
  const spans = area <= MAX_GRID_CELLS;
  const meta = trs.map((tr) => {
    const cells = cellsOf(tr);
    return {
      allTh: true,
      allBold: true,
      soleSpan: cells.length === 1 && cells[0] ? span(cells[0], 'colspan', MAX_COLSPAN) : 0,
      startsRow: false,
    };
  });
  // Columns some cell starts in: a sloppy colspan="99" must not invent columns past the last one.
  let width = 0;
  trs.forEach((tr, r) => {
    const row = grid[r] as (string | undefined)[];
    let c = 0;
    for (const cell of cellsOf(tr)) {
      while (row[c] !== undefined) c++;
      if (c === 0) (meta[r] as { startsRow: boolean }).startsRow = true;
      width = Math.max(width, c + 1);
      const text = cleanInline(cellText(cell));
      const cols = spans ? span(cell, 'colspan', MAX_COLSPAN) : 1;
      const rows = spans ? span(cell, 'rowspan', rowsLeft(r)) : 1;
      const m = meta[r] as { allTh: boolean; allBold: boolean };
      m.allTh &&= cell.name === 'th';
      m.allBold &&= isBold(cell, text);
      for (let dr = 0; dr < rows; dr++) {
        const target = grid[r + dr] as (string | undefined)[];
        for (let dc = 0; dc < cols; dc++) {
          const inHeader = r + dr < headerRows;
          target[c + dc] = dc === 0 || inHeader ? text : '';
        }
      }
      c += cols;
    }
  });
  return grid.map((row, r) => ({
    cells: Array.from(row.slice(0, width), (cell) => cell ?? ''),
    allTh: (meta[r]?.allTh ?? false) && row.length > 0,
    allBold: (meta[r]?.allBold ?? false) && row.some(Boolean),
    // The sole cell must start the row (not sit beside a rowspan value from above), and its own
    // text is the label.
    spanAll: width >= 2 && (meta[r]?.soleSpan ?? 0) >= width && (meta[r]?.startsRow ?? false) && !!row[0],
  }));
}

/** How many leading rows form the header; at least one data row always stays. */
function headerRowCount(trs: DomNode[], headCount: number, groupEnds: readonly number[]): number {
  if (headCount > 0) return Math.min(headCount, trs.length - 1);
  const rows = layOut(trs, 0, groupEnds);
  let thRows = 0;
  // A group label right under the header ("Europe" spanning the table) starts the body.
  while (thRows < rows.length && rows[thRows]?.allTh && !(thRows > 0 && rows[thRows]?.spanAll)) thRows++;
  // A grouped header is a few rows of <th> over data cells; a table of <th> cells only (some pages
  // mark every cell so) has its first row as the header, like any other.
  if (thRows > 0) return thRows === rows.length || thRows > 3 ? 1 : thRows;
  const first = rows[0]?.cells ?? [];
  // A one-column table (an e-mail's layout table) gets a header only from <th> or <thead>: a bold
  // first line there is a heading of the message, not a column's name.
  if (widest(rows) < 2) return 0;
  if (rows.length > 1 && rows[0]?.allBold) return 1;
  // Word tables rarely mark their header row: a first row of labels over rows holding numbers is one.
  // Not in a two-column label/value table ("Name | Ann", "Age | 30"): there the first row is a pair
  // like the others, and its values are numbers only now and then, not down the whole column.
  const data = rows.slice(1).map((row) => row.cells);
  const numericColumn = (c: number) => data.every((cells) => !cells[c] || /\d/.test(cells[c] ?? ''));
  const labelsOverNumbers =
    first.length > 0 &&
    first.every((cell) => cell && !/\d/.test(cell)) &&
    data.some((cells) => cells.some((cell) => /\d/.test(cell))) &&
    (first.length !== 2 || numericColumn(1));
  return labelsOverNumbers || first.every(isGenericColumnName) ? 1 : 0;
}

// Words that name a column, not a thing the table is about: a glossary's "Term | Meaning", a
// contract's "Defined term | Definition", a form's "Field | Description". Probe3: a Word definitions
// table ("Table Grid", no bold, no numbers) lost its "Term | Meaning" header, so "What does Business
// Day mean?" met a bare "Business Day | A day other than…" line instead of a row naming its column.
const COLUMN_NOUN =
  /^(?:terms?|words?|phrases?|abbreviations?|acronyms?|items?|fields?|parameters?|settings?|options?|keys?|categor(?:y|ies)|topics?|questions?|answers?|meanings?|definitions?|descriptions?|explanations?|details?|values?|notes?|comments?|examples?|steps?|actions?|requirements?|responsibilit(?:y|ies)|roles?|tasks?|types?|names?)$/iu;

// Words that may qualify a column noun in a header: "Defined term", "Short description", "Job role".
const COLUMN_QUALIFIER =
  /^(?:defined|short|full|long|brief|key|main|plain|english|technical|legal|business|job|field|item|term|data|common|related|usage|example|and|or|of|&|\/)$/iu;

/**
 * Whether a header-less row's cell is a generic column name: one to three words, no digits, the
 * last a column noun and each other word a column noun or qualifier. A label/value pair ("Name |
 * Ann Smith", "Owner | Finance team", "Type | Full-time role") has a value of other words, so such
 * a table keeps its first row as data (probe3 review: "Full-time role" passed on its last word).
 */
function isGenericColumnName(cell: string): boolean {
  const words = cell.trim().split(/\s+/u);
  return (
    words.length >= 1 &&
    words.length <= 3 &&
    !/\d/u.test(cell) &&
    COLUMN_NOUN.test(words.at(-1) ?? '') &&
    words.every((word) => COLUMN_NOUN.test(word) || COLUMN_QUALIFIER.test(word))
  );
}

/** Per column, the header rows' texts top-down, a repeat (from a rowspan) said once: "Population 2010". */
function joinHeader(rows: GridRow[]): string[] {
  const width = widest(rows);
  return Array.from({ length: width }, (_, c) => {
    const parts: string[] = [];
    for (const row of rows) {
      const text = row.cells[c] ?? '';
      if (text && parts.at(-1) !== text) parts.push(text);
    }
    return parts.join(' ');
  });
}

/**
 * Leading rows of one cell spanning the whole table ("Sales 2020" over the column names): they
 * title the table; read as a header row they would prefix every column name.
 */
function titleRowCount(trs: DomNode[], groupEnds: readonly number[]): number {
  const width = widest(layOut(trs, 0, groupEnds));
  let n = 0;
  while (n < 2 && trs.length - n > 2) {
    const cells = cellsOf(trs[n] as DomNode);
    const only = cells[0];
    if (width < 2 || cells.length !== 1 || !only || span(only, 'colspan', MAX_COLSPAN) < width) break;
    if (!cleanInline(cellText(only))) break;
    n++;
  }
  return n;
}

/** A data table's caption, header (its <thead>, leading rows of <th>, a bold or label row) and data rows. */
export function readTable(table: DomNode): {
  title: string | null;
  header: string[];
  rows: (string[] | { label: string })[];
} {
  const groups = rowGroups(table);
  const all = [...groups.head, ...groups.body, ...groups.foot];
  // Per row of `all`, where its row group ends (a rowspan ends there).
  const allEnds = [
    ...groups.head.map(() => groups.head.length),
    ...groups.bodyEnds.map((end) => groups.head.length + end),
    ...groups.foot.map(() => all.length),
  ];
  const titleRows = titleRowCount(all, allEnds);
  const trs = all.slice(titleRows);
  const headCount = Math.max(0, groups.head.length - titleRows);
  const groupEnds = allEnds.slice(titleRows).map((end) => end - titleRows);
  const headerRows = trs.length > 1 ? headerRowCount(trs, headCount, groupEnds) : 0;
  const grid = layOut(trs, headerRows, groupEnds);
  const caption = (table.children ?? []).find((c) => isTag(c, 'caption'));
  const titles = [
    caption ? cleanInline(cellText(caption)) : '',
    ...all.slice(0, titleRows).map((tr) => cleanInline(cellText(tr))),
  ].filter(Boolean);
  return {
    title: titles.join(' — ') || null,
    header: joinHeader(grid.slice(0, headerRows)),
    // A group label row says which group the rows below belong to; as a row it would read
    // "Country: Europe", so it is passed on as a label, written bare.
    rows: grid.slice(headerRows).map((row) => (row.spanAll ? { label: row.cells[0] ?? '' } : row.cells)),
  };
}
