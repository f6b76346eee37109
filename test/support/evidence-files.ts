import { deflateRawSync } from 'node:zlib';

/** A real 1×1 PNG. */
export const png = (): Buffer =>
  Buffer.from(
    'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==',
    'base64',
  );

/** A small PDF (header and trailer: what the first bytes say is all the check reads). */
export const pdf = (): Buffer => Buffer.from('%PDF-1.7\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n');

/** A zip of the named entries, each 1 KB of zeros deflated; `declared` overrides the unpacked size an entry claims. */
export function zipOf(entries: Array<{ name: string; declared?: number }>): Buffer {
  const locals: Buffer[] = [];
  const centrals: Buffer[] = [];
  let offset = 0;
  const body = deflateRawSync(Buffer.alloc(1024));
  for (const entry of entries) {
    const fileName = Buffer.from(entry.name);
    const declared = entry.declared ?? 1024;
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4);
    local.writeUInt16LE(8, 8);
    local.writeUInt32LE(body.length, 18);
    local.writeUInt32LE(declared, 22);
    local.writeUInt16LE(fileName.length, 26);
    const central = Buffer.alloc(46);
    central.writeUInt32LE(0x02014b50, 0);
    central.writeUInt16LE(20, 4);
    central.writeUInt16LE(20, 6);
    central.writeUInt16LE(8, 10);
    central.writeUInt32LE(body.length, 20);
    central.writeUInt32LE(declared, 24);
    central.writeUInt16LE(fileName.length, 28);
    central.writeUInt32LE(offset, 42);
    locals.push(local, fileName, body);
    centrals.push(central, fileName);
    offset += local.length + fileName.length + body.length;
  }
  const directory = Buffer.concat(centrals);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(entries.length, 8);
  end.writeUInt16LE(entries.length, 10);
  end.writeUInt32LE(directory.length, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...locals, directory, end]);
}

/** A small Word document as far as any check reads one: an Office Open XML zip naming its main part. */
export const docx = (): Buffer => zipOf([{ name: '[Content_Types].xml' }, { name: 'word/document.xml' }]);

/** A plain zip archive (not an Office document). */
export const zip = (): Buffer => zipOf([{ name: 'readme.txt' }]);

/**
 * A zip that sniffs as a Word document but whose directory says it unpacks to about 4 GB (a "zip
 * bomb" shape) while the file is a few hundred bytes. Nothing is ever unpacked: the bot must refuse it
 * from the directory alone.
 */
export const docxBomb = (): Buffer =>
  zipOf([{ name: '[Content_Types].xml' }, { name: 'word/document.xml', declared: 0xfffffffe }]);
