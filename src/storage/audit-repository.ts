import type { TableClient, TableEntityResult, TransactionAction } from '@azure/data-tables';
import type { Clock } from '../clock';
import type { AuditChain, AuditLog } from '../features/audit/audit-log';
import { nextRecords, verifyChain, type AuditEvent, type AuditRecord, type ChainBreak } from '../features/audit/chain';
import { GroupCommit, type Outcome } from '../features/audit/group-commit';
import { ConflictError } from '../errors';
import { isConflict, isNotFound, rethrowStorageError } from './errors';

const HEAD = 'head';
const recordKey = (seq: number): string => `r${String(seq).padStart(10, '0')}`;
/** An entity-group transaction holds at most 100 operations: 99 records and the head. */
const MAX_GROUP = 99;
/** A transaction's body may hold 4 MiB; a group stays well below that. */
const MAX_GROUP_BYTES = 1024 * 1024;
const ATTEMPTS = 20;

interface HeadRow {
  seq: number;
  hash: string;
}

/** The head as read or written, with the eTag that guards its next move. */
type Head = HeadRow & { etag: string };

interface RecordRow {
  seq: number;
  at: string;
  actor: string;
  actorName?: string;
  action: string;
  subject: string;
  details: string;
  prevHash: string;
  hash: string;
}

const toRecord = (chain: string, row: RecordRow): AuditRecord => ({
  chain,
  seq: Number(row.seq),
  at: row.at,
  actor: row.actor,
  actorName: row.actorName || undefined,
  action: row.action,
  subject: row.subject,
  details: JSON.parse(row.details) as Record<string, unknown>,
  prevHash: row.prevHash,
  hash: row.hash,
});

const toRow = (record: AuditRecord) => ({
  partitionKey: record.chain,
  rowKey: recordKey(record.seq),
  seq: record.seq,
  at: record.at,
  actor: record.actor,
  actorName: record.actorName ?? '',
  action: record.action,
  subject: record.subject,
  details: JSON.stringify(record.details),
  prevHash: record.prevHash,
  hash: record.hash,
});

/** Storage refused an entity itself (too large, a bad property), not the state of the chain. */
const isRefusedEntity = (error: unknown): boolean => {
  const status = (error as { statusCode?: number })?.statusCode;
  return status === 400 || status === 413;
};

/**
 * The audit log in Table Storage: one partition per chain, records at `r<seq>` (zero-padded, so
 * storage order is chain order) and a `head` row naming the last sequence number and hash.
 *
 * @remarks Append-only (P10 integrity). Appends to a chain queue inside the instance and are
 * written in groups: the group's records and the head's move are one entity-group transaction,
 * so N waiting appends cost one round trip and storage holds either all of a group or none of it.
 * Several instances stay safe: records are created (never overwritten) and the head moves under
 * its eTag, so a group written on top of a stale head fails as a whole; the instance then reads
 * the head again and rebuilds the group on top of it. A record past the head (left by an instance
 * of the earlier, two-write version that died between record and head) is taken into the head by
 * the next append. Records are never updated or deleted.
 */
export class TableAuditLog implements AuditLog {
  /** Per chain, the head this instance last read or wrote: a guess that the eTag checks. */
  private readonly heads = new Map<string, Head>();
  private readonly appends = new GroupCommit<AuditEvent, AuditRecord>({
    commit: (chain, events) => this.commit(chain, events),
    maxItems: MAX_GROUP,
    maxBytes: MAX_GROUP_BYTES,
    size: (event) => Buffer.byteLength(JSON.stringify(event), 'utf8') + 1024,
  });

  constructor(
    private readonly table: TableClient,
    private readonly clock: Clock,
  ) {}

  append(chain: AuditChain, event: AuditEvent): Promise<AuditRecord> {
    return this.appends.submit(chain, event);
  }

  async read(chain: string): Promise<AuditRecord[]> {
    const records: AuditRecord[] = [];
    try {
      const rows = this.table.listEntities<RecordRow>({
        queryOptions: { filter: `PartitionKey eq '${chain.replace(/'/g, "''")}' and RowKey ge 'r'` },
      });
      for await (const row of rows) records.push(toRecord(chain, row));
    } catch (error) {
      rethrowStorageError(error, 'audit log');
    }
    return records;
  }

