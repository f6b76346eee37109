import { createHash } from 'node:crypto';

/** The hash the first record of a chain points back to. */
export const GENESIS = '0'.repeat(64);

/** What is recorded: who did what to which subject, when. */
export interface AuditEvent {
  /** Entra object id of the actor, or `configuration`/`scheduler`. */
  actor: string;
  actorName?: string;
  /** E.g. `role.granted`, `role.revoked`, `channel.assigned`, `approval.decided`, `review.done`. */
  action: string;
  /** What it concerns (a user id, a channel purpose, an approval id, a quarter). */
  subject: string;
  details: Record<string, unknown>;
  /**
   * Names the change the event records (e.g. `approval.decided/<id>/<round>/<user>`): the log holds
   * at most one record per key. Not part of the record or its hash.
   */
  key?: string;
}

/** An event that is recorded at most once. */
export type KeyedEvent = AuditEvent & { key: string };

/** One stored link of the chain. */
export interface AuditRecord extends Omit<AuditEvent, 'key'> {
  /** The chain (one per storage partition). */
  chain: string;
  /** 1, 2, 3 … without gaps. */
  seq: number;
  at: string;
  prevHash: string;
  hash: string;
}

/** Sorted-key JSON, so the hash does not depend on property order. */
function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  if (value && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, item]) => item !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([key, item]) => `${JSON.stringify(key)}:${canonical(item)}`).join(',')}}`;
  }
  return JSON.stringify(value);
}

/** The SHA-256 of a record's content and the hash of the record before it. */
export function hashRecord(record: Omit<AuditRecord, 'hash'>): string {
  const { chain, seq, at, prevHash, actor, actorName, action, subject, details } = record;
  return createHash('sha256')
    .update(canonical({ chain, seq, at, prevHash, actor, actorName, action, subject, details }))
    .digest('hex');
}

/** Builds the next record of a chain after `previous` (undefined for the first). */
export function nextRecord(
  chain: string,
  previous: { seq: number; hash: string } | undefined,
  event: AuditEvent,
  at: Date,
): AuditRecord {
  const { key: _key, ...content } = event;
  const unhashed = {
    ...content,
    chain,
    seq: (previous?.seq ?? 0) + 1,
    at: at.toISOString(),
    prevHash: previous?.hash ?? GENESIS,
  };
  return { ...unhashed, hash: hashRecord(unhashed) };
}

/** Builds the next records of a chain after `previous`, each linked to the one before it. */
export function nextRecords(
  chain: string,
  previous: { seq: number; hash: string } | undefined,
  events: readonly AuditEvent[],
  at: Date,
): AuditRecord[] {
  const records: AuditRecord[] = [];
  for (const event of events) records.push(nextRecord(chain, records.at(-1) ?? previous, event, at));
  return records;
}

/** The first problem found in a chain, or undefined when it is intact. */
export interface ChainBreak {
  chain: string;
  /** The position (1-based sequence number) where the chain stops being trustworthy. */
  seq: number;
  reason: 'edited' | 'missing' | 'reordered' | 'head mismatch';
}

/**
 * Verifies one chain, in storage order: sequence numbers 1…n without gaps, each record's hash
 * recomputed from its content, each `prevHash` equal to the hash before it, and the last hash
 * equal to the head's.
 *
 * @remarks P10 integrity: an edited record changes its hash, a deleted one leaves a gap (or a
 * short chain against the head), a reordered one breaks the `prevHash` links.
 */
export function verifyChain(
  chain: string,
  records: readonly AuditRecord[],
  head?: { seq: number; hash: string },
): ChainBreak | undefined {
  let previous: AuditRecord | undefined;
  for (const [index, record] of records.entries()) {
    const expectedSeq = index + 1;
    if (record.seq !== expectedSeq) {
      const reordered = records.some((other) => other.seq === expectedSeq);
      return { chain, seq: expectedSeq, reason: reordered ? 'reordered' : 'missing' };
    }
    if (hashRecord(record) !== record.hash) return { chain, seq: record.seq, reason: 'edited' };
    if (record.prevHash !== (previous?.hash ?? GENESIS)) return { chain, seq: record.seq, reason: 'reordered' };
    previous = record;
  }
  if (head && (head.seq !== (previous?.seq ?? 0) || head.hash !== (previous?.hash ?? GENESIS))) {
    return {
      chain,
      seq: Math.min(head.seq, (previous?.seq ?? 0) + 1),
      reason: head.seq > (previous?.seq ?? 0) ? 'missing' : 'head mismatch',
    };
  }
  return undefined;
}
