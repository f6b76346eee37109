import { parse } from 'csv-parse/sync';
import { FileProblemError, importLimits, type Table } from './limits';

/**
 * The text of a CSV file: UTF-16 when it starts with a UTF-16 BOM (Excel's "Unicode text"), UTF-8
 * (with or without BOM) when the bytes are valid UTF-8, else Windows-1252 (what Danish Excel writes
 * with "CSV (semikolonsepareret)"); æ, ø, å come out right either way.
 */
export function decodeCsv(bytes: Uint8Array): string {
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return new TextDecoder('utf-16le').decode(bytes);
  if (bytes[0] === 0xfe && bytes[1] === 0xff) return new TextDecoder('utf-16be').decode(bytes);
  try {
    return new TextDecoder('utf-8', { fatal: true, ignoreBOM: false }).decode(bytes);
  } catch {
    // A UTF-8 BOM before Windows-1252 text (a tool added it): the BOM is no part of the first heading.
    const bom = bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf;
    return new TextDecoder('windows-1252').decode(bom ? bytes.subarray(3) : bytes);
  }
}

/** The separator of the header line: `;`, `,` or tab, whichever occurs most outside quotes. */
export function detectSeparator(text: string): ';' | ',' | '\t' {
  const counts = { ';': 0, ',': 0, '\t': 0 };
  let quoted = false;
  for (const char of text) {
    if (char === '"') quoted = !quoted;
    else if (!quoted && (char === '\n' || char === '\r')) break;
    else if (!quoted && char in counts) counts[char as keyof typeof counts]++;
  }
  const best = (Object.keys(counts) as (keyof typeof counts)[]).sort((a, b) => counts[b] - counts[a])[0];
  return best && counts[best] > 0 ? best : ';';
}

/** Line breaks inside a record's cells (quoted multi-line cells). */
const breaksIn = (record: readonly string[]): number =>
  record.reduce((sum, cell) => sum + (cell.match(/[\r\n]/g)?.length ?? 0), 0);

/**
 * Reads a CSV file as a table of text (P4 import): encoding and separator detected, quotes and
 * line breaks in cells as CSV has them, lines ended by CRLF, LF or CR (mixed too, as files pasted
 * together have them), rows and columns bounded. Nothing in a cell is evaluated.
 *
 * @remarks Blank rows are skipped by the parser (cheaply: 5 MB of them costs little) and do not
 * count toward the limit, but each row keeps the number a spreadsheet shows it under: its last line
 * less the line breaks inside the cells read so far. The parser stops one row past the limit, so a
 * file one row too long is refused whole instead of losing its last rows.
 */
export function readCsv(bytes: Uint8Array): Table {
  const text = decodeCsv(bytes);
  if (text.includes('\u0000')) throw new FileProblemError('notATable');
  let records: { record: string[]; info: { lines: number } }[];
  try {
    records = parse(text, {
      delimiter: detectSeparator(text),
      record_delimiter: ['\r\n', '\n', '\r'],
      bom: true,
      relax_column_count: true,
      relax_quotes: true,
      skip_empty_lines: true,
      skip_records_with_empty_values: true,
      info: true,
      // The header, the allowed rows and one more, to tell "too many" from "just right".
      to: importLimits.maxRows + 2,
      max_record_size: importLimits.maxCellChars * importLimits.maxColumns,
    }) as unknown as { record: string[]; info: { lines: number } }[];
  } catch {
    throw new FileProblemError('notATable');
  }
  let breaks = 0;
  const numbers = records.map(({ record, info }) => {
    breaks += breaksIn(record);
    return info.lines - breaks;
  });
  return asTable(
    records.map(({ record }) => record),
    numbers,
  );
}

/** A row's width up to its last cell with text. */
function filledWidth(row: readonly string[]): number {
  let width = row.length;
  while (width > 0 && (row[width - 1] ?? '').trim() === '') width--;
  return width;
}

/**
 * Header and rows, trimmed of blank rows and of empty columns at the right, bounded (shared by the CSV and XLSX readers). `numbers`
 * are the records' row numbers as a spreadsheet shows them (1 for the first); without them, a
 * record's place in `records`.
 */
export function asTable(records: string[][], numbers: readonly number[] = records.map((_, i) => i + 1)): Table {
  const filled = records.flatMap((row, i) =>
    row.some((cell) => cell.trim() !== '') ? [{ row, number: numbers[i] ?? i + 1 }] : [],
  );
  const [header, ...rows] = filled;
  if (!header) throw new FileProblemError('empty');
  if (rows.length === 0) throw new FileProblemError('noRows');
  if (rows.length > importLimits.maxRows) throw new FileProblemError('tooManyRows');
  // Empty columns at the right (Excel writes its whole used range) are no columns.
  const width = Math.max(...filled.map(({ row }) => filledWidth(row)));
  if (width > importLimits.maxColumns) throw new FileProblemError('tooManyColumns');
  const table: Table = {
    header: header.row.slice(0, width).map((cell) => cell.trim()),
    rows: rows.map(({ row }) => row.slice(0, width)),
  };
  // Only when a blank row (or a blank line before the header) moved them from header + 1, 2, 3 …
  const lines = rows.map(({ number }) => number);
  return lines.every((line, i) => line === header.number + 1 + i) && header.number === 1 ? table : { ...table, lines };
}
