import { createHash } from 'node:crypto';

/** A form card's draft id (a UUID the card carries across re-shows): only ever a dedup key for its submitter. */
export const isDraftId = (value: unknown): value is string =>
  typeof value === 'string' && /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(value);

/**
 * The hex key a submitter's draft stands for: a hash of who submits and the card's draft id.
 *
 * @remarks Card data is untrusted; hashing in the submitter means a draft id copied from someone
 * else's card names a record of one's own, never theirs.
 */
export const draftKey = (userId: string, draftId: string): string =>
  createHash('sha256').update(`${userId}/${draftId.toLowerCase()}`).digest('hex');
