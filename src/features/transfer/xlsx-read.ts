import { readSheet } from 'read-excel-file/node';
import yauzl from 'yauzl';
import { asTable } from './csv-read';
import { FileProblemError, importLimits, type Table } from './limits';

const MB = 1024 * 1024;

/**
 * Checks a zip before anything is inflated: the number of entries, each entry's and all entries'
 * declared uncompressed size, and the compression ratio (a zip bomb's tell). Then inflates each
 * entry once, counting, with yauzl's size check on: an entry that inflates to more than its header
 * declared fails there, so a lying header cannot get past the declared sizes either.
 */
export async function checkZip(bytes: Buffer): Promise<void> {
  const zip = await new Promise<yauzl.ZipFile>((resolve, reject) =>
    yauzl.fromBuffer(bytes, { lazyEntries: true, validateEntrySizes: true }, (error, file) =>
      error || !file ? reject(new FileProblemError('badSpreadsheet')) : resolve(file),
    ),
  );
  if (zip.entryCount > importLimits.maxZipEntries) throw new FileProblemError('zipBomb');
  const entries: yauzl.Entry[] = [];
  let total = 0;
  await new Promise<void>((resolve, reject) => {
    zip.on('entry', (entry: yauzl.Entry) => {
      total += entry.uncompressedSize;
      const ratio = entry.uncompressedSize / Math.max(1, entry.compressedSize);
      if (
        entry.uncompressedSize > importLimits.maxEntryBytes ||
        total > importLimits.maxTotalBytes ||
        (entry.uncompressedSize > MB && ratio > importLimits.maxRatio)
      ) {
        zip.close();
        return reject(new FileProblemError('zipBomb'));
      }
      entries.push(entry);
      zip.readEntry();
    });
    zip.on('end', () => resolve());
    zip.on('error', () => reject(new FileProblemError('badSpreadsheet')));
    zip.readEntry();
  });
  // Sizes are declared within bounds; now make sure they are true (yauzl stops at the declared size).
  const reopened = await new Promise<yauzl.ZipFile>((resolve, reject) =>
    yauzl.fromBuffer(bytes, { lazyEntries: false, validateEntrySizes: true, autoClose: false }, (error, file) =>
      error || !file ? reject(new FileProblemError('badSpreadsheet')) : resolve(file),
    ),
  );
  try {
    for (const entry of entries) {
      if (entry.fileName.endsWith('/')) continue;
      await new Promise<void>((resolve, reject) =>
        reopened.openReadStream(entry, (error, stream) => {
          if (error || !stream) return reject(new FileProblemError('badSpreadsheet'));
          stream.on('data', () => undefined);
          stream.on('end', () => resolve());
          stream.on('error', () => reject(new FileProblemError('zipBomb')));
        }),
      );
    }
  } finally {
    reopened.close();
  }
}

/** A cell's value as the text the import reads: a formula's computed value, never the formula. */
function cellText(value: unknown): string {
  if (value === null || value === undefined) return '';
  if (value instanceof Date) return Number.isNaN(value.getTime()) ? '' : value.toISOString().slice(0, 10);
  return String(value);
}

/**
 * Reads the first sheet of an XLSX file as a table of text (P4 import), after {@link checkZip}.
 *
 * @remarks read-excel-file takes a formula cell's value as the spreadsheet last computed it and
 * never evaluates the formula; text that looks like a formula (`=…`) is kept as text.
 */
export async function readXlsx(bytes: Buffer): Promise<Table> {
  await checkZip(bytes);
  let data: unknown[][];
  try {
    data = (await readSheet(bytes, 1, { trim: false })) as unknown[][];
  } catch {
    throw new FileProblemError('badSpreadsheet');
  }
  return asTable(data.map((row) => row.map(cellText)));
}
