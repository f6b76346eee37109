import { createHash } from 'node:crypto';

/** A short, stable pseudonym for a user id, so logs can correlate a user's turns without naming them. */
export const pseudonym = (userId: string | undefined): string | undefined =>
  userId ? createHash('sha256').update(userId).digest('hex').slice(0, 12) : undefined;
