import { createHash, randomUUID } from 'node:crypto';
import type { TableClient, TableEntityResult, TransactionAction } from '@azure/data-tables';
import type { Clock } from '../clock';
import type { AuditChain, AuditLog, Recorded } from '../features/audit/audit-log';
import {
  nextRecords,
  verifyChain,
  type AuditEvent,
  type AuditRecord,
  type ChainBreak,
  type KeyedEvent,
} from '../features/audit/chain';
import { GroupCommit, type Outcome } from '../platform/group-commit';
import { ConflictError } from '../errors';
import { isConflict, isNotFound, isRefusedGroup, rethrowStorageError } from './errors';

const HEAD = 'head';
const recordKey = (seq: number): string => `r${String(seq).padStart(10, '0')}`;
/** The row saying an event key is recorded: `k` and the key's SHA-256, so any key makes a valid row key. */
const markerKey = (key: string): string => `k${createHash('sha256').update(key, 'utf8').digest('hex')}`;
const isRecordRow = (rowKey: unknown): boolean => typeof rowKey === 'string' && rowKey.startsWith('r');
/** An entity-group transaction holds at most 100 operations: the head and 99 records and markers. */
const MAX_GROUP = 99;
/** A record, and for a keyed event its marker. */
const operationsOf = (event: AuditEvent): number => (event.key === undefined ? 1 : 2);
/** A transaction's body may hold 4 MiB; a group stays well below that. */
const MAX_GROUP_BYTES = 1024 * 1024;
const ATTEMPTS = 20;

interface HeadRow {
  seq: number;
  hash: string;
}

/** The head as read or written, with the eTag that guards its next move. */
type Head = HeadRow & { etag: string };

interface MarkerRow {
  key: string;
  seq: number;
  /** The transaction that wrote it (random): tells two writers of identical records apart. */
  attempt: string;
}

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

