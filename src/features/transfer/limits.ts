/**
 * What an uploaded register file may be (docs/IMPORT.md, docs/SECURITY.md): bounded before it is
 * read, so a hostile file costs little.
 */
export const importLimits = {
  /** The file as downloaded from Teams. */
  maxBytes: 5 * 1024 * 1024,
  /** Data rows after the header (the register is sized for 1,000 systems). */
  maxRows: 2000,
  maxColumns: 60,
  /** One cell's text; longer cells are refused row by row by the field's own limit. */
  maxCellChars: 5000,
  /** XLSX: entries in the zip, each entry's and all entries' uncompressed size, and the ratio. */
  maxZipEntries: 500,
  maxEntryBytes: 20 * 1024 * 1024,
  maxTotalBytes: 40 * 1024 * 1024,
  /** Uncompressed over compressed size; XML compresses well, a bomb far better. */
  maxRatio: 200,
} as const;

/** Why a file as a whole could not be read (the card says it in the user's language). */
export type FileProblem =
  | 'tooLarge'
  | 'notATable'
  | 'empty'
  | 'noRows'
  | 'tooManyRows'
  | 'tooManyColumns'
  | 'zipBomb'
  | 'badSpreadsheet'
  | 'duplicateHeader';

/** A file that cannot be read as a table at all. */
export class FileProblemError extends Error {
  constructor(readonly problem: FileProblem) {
    super(`import file: ${problem}`);
  }
}

/** A file read as a table: its header and its data rows, every cell as text. */
export interface Table {
  header: string[];
  rows: string[][];
  /**
   * Each row's number as the spreadsheet shows it, when blank rows make it other than its place
   * after the header (the header being row 1); the dry run names rows by it.
   */
  lines?: number[];
}
