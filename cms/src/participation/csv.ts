/**
 * CSV files OCs open in Excel: UTF-8 with a BOM (or Excel guesses Windows-1252 and breaks accents),
 * CRLF lines, and formula injection defused — a cell starting with = + - @ tab or CR would run as a
 * formula, so it gets a leading apostrophe, which Excel and LibreOffice show as text.
 */
export function csvCell(value: unknown): string {
  let text = value === null || value === undefined ? '' : typeof value === 'object' ? JSON.stringify(value) : String(value);
  if (/^[=+\-@\t\r]/.test(text)) text = `'${text}`;
  return /[",\n\r;]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

export function csvTable(header: string[], rows: unknown[][]): string {
  const lines = [header.map(csvCell).join(','), ...rows.map((row) => row.map(csvCell).join(','))];
  return `\uFEFF${lines.join('\r\n')}\r\n`;
}