  async verify(): Promise<{ chains: { chain: string; records: number }[]; breaks: ChainBreak[] }> {
    const byChain = new Map<string, { records: AuditRecord[]; head?: HeadRow }>();
    try {
      for await (const row of this.table.listEntities<RecordRow & HeadRow>()) {
        const chain = row.partitionKey as string;
        const entry = byChain.get(chain) ?? { records: [] };
        if (row.rowKey === HEAD) entry.head = { seq: Number(row.seq), hash: row.hash };
        else entry.records.push(toRecord(chain, row));
        byChain.set(chain, entry);
      }
    } catch (error) {
      rethrowStorageError(error, 'audit log');
    }
    const chains = [...byChain.entries()].sort(([a], [b]) => a.localeCompare(b));
    const breaks = chains
      .map(([chain, entry]) => verifyChain(chain, entry.records, entry.head ?? { seq: 0, hash: '' }))
      .filter((found): found is ChainBreak => found !== undefined);
    return { chains: chains.map(([chain, entry]) => ({ chain, records: entry.records.length })), breaks };
  }

  /**
   * Writes a group of events after the chain's head: the records and the head's move in one
   * transaction, retried on top of the new head when another writer got there first.
   *
   * @remarks When storage refuses one entity of a group (too large, say), the whole transaction
   * fails and nothing of it is stored; the events are then written one by one, so only the
   * refused event's caller gets the error.
   */
  private async commit(chain: string, events: AuditEvent[]): Promise<Outcome<AuditRecord>[]> {
    for (let attempt = 0; attempt < ATTEMPTS; attempt++) {
      const head = this.heads.get(chain) ?? (await this.readHead(chain));
      const records = nextRecords(chain, head, events, this.clock.now());
      const last = records.at(-1) as AuditRecord;
      const actions: TransactionAction[] = records.map((record) => ['create', toRow(record)]);
      const moved = { partitionKey: chain, rowKey: HEAD, seq: last.seq, hash: last.hash };
      actions.push(head ? ['update', moved, 'Replace', { etag: head.etag }] : ['create', moved]);
      const written = records.map((value): Outcome<AuditRecord> => ({ ok: true, value }));
      try {
        const response = await this.table.submitTransaction(actions);
        this.remember(chain, last, response.subResponses.at(-1)?.etag);
        return written;
      } catch (error) {
        this.heads.delete(chain);
        if (isConflict(error)) {
          // A transaction the client retried after it had gone through meets its own records.
          if ((await this.catchUp(chain, head))?.hash === last.hash) return written;
          continue;
        }
        if (events.length > 1 && isRefusedEntity(error)) return this.oneByOne(chain, events);
        rethrowStorageError(error, 'audit record');
      }
    }
    throw new ConflictError('audit chain (too many concurrent appends)');
  }

  /** Each event in a transaction of its own, each with its own outcome. */
  private async oneByOne(chain: string, events: AuditEvent[]): Promise<Outcome<AuditRecord>[]> {
    const outcomes: Outcome<AuditRecord>[] = [];
    for (const event of events) {
      try {
        outcomes.push(...(await this.commit(chain, [event])));
      } catch (error) {
        outcomes.push({ ok: false, error });
      }
    }
    return outcomes;
  }

  /**
   * After a conflict: reads the head again. If it has not moved since `tried`, the conflict came
   * from the record after it, which exists without the head pointing at it: the head is moved
   * onto that record. Answers the head as read.
   */
  private async catchUp(chain: string, tried: Head | undefined): Promise<Head | undefined> {
    const head = await this.readHead(chain);
    if (head && (!tried || head.etag !== tried.etag)) return head;
    const seq = (head?.seq ?? 0) + 1;
    try {
      const row = await this.table.getEntity<RecordRow>(chain, recordKey(seq));
      await this.moveHead(chain, head, { seq, hash: row.hash });
    } catch (error) {
      if (!isNotFound(error)) rethrowStorageError(error, 'audit head');
    }
    this.heads.delete(chain);
    return head;
  }

  private async readHead(chain: string): Promise<Head | undefined> {
    try {
      const row: TableEntityResult<HeadRow> = await this.table.getEntity<HeadRow>(chain, HEAD);
      const head = { seq: Number(row.seq), hash: row.hash, etag: row.etag };
      this.heads.set(chain, head);
      return head;
    } catch (error) {
      if (isNotFound(error)) return undefined;
      rethrowStorageError(error, 'audit head');
    }
  }

  /** Keeps the head just written, when storage named its new eTag. */
  private remember(chain: string, to: HeadRow, etag: string | undefined): void {
    if (etag) this.heads.set(chain, { ...to, etag: etag.trim() });
    else this.heads.delete(chain);
  }

  /** Moves the head from `from` to `to`; a conflict means another writer moved it already. */
  private async moveHead(chain: string, from: Head | undefined, to: HeadRow): Promise<void> {
    const entity = { partitionKey: chain, rowKey: HEAD, seq: to.seq, hash: to.hash };
    try {
      if (from) await this.table.updateEntity(entity, 'Replace', { etag: from.etag });
      else await this.table.createEntity(entity);
    } catch (error) {
      if (!isConflict(error)) rethrowStorageError(error, 'audit head');
    }
  }
}
