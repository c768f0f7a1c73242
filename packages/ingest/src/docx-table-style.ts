/**
 * Word's built-in table styles with "Header Row" formatting (Grid Table 4, List Table 3, Light
 * List, …) show the first row as a header, and Word turns that option on for new tables; but the
 * row itself carries no mark (no w:tblHeader, no bold run), so mammoth writes it as a data row.
 * "Table Grid", Word's plain default, only draws lines and is not in this list.
 */
const HEADER_ROW_STYLES =
  /^(grid table|list table|plain table|light (list|grid|shading)|medium (list|grid|shading)|dark list|colou?rful (list|grid|shading))\b/i;

/** The parts of mammoth's document tree read here; mammoth types its elements as `any`. */
interface DocElement {
  type?: unknown;
  styleName?: unknown;
  isHeader?: unknown;
  children?: unknown;
}

const asElement = (value: unknown): DocElement | null =>
  value !== null && typeof value === 'object' ? (value as DocElement) : null;

/** For mammoth's `transformDocument`: marks the first row of such a table as its header row. */
export function markStyledHeaderRows(document: unknown): unknown {
  const visit = (value: unknown): void => {
    const node = asElement(value);
    if (!node) return;
    const children = Array.isArray(node.children) ? node.children : [];
    if (
      node.type === 'table' &&
      typeof node.styleName === 'string' &&
      HEADER_ROW_STYLES.test(node.styleName)
    ) {
      const rows = children.map(asElement).filter((row) => row?.type === 'tableRow') as DocElement[];
      const first = rows[0];
      if (first && rows.length > 1 && !rows.some((row) => row.isHeader === true)) first.isHeader = true;
    }
    for (const child of children) visit(child);
  };
  visit(document);
  return document;
}
