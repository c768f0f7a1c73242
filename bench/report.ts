/** The shape every section returns; run.ts prints it as Markdown and writes it as JSON. */
export type Cell = string | number | null;

export interface Table {
  title: string;
  columns: string[];
  rows: Cell[][];
}

export interface Goal {
  name: string;
  target: string;
  measured: string;
  /** null when the goal cannot be measured yet (the feature is not built). */
  met: boolean | null;
}

export interface SectionResult {
  section: string;
  tables: Table[];
  goals: Goal[];
  notes: string[];
  /** Raw figures for machines to read (the tables are derived from these). */
  data: Record<string, unknown>;
  seconds?: number;
  error?: string;
}

export function emptyResult(section: string): SectionResult {
  return { section, tables: [], goals: [], notes: [], data: {} };
}

function formatCell(cell: Cell): string {
  if (cell === null) return '–';
  if (typeof cell === 'string') return cell;
  if (!Number.isFinite(cell)) return String(cell);
  if (Number.isInteger(cell)) return cell.toLocaleString('en-US');
  const abs = Math.abs(cell);
  if (abs >= 1000) return Math.round(cell).toLocaleString('en-US');
  if (abs >= 100) return cell.toFixed(0);
  if (abs >= 10) return cell.toFixed(1);
  if (abs >= 1) return cell.toFixed(2);
  if (abs === 0) return '0';
  return cell.toPrecision(2);
}

export function markdownTable(table: Table): string {
  const lines = [`**${table.title}**`, ''];
  lines.push(`| ${table.columns.join(' | ')} |`);
  lines.push(`|${table.columns.map(() => '---').join('|')}|`);
  for (const row of table.rows) lines.push(`| ${row.map(formatCell).join(' | ')} |`);
  return lines.join('\n');
}

export function markdownSection(result: SectionResult): string {
  const parts = [`## ${result.section}${result.seconds ? ` (${result.seconds.toFixed(0)} s)` : ''}`];
  if (result.error) parts.push(`**FAILED:** ${result.error}`);
  for (const table of result.tables) parts.push(markdownTable(table));
  if (result.goals.length > 0) {
    parts.push(
      markdownTable({
        title: 'Goals',
        columns: ['goal', 'target', 'measured', 'met'],
        rows: result.goals.map((g) => [
          g.name,
          g.target,
          g.measured,
          g.met === null ? 'n/a' : g.met ? 'yes' : 'NO',
        ]),
      }),
    );
  }
  if (result.notes.length > 0) parts.push(result.notes.map((n) => `- ${n}`).join('\n'));
  return parts.join('\n\n');
}
