import type { Row } from './row';

const COLUMNS = ['#', 'measurement', 'measured', 'goal', 'verdict'] as const;
const cells = (row: Row) => [row.family, row.subject, row.measured, row.goal, row.verdict];

/** The table for the terminal: aligned columns. */
export const renderText = (rows: Row[]) => {
  const lines = [COLUMNS as readonly string[], ...rows.map(cells)];
  const widths = COLUMNS.map((_, i) => Math.max(...lines.map((l) => l[i]!.length)));
  const format = (line: readonly string[]) =>
    line
      .map((cell, i) => cell.padEnd(widths[i]!))
      .join('  ')
      .trimEnd();
  return [format(lines[0]!), widths.map((w) => '-'.repeat(w)).join('  '), ...lines.slice(1).map(format)].join('\n');
};

/** The same table as GitHub Markdown. */
export const renderMarkdown = (rows: Row[]) => {
  const escapeCell = (cell: string) => cell.replaceAll('|', '\\|');
  return [
    `| ${COLUMNS.join(' | ')} |`,
    `|${COLUMNS.map(() => '---').join('|')}|`,
    ...rows.map((row) => `| ${cells(row).map(escapeCell).join(' | ')} |`),
  ].join('\n');
};
