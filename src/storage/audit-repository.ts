import type { TableClient, TableEntityResult } from '@azure/data-tables';
import type { Clock } from '../clock';
import type { AuditChain, AuditLog } from '../features/audit/audit-log';
import { nextRecord, verifyChain, type AuditEvent, type AuditRecord, type ChainBreak } from '../features/audit/chain';
import { ConflictError } from '../errors';
import { isConflict, isNotFound, rethrowStorageError } from './errors';

const HEAD = 'head';
const recordKey = (seq: number): string => `r${String(seq).padStart(10, '0')}`;

interface HeadRow {
  seq: number;
  hash: string;
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

/**
 * The audit log in Table Storage: one partition per chain, records at `r<seq>` (zero-padded, so
 * storage order is chain order) and a `head` row naming the last sequence number and hash.
 *
 * @remarks Append-only: a record is created with `createEntity` at the next sequence number, so
 * two instances appending at once cannot both write number n (one gets 409 and retries on top of
 * the other); the head then moves with an eTag-conditional update. A head left behind by a crash
 * between the two writes is repaired by the next append. Records are never updated or deleted.
 */
export class TableAuditLog implements AuditLog {
  constructor(
    private readonly table: TableClient,
    private readonly clock: Clock,
  ) {}

  async append(chain: AuditChain, event: AuditEvent): Promise<AuditRecord> {
    for (let attempt = 0; attempt < 20; attempt++) {
      const head = await this.head(chain);
      const record = nextRecord(chain, head, event, this.clock.now());
      try {
        await this.table.createEntity({
          partitionKey: chain,
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
      } catch (error) {
        if (!isConflict(error)) rethrowStorageError(error, 'audit record');
        await this.repairHead(chain, head);
        continue;
      }
      await this.moveHead(chain, head, record);
      return record;
    }
    throw new ConflictError('audit chain (too many concurrent appends)');
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

  private async head(chain: string): Promise<(HeadRow & { etag: string }) | undefined> {
    try {
      const row: TableEntityResult<HeadRow> = await this.table.getEntity<HeadRow>(chain, HEAD);
      return { seq: Number(row.seq), hash: row.hash, etag: row.etag };
    } catch (error) {
      if (isNotFound(error)) return undefined;
      rethrowStorageError(error, 'audit head');
    }
  }

  /** Moves the head from `from` to `to`; a conflict means another instance moved it already. */
  private async moveHead(
    chain: string,
    from: (HeadRow & { etag: string }) | undefined,
    to: { seq: number; hash: string },
  ): Promise<void> {
    const entity = { partitionKey: chain, rowKey: HEAD, seq: to.seq, hash: to.hash };
    try {
      if (from) await this.table.updateEntity(entity, 'Replace', { etag: from.etag });
      else await this.table.createEntity(entity);
    } catch (error) {
      if (!isConflict(error)) rethrowStorageError(error, 'audit head');
    }
  }

  /** The record after the head exists (written by a crashed or faster appender): point the head at it. */
  private async repairHead(chain: string, head: (HeadRow & { etag: string }) | undefined): Promise<void> {
    const seq = (head?.seq ?? 0) + 1;
    try {
      const row = await this.table.getEntity<RecordRow>(chain, recordKey(seq));
      await this.moveHead(chain, head, { seq, hash: row.hash });
    } catch (error) {
      if (!isNotFound(error)) rethrowStorageError(error, 'audit head');
    }
  }
}
