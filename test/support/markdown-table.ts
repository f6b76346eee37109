/**
 * The rows of the Markdown table whose header starts with `feature | action`, as trimmed cells,
 * without the separator row. With `section`, only that `## ` section of the document is read.
 * Rows stop at the first line that does not have `columns` cells.
 */
export function roleTableIn(markdown: string, columns: number, section?: string): string[][] {
  let text = markdown;
  if (section) {
    const start = markdown.indexOf(section);
    if (start < 0) return [];
    const rest = markdown.slice(start + section.length);
    const end = rest.search(/^## /m);
    text = end < 0 ? rest : rest.slice(0, end);
  }
  const rows = text
    .split('\n')
    .filter((line) => line.startsWith('|'))
    .map((line) =>
      line
        .slice(1, -1)
        .split('|')
        .map((cell) => cell.trim()),
    );
  const first = rows.findIndex((cells) => cells[0] === 'feature' && cells[1] === 'action');
  if (first < 0) return [];
  const table: string[][] = [];
  for (const cells of rows.slice(first)) {
    if (cells.every((cell) => /^:?-+:?$/.test(cell))) continue;
    if (cells.length !== columns) break;
    table.push(cells);
  }
  return table;
}
