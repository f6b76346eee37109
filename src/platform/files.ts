/**
 * What a file's bytes really are, read from their first bytes ("magic numbers") — never from its
 * name or the content type the sender claims. Features check an uploaded file against this before
 * keeping it (evidence, register imports).
 */
export type SniffedType =
  'png' | 'jpeg' | 'gif' | 'webp' | 'heic' | 'pdf' | 'docx' | 'xlsx' | 'pptx' | 'zip' | 'ole' | 'text' | 'unknown';

const startsWith = (bytes: Uint8Array, prefix: readonly number[], at = 0): boolean =>
  bytes.length >= at + prefix.length && prefix.every((byte, i) => bytes[at + i] === byte);

const ascii = (text: string): number[] => [...text].map((char) => char.charCodeAt(0));

/** True when `needle` (ASCII) occurs in `bytes`: zip entry names are stored uncompressed. */
function contains(bytes: Uint8Array, needle: string): boolean {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).includes(needle, 0, 'latin1');
}

/** An Office Open XML package is a zip whose entries name its kind. */
function zipKind(bytes: Uint8Array): SniffedType {
  if (contains(bytes, '[Content_Types].xml')) {
    if (contains(bytes, 'word/document.xml')) return 'docx';
    if (contains(bytes, 'xl/workbook.xml')) return 'xlsx';
    if (contains(bytes, 'ppt/presentation.xml')) return 'pptx';
  }
  return 'zip';
}

/**
 * Plain text: no NUL and no control characters but tab, line breaks and form feed in the first
 * 64 KB. Any 8-bit encoding counts (a Windows-1252 CSV is text too).
 */
function isText(bytes: Uint8Array): boolean {
  if (bytes.length === 0) return false;
  const end = Math.min(bytes.length, 65_536);
  for (let i = 0; i < end; i++) {
    const byte = bytes[i];
    if (byte < 0x20 && byte !== 0x09 && byte !== 0x0a && byte !== 0x0d && byte !== 0x0c && byte !== 0x1b) return false;
    if (byte === 0x7f) return false;
  }
  return true;
}

/** What the bytes are, by their signature; `unknown` when no rule matches. */
export function sniffType(bytes: Uint8Array): SniffedType {
  if (startsWith(bytes, [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])) return 'png';
  if (startsWith(bytes, [0xff, 0xd8, 0xff])) return 'jpeg';
  if (startsWith(bytes, ascii('GIF87a')) || startsWith(bytes, ascii('GIF89a'))) return 'gif';
  if (startsWith(bytes, ascii('RIFF')) && startsWith(bytes, ascii('WEBP'), 8)) return 'webp';
  if (
    startsWith(bytes, ascii('ftyp'), 4) &&
    ['heic', 'heix', 'mif1', 'msf1', 'hevc'].some((brand) => startsWith(bytes, ascii(brand), 8))
  )
    return 'heic';
  if (startsWith(bytes, ascii('%PDF-'))) return 'pdf';
  if (startsWith(bytes, [0x50, 0x4b, 0x03, 0x04]) || startsWith(bytes, [0x50, 0x4b, 0x05, 0x06])) return zipKind(bytes);
  if (startsWith(bytes, [0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1])) return 'ole';
  if (isText(bytes)) return 'text';
  return 'unknown';
}
