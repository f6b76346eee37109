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
    return new TextDecoder('windows-1252').decode(bytes);
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

/**
 * Reads a CSV file as a table of text (P4 import): encoding and separator detected, quotes and
 * line breaks in cells as CSV has them, rows and columns bounded. Nothing in a cell is evaluated.
 */
export function readCsv(bytes: Uint8Array): Table {
  const text = decodeCsv(bytes);
  if (text.includes('\u0000')) throw new FileProblemError('notATable');
  let records: string[][];
  try {
    records = parse(text, {
      delimiter: detectSeparator(text),
      bom: true,
      relax_column_count: true,
      relax_quotes: true,
      skip_empty_lines: true,
      // One more than allowed, to tell "too many" from "just right".
      to: importLimits.maxRows + 2,
      max_record_size: importLimits.maxCellChars * importLimits.maxColumns,
    }) as string[][];
  } catch {
    throw new FileProblemError('notATable');
  }
  return asTable(records);
}

/** Header and rows, trimmed of blank rows, bounded (shared by the CSV and XLSX readers). */
export function asTable(records: string[][]): Table {
  const [header, ...rows] = records.filter((row) => row.some((cell) => cell.trim() !== ''));
  if (!header) throw new FileProblemError('empty');
  if (rows.length > importLimits.maxRows) throw new FileProblemError('tooManyRows');
  if (header.length > importLimits.maxColumns || rows.some((row) => row.length > importLimits.maxColumns))
    throw new FileProblemError('tooManyColumns');
  return { header: header.map((cell) => cell.trim()), rows };
}
