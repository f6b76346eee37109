import type { AuditEvent, AuditRecord, ChainBreak, KeyedEvent } from './chain';

/** The chains the bot writes: one per concern, each its own storage partition. */
export const auditChains = [
  'access',
  'approvals',
  'reviews',
  'violations',
  'retention',
  'decisions',
  'risks',
  // Evidence files attached to incidents and opened (#20): who, when, the file's SHA-256.
  'evidence',
  'imports',
] as const;

export type AuditChain = (typeof auditChains)[number];

/** A keyed event's record, and whether this call appended it or found it in the chain already. */
export interface Recorded {
  record: AuditRecord;
  appended: boolean;
}

/**
 * The append-only audit log (P10 integrity): every grant, revoke, channel assignment, approval
 * decision, recorded review, breach decision, DPIA outcome and criticality confirmation, each record
 * carrying the hash of the one before it.
 */
export interface AuditLog {
  /**
   * Appends an event to a chain; safe against concurrent appends from several instances. An event
   * with a `key` already in the chain is not appended again: the call answers the stored record.
   */
  append(chain: AuditChain, event: AuditEvent): Promise<AuditRecord>;
  /** Appends a keyed event unless its key is in the chain; costs nothing over `append` when it is new. */
  appendOnce(chain: AuditChain, event: KeyedEvent): Promise<Recorded>;
  /**
   * The same, for a change that may have been recorded already (a retry): looks the key up first
   * and appends only when it is missing.
   */
  ensure(chain: AuditChain, event: KeyedEvent): Promise<Recorded>;
  /** Every record of a chain, oldest first. */
  read(chain: string): Promise<AuditRecord[]>;
  /** Checks every chain in storage; returns the first break of each broken chain. */
  verify(): Promise<{ chains: { chain: string; records: number }[]; breaks: ChainBreak[] }>;
}
