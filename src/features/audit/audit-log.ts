import type { AuditEvent, AuditRecord, ChainBreak } from './chain';

/** The chains the bot writes: one per concern, each its own storage partition. */
export const auditChains = ['access', 'approvals', 'reviews', 'violations', 'retention'] as const;

export type AuditChain = (typeof auditChains)[number];

/**
 * The append-only audit log (P10 integrity): every grant, revoke, channel assignment, approval
 * decision and recorded review, each record carrying the hash of the one before it.
 */
export interface AuditLog {
  /** Appends an event to a chain; safe against concurrent appends from several instances. */
  append(chain: AuditChain, event: AuditEvent): Promise<AuditRecord>;
  /** Every record of a chain, oldest first. */
  read(chain: string): Promise<AuditRecord[]>;
  /** Checks every chain in storage; returns the first break of each broken chain. */
  verify(): Promise<{ chains: { chain: string; records: number }[]; breaks: ChainBreak[] }>;
}