const markerRow = (chain: string, key: string, seq: number, attempt: string) => ({
  partitionKey: chain,
  rowKey: markerKey(key),
  key,
  seq,
  attempt,
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
 *
 * A keyed event (P10: one record per decision, however often it is retried) also creates a marker
 * row `k<sha256 of key>` naming its record's sequence number, in the same transaction as the
 * record. A second event with that key makes its transaction conflict on the marker: storage never
 * holds two records for a key, whichever instance tries. Conflicts are told apart by reading the
 * group's markers after the head: an event whose marker exists is answered with the record it
 * names, and the rest of the group is written again. So the markers cost the usual path nothing.
 * Marker rows sort before the records and are not part of any chain; chains written before they
 * existed verify as before.
 */
export class TableAuditLog implements AuditLog {
  /** Per chain, the head this instance last read or wrote: a guess that the eTag checks. */
  private readonly heads = new Map<string, Head>();
  private readonly appends = new GroupCommit<AuditEvent, Recorded>({
    commit: (chain, events) => this.commit(chain, events),
    maxItems: MAX_GROUP,
    weight: operationsOf,
    maxBytes: MAX_GROUP_BYTES,
    size: (event) => Buffer.byteLength(JSON.stringify(event), 'utf8') + 1024 * operationsOf(event),
  });

  constructor(
    private readonly table: TableClient,
    private readonly clock: Clock,
  ) {}

  async append(chain: AuditChain, event: AuditEvent): Promise<AuditRecord> {
    return (await this.appends.submit(chain, event)).record;
  }

  appendOnce(chain: AuditChain, event: KeyedEvent): Promise<Recorded> {
    return this.appends.submit(chain, event);
  }

  async ensure(chain: AuditChain, event: KeyedEvent): Promise<Recorded> {
    const record = await this.recorded(chain, event.key);
    return record ? { record, appended: false } : this.appendOnce(chain, event);
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
        else if (isRecordRow(row.rowKey)) entry.records.push(toRecord(chain, row));
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
   * Writes a group of events after the chain's head: the records, their markers and the head's
   * move in one transaction, retried on top of the new head when another writer got there first.
   *
   * @remarks When storage refuses one entity of a group (too large, say, or a body Azurite cannot
   * parse: `isRefusedGroup`), the whole transaction fails and nothing of it is stored; the events are then written one by one, so only the
   * refused event's caller gets the error. An event whose key came earlier in the group shares
   * that event's record.
   */
  private async commit(chain: string, events: AuditEvent[]): Promise<Outcome<Recorded>[]> {
    const outcomes = new Map<number, Outcome<Recorded>>();
    const first = firstOfEachKey(events);
    let pending = events.map((_, i) => i).filter((i) => first[i] === i);
    for (let attempt = 0; attempt < ATTEMPTS && pending.length > 0; attempt++) {
      const head = this.heads.get(chain) ?? (await this.readHead(chain));
      const records = nextRecords(
        chain,
        head,
        pending.map((i) => events[i] as AuditEvent),
        this.clock.now(),
      );
      const last = records.at(-1) as AuditRecord;
      const attempt = randomUUID();
      const actions = records.flatMap((record, n): TransactionAction[] => {
        const key = events[pending[n] as number]?.key;
        const row: TransactionAction = ['create', toRow(record)];
        return key === undefined ? [row] : [row, ['create', markerRow(chain, key, record.seq, attempt)]];
      });
      const moved = { partitionKey: chain, rowKey: HEAD, seq: last.seq, hash: last.hash };
      actions.push(head ? ['update', moved, 'Replace', { etag: head.etag }] : ['create', moved]);
      const written = () => pending.forEach((i, n) => outcomes.set(i, appended(records[n] as AuditRecord)));
      try {
        const response = await this.table.submitTransaction(actions);
        this.remember(chain, last, response.subResponses.at(-1)?.etag);
        written();
        pending = [];
      } catch (error) {
        this.heads.delete(chain);
        if (isConflict(error)) {
          // A transaction the client retried after it had gone through meets its own records.
          if ((await this.catchUp(chain, head))?.hash === last.hash) {
            written();
            await this.creditOtherWriters(chain, events, pending, attempt, outcomes);
            pending = [];
            continue;
          }
          pending = await this.withoutRecorded(chain, events, pending, outcomes);
          continue;
        }
        if (pending.length > 1 && isRefusedGroup(error)) {
          await this.oneByOne(chain, events, pending, outcomes);
          pending = [];
          continue;
        }
        rethrowStorageError(error, 'audit record');
      }
    }
    if (pending.length > 0) throw new ConflictError('audit chain (too many concurrent appends)');
    return events.map((_, i) => shared(outcomes.get(first[i] as number), i === first[i]));
  }

  /**
   * After a conflict: the pending events whose key is recorded already (by an earlier attempt, or
   * another instance just now) get the stored record; answers the events still to be written.
   */
  private async withoutRecorded(
    chain: string,
    events: AuditEvent[],
    pending: number[],
    outcomes: Map<number, Outcome<Recorded>>,
  ): Promise<number[]> {
    const keyed = pending.filter((i) => events[i]?.key !== undefined);
    const found = await Promise.all(keyed.map((i) => this.recorded(chain, events[i]?.key as string)));
    keyed.forEach((i, n) => {
      const record = found[n];
      if (record) outcomes.set(i, { ok: true, value: { record, appended: false } });
    });
    return pending.filter((i) => !outcomes.has(i));
  }

  /**
   * After finding the chain ends with records identical to this group's (same content, same
   * instant): a keyed event whose marker another transaction wrote was appended by that writer.
   */
  private async creditOtherWriters(
    chain: string,
    events: AuditEvent[],
    pending: number[],
    attempt: string,
    outcomes: Map<number, Outcome<Recorded>>,
  ): Promise<void> {
    const keyed = pending.filter((i) => events[i]?.key !== undefined);
    const markers = await Promise.all(keyed.map((i) => this.marker(chain, events[i]?.key as string)));
    keyed.forEach((i, n) => {
      const outcome = outcomes.get(i);
      if (outcome?.ok && markers[n]?.attempt !== attempt)
        outcomes.set(i, { ok: true, value: { record: outcome.value.record, appended: false } });
    });
  }

  /** Each event in a transaction of its own, each with its own outcome. */
  private async oneByOne(
    chain: string,
    events: AuditEvent[],
    pending: number[],
    outcomes: Map<number, Outcome<Recorded>>,
  ): Promise<void> {
    for (const i of pending) {
      try {
        const [outcome] = await this.commit(chain, [events[i] as AuditEvent]);
        outcomes.set(i, outcome as Outcome<Recorded>);
      } catch (error) {
        outcomes.set(i, { ok: false, error });
      }
    }
  }

  /**
   * The record stored for a key, or undefined when the key is not recorded. A marker whose record
   * is gone (only tampering does that) is an error, not a reason to record the event again.
   */
  private async recorded(chain: string, key: string): Promise<AuditRecord | undefined> {
    const marker = await this.marker(chain, key);
    if (!marker) return undefined;
    try {
      return toRecord(chain, await this.table.getEntity<RecordRow>(chain, recordKey(Number(marker.seq))));
    } catch (error) {
      rethrowStorageError(error, 'audit record');
    }
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

  private async marker(chain: string, key: string): Promise<MarkerRow | undefined> {
    try {
      return await this.table.getEntity<MarkerRow>(chain, markerKey(key));
    } catch (error) {
      if (isNotFound(error)) return undefined;
      rethrowStorageError(error, 'audit marker');
    }
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

const appended = (record: AuditRecord): Outcome<Recorded> => ({ ok: true, value: { record, appended: true } });

/** Per event, the index of the first event of the group with the same key (its own index when unkeyed). */
function firstOfEachKey(events: readonly AuditEvent[]): number[] {
  const seen = new Map<string, number>();
  return events.map((event, i) => {
    if (event.key === undefined) return i;
    const earlier = seen.get(event.key);
    if (earlier !== undefined) return earlier;
    seen.set(event.key, i);
    return i;
  });
}

/** An event's outcome from the event that was written for its key: the later ones appended nothing. */
function shared(outcome: Outcome<Recorded> | undefined, own: boolean): Outcome<Recorded> {
  if (!outcome) return { ok: false, error: new Error('audit append gave no outcome') };
  if (own || !outcome.ok) return outcome;
  return { ok: true, value: { record: outcome.value.record, appended: false } };
}
