/** What the central directory of an Office document (a zip) says it unpacks to. */
export interface ZipSummary {
  entries: number;
  /** Bytes all entries unpack to, as the directory declares them. */
  unpackedBytes: number;
}

const EOCD = 0x06054b50;
const CENTRAL = 0x02014b50;

/**
 * Reads a zip's central directory without unpacking anything; undefined when there is none to read
 * (damaged, cut short, or zip64, which no Office document of evidence size needs).
 */
export function zipSummary(bytes: Buffer): ZipSummary | undefined {
  const from = Math.max(0, bytes.length - 22 - 65_535);
  let end = -1;
  for (let at = bytes.length - 22; at >= from; at--) {
    if (bytes.readUInt32LE(at) === EOCD) {
      end = at;
      break;
    }
  }
  if (end < 0) return undefined;
  const entries = bytes.readUInt16LE(end + 10);
  const size = bytes.readUInt32LE(end + 12);
  const offset = bytes.readUInt32LE(end + 16);
  if (entries === 0xffff || offset === 0xffffffff || offset + size > end) return undefined;
  let at = offset;
  let unpackedBytes = 0;
  for (let i = 0; i < entries; i++) {
    if (at + 46 > end || bytes.readUInt32LE(at) !== CENTRAL) return undefined;
    const unpacked = bytes.readUInt32LE(at + 24);
    if (unpacked === 0xffffffff) return undefined;
    unpackedBytes += unpacked;
    at += 46 + bytes.readUInt16LE(at + 28) + bytes.readUInt16LE(at + 30) + bytes.readUInt16LE(at + 32);
  }
  return { entries, unpackedBytes };
}
