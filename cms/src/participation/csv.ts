/**
 * CSV files OCs open in Excel: UTF-8 with a BOM (or Excel guesses Windows-1252 and breaks accents),
 * CRLF lines, and formula injection defused.
 *
 * A cell starting with = + - @ tab or CR runs as a formula. Where a cell starts depends on the
 * program, not on our quoting: French Excel splits on `;`, others guess tabs or commas, and a
 * field whose quote opens mid-cell is not a quoted field for them. So every place a cell could
 * start (the start of ours, or right after a `,` `;` tab CR LF or `"` inside it, spaces allowed
 * between) gets a `'` before the formula character: Excel and LibreOffice show it as text.
 */
const formulaWherever = /(?<=(?:^|[,;\t\r\n"])[ \u00a0]*)(?=[=+\-@\t\r])/g;

export function csvCell(value: unknown): string {
  // eslint-disable-next-line @typescript-eslint/no-base-to-string -- objects are JSON-encoded first: String() only sees primitives
  const raw = value === null || value === undefined ? '' : typeof value === 'object' ? JSON.stringify(value) : String(value);
  const text = raw.replace(formulaWherever, "'");
  return /[",\n\r;\t]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

export function csvTable(header: string[], rows: unknown[][]): string {
  const lines = [header.map(csvCell).join(','), ...rows.map((row) => row.map(csvCell).join(','))];
  return `\uFEFF${lines.join('\r\n')}\r\n`;
}
