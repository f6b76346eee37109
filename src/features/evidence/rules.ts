import { createHash } from 'node:crypto';
import type { SniffedType } from '../../platform/files';
import { cleanFileName, extensionOf } from './file-name';
import { evidenceTypes, isEvidenceType, type EvidencePolicy, type EvidenceType } from './model';
import { zipSummary } from './zip-check';

/** Why a file is not kept; each has a message in the sender's language (`evidence.refused.*`). */
export type Refusal = 'tooLarge' | 'empty' | 'refusedType' | 'mismatch' | 'packed';

/** A file that passed every check, as it is kept. */
export interface CheckedFile {
  name: string;
  type: EvidenceType;
  size: number;
  sha256: string;
}

/** An Office document may unpack to at most this many bytes, and hold at most this many parts. */
export const OFFICE_LIMITS = { unpackedBytes: 200 * 1024 * 1024, entries: 5_000 } as const;

const officeTypes: readonly EvidenceType[] = ['docx', 'xlsx', 'pptx'];

/** Claims that say nothing: no type given, any image, or "some bytes". */
const saysNothing = (declared: string): boolean =>
  ['', 'image/*', 'application/octet-stream', 'binary/octet-stream'].includes(declared);

/**
 * Whether what the sender claimed (a content type, or the extension Teams reports as `fileType`)
 * agrees with what the bytes are.
 */
function claimAgrees(declared: string, type: EvidenceType): boolean {
  const claim = declared.trim().toLowerCase().split(';')[0]?.trim() ?? '';
  if (saysNothing(claim)) return true;
  if (claim.includes('/')) {
    const expected = evidenceTypes[type].contentType.split(';')[0];
    if (claim === expected) return true;
    if (type === 'jpeg' && claim === 'image/jpg') return true;
    if (type === 'heic' && claim === 'image/heif') return true;
    if (type === 'text') return claim === 'text/plain' || claim === 'message/rfc822' || claim === 'text/csv';
    return false;
  }
  return (evidenceTypes[type].extensions as readonly string[]).includes(claim.replace(/^\./, ''));
}

/**
 * Checks a file before anything of it is kept (#20): its size, what its bytes are against the types
 * taken, its name's extension and its claimed type against its bytes, and an Office document's
 * unpacked size. Answers the file as it is kept (clean name, detected type, SHA-256) or why not.
 *
 * @remarks P10. Nothing the sender says is believed: a PNG named `.pdf`, a zip sent as
 * `application/pdf`, an HTML page named `.html` — each is refused as not what it claims. Text is
 * taken as text whatever it says (a phishing mail's HTML source is evidence): it is kept and served
 * as `text/plain`, as an attachment with `nosniff` and a sandboxing CSP, never rendered. A name
 * without an extension gets the detected type's.
 */
export function checkFile(
  file: { name: string; declaredType: string; bytes: Buffer },
  sniffed: SniffedType,
  policy: EvidencePolicy,
): { ok: true; file: CheckedFile } | { ok: false; reason: Refusal } {
  const { bytes } = file;
  if (bytes.length > policy.maxBytes) return { ok: false, reason: 'tooLarge' };
  if (bytes.length === 0) return { ok: false, reason: 'empty' };
  if (!isEvidenceType(sniffed) || !policy.allowed.includes(sniffed)) return { ok: false, reason: 'refusedType' };
  const type = sniffed;
  const cleaned = cleanFileName(file.name);
  const extension = extensionOf(cleaned);
  if (extension && !(evidenceTypes[type].extensions as readonly string[]).includes(extension))
    return { ok: false, reason: 'mismatch' };
  if (!claimAgrees(file.declaredType, type)) return { ok: false, reason: 'mismatch' };
  if (officeTypes.includes(type)) {
    const zip = zipSummary(bytes);
    if (!zip || zip.entries > OFFICE_LIMITS.entries || zip.unpackedBytes > OFFICE_LIMITS.unpackedBytes)
      return { ok: false, reason: 'packed' };
  }
  const base = cleaned || 'bevis';
  const name = extension ? base : `${base}.${evidenceTypes[type].extensions[0]}`;
  return {
    ok: true,
    file: { name, type, size: bytes.length, sha256: createHash('sha256').update(bytes).digest('hex') },
  };
}
