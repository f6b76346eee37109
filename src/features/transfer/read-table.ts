import { readCsv } from './csv-read';
import { FileProblemError, importLimits, type Table } from './limits';
import { readXlsx } from './xlsx-read';

const isZip = (bytes: Uint8Array): boolean =>
  bytes.length > 4 && bytes[0] === 0x50 && bytes[1] === 0x4b && bytes[2] === 0x03 && bytes[3] === 0x04;

/**
 * Reads an uploaded register file by what its bytes are, not by its name: a zip is read as XLSX,
 * anything else as CSV text; over the size limit nothing is read.
 */
export async function readTable(bytes: Buffer): Promise<Table> {
  if (bytes.length > importLimits.maxBytes) throw new FileProblemError('tooLarge');
  if (bytes.length === 0) throw new FileProblemError('empty');
  return isZip(bytes) ? readXlsx(bytes) : readCsv(bytes);
}
