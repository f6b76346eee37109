import { createHash } from 'node:crypto';

/**
 * JSON with every object's keys in code-point order and no whitespace: the same content always gives
 * the same text, whatever order it was built or stored in (`undefined` members left out, as JSON does).
 */
export function canonicalJson(value: unknown): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value) ?? 'null';
  if (Array.isArray(value)) return `[${value.map((item) => canonicalJson(item ?? null)).join(',')}]`;
  const entries = Object.entries(value as Record<string, unknown>)
    .filter(([, member]) => member !== undefined)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return `{${entries.map(([key, member]) => `${JSON.stringify(key)}:${canonicalJson(member)}`).join(',')}}`;
}

/**
 * The content hash of generated content: SHA-256 (hex) of its canonical JSON in UTF-8.
 *
 * @remarks P7, P10: the version put before the management group is named by this hash, and the hash is
 * recorded in the audit chain with the decision; the Word file is not hashed (its bytes carry a
 * creation time and differ between two renderings of the same content).
 */
export const contentHash = (value: unknown): string =>
  createHash('sha256').update(canonicalJson(value), 'utf8').digest('hex');

/** The first 12 hex digits of a hash, as cards show it (the whole hash is in the document and the audit log). */
export const shortHash = (hash: string): string => hash.slice(0, 12);

/** True for a whole SHA-256 hex hash. */
export const isHash = (value: unknown): value is string => typeof value === 'string' && /^[0-9a-f]{64}$/.test(value);
