/**
 * CSV as RFC 4180 writes it, for the milestones export: fields separated by commas, records
 * ended by CRLF, a field quoted when it holds a comma, a quote, CR or LF, quotes inside it
 * doubled. Pure, no I/O.
 *
 * A spreadsheet opening the file treats a cell that starts with `=`, `+`, `-`, `@`, a tab or
 * a CR as a formula (OWASP "CSV injection"): a title `=HYPERLINK(...)` would run as one. Every
 * such cell is neutralised with a leading `'`, which spreadsheets show as text and do not
 * evaluate. It costs a negative number its sign's look (`'-3`); the export writes no signed
 * numbers (versions are positive), so nothing it writes is changed that a person typed as
 * a number.
 */

/** First characters a spreadsheet may read as the start of a formula. */
const FORMULA_START = new Set(["=", "+", "-", "@", "\t", "\r"]);

/** `value` made inert for a spreadsheet: prefixed with `'` when it could start a formula. */
export function neutralizeCell(value: string): string {
  const first = value.charAt(0);
  return FORMULA_START.has(first) ? `'${value}` : value;
}

const NEEDS_QUOTES = /[",\r\n]/;

/** One field, neutralised, then quoted per RFC 4180 when it must be. null and undefined: empty. */
export function csvField(value: string | number | null | undefined): string {
  if (value === null || value === undefined) return "";
  const text = neutralizeCell(String(value));
  return NEEDS_QUOTES.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** One record: its fields joined by commas, ended by CRLF. */
export function csvRecord(fields: readonly (string | number | null | undefined)[]): string {
  return `${fields.map(csvField).join(",")}\r\n`;
}
