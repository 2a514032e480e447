/**
 * CSV as spreadsheets read it (RFC 4180, CRLF lines), for the instructors' exports. A cell a
 * spreadsheet would run as a formula (=, +, -, @ first) is written as text.
 *
 * @example
 * toCsv([['learner', 'best'], ['Ana', 4]]) // 'learner,best\r\nAna,4\r\n'
 */
export type CsvValue = string | number;

const csvCell = (value: CsvValue) => {
  const text = String(value);
  const safe = /^[=+\-@\t\r]/.test(text) ? `'${text}` : text;
  return /[",\n\r]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
};

export const toCsv = (rows: ReadonlyArray<ReadonlyArray<CsvValue>>) => rows.map((row) => row.map(csvCell).join(',')).join('\r\n') + '\r\n';
