import { odata, type TableClient } from '@azure/data-tables';
import {
  inFlight,
  type ClaimedJob,
  type DeliveryStart,
  type Job,
  type JobRepository,
  type UndeliveredRecord,
} from '../platform/scheduler/jobs';
import { isConflict, isNotFound, rethrowStorageError } from './errors';
import { decodeKey, encodeKey } from './keys';

/** The most failed deliveries one review reads (they are sorted by time after reading). */
const UNDELIVERED_READ_LIMIT = 1000;

const PENDING = 'pending';
const DONE = 'done';
const DELIVERY = 'delivery';
const pendingKey = (job: Job): string => `${job.dueAt}~${encodeKey(job.id)}`;

interface PendingRow {
  json: string;
  leaseOwner?: string;
  leaseUntil?: string;
}

interface DeliveryRow {
  /** Set once delivered (or skipped, or gone); absent while only the intent is recorded. */
  outcome?: string;
  /** Who recorded the intent, and when (absent once the outcome replaced the row). */
  owner?: string;
  startedAt?: string;
}

/**
 * Jobs in Table Storage: `pending/<dueAt>~<id>` (so "what is due" is one range query), `done/<id>`
 * with the outcome, and `delivery/<key>` per item: created (with the sending instance) before the
 * send, given its outcome after. A claim or a renewal is an eTag-conditional update that sets a
 * lease; a crashed claimant's lease runs out and another instance takes over.
 */
export class TableJobRepository implements JobRepository {
  constructor(private readonly table: TableClient) {}

  async schedule(job: Job): Promise<void> {
    try {
      await this.table.createEntity({ partitionKey: PENDING, rowKey: pendingKey(job), json: JSON.stringify(job) });
    } catch (error) {
      if (isConflict(error)) return;
      rethrowStorageError(error, 'job');
    }
  }

  async due(now: Date, limit: number): Promise<(Job & { leaseUntil?: string; etag: string })[]> {
    const filter = odata`PartitionKey eq ${PENDING} and RowKey le ${`${now.toISOString()}~~`}`;
    const found: (Job & { leaseUntil?: string; etag: string })[] = [];
    try {
      const pages = this.table.listEntities<PendingRow>({ queryOptions: { filter } }).byPage({ maxPageSize: limit });
      for await (const page of pages) {
        for (const row of page)
          found.push({ ...(JSON.parse(row.json) as Job), leaseUntil: row.leaseUntil, etag: row.etag });
        if (found.length >= limit) break;
      }
    } catch (error) {
      rethrowStorageError(error, 'jobs');
    }
    return found.slice(0, limit);
  }

  async claim(job: Job & { etag: string }, owner: string, leaseUntil: Date): Promise<ClaimedJob | undefined> {
    try {
      const result = await this.table.updateEntity(
        { partitionKey: PENDING, rowKey: pendingKey(job), leaseOwner: owner, leaseUntil: leaseUntil.toISOString() },
        'Merge',
        { etag: job.etag },
      );
      return {
        id: job.id,
        kind: job.kind,
        dueAt: job.dueAt,
        payload: job.payload,
        leaseUntil: leaseUntil.toISOString(),
        claim: result.etag ?? '',
      };
    } catch (error) {
      if (isConflict(error) || isNotFound(error)) return undefined;
      rethrowStorageError(error, 'job claim');
    }
  }

  async renew(job: ClaimedJob, leaseUntil: Date): Promise<ClaimedJob | undefined> {
    try {
      const result = await this.table.updateEntity(
        { partitionKey: PENDING, rowKey: pendingKey(job), leaseUntil: leaseUntil.toISOString() },
        'Merge',
        { etag: job.claim },
      );
      return { ...job, leaseUntil: leaseUntil.toISOString(), claim: result.etag ?? '' };
    } catch (error) {
      if (isConflict(error) || isNotFound(error)) return undefined;
      rethrowStorageError(error, 'job lease');
    }
  }

  async release(job: ClaimedJob, at: Date): Promise<void> {
    try {
      await this.table.updateEntity(
        { partitionKey: PENDING, rowKey: pendingKey(job), leaseUntil: at.toISOString() },
        'Merge',
        { etag: job.claim },
      );
    } catch (error) {
      if (isConflict(error) || isNotFound(error)) return;
      rethrowStorageError(error, 'job lease');
    }
  }

  async complete(job: ClaimedJob, outcome: string, at: Date): Promise<void> {
    try {
      await this.table.upsertEntity(
        { partitionKey: DONE, rowKey: encodeKey(job.id), outcome, completedAt: at.toISOString(), dueAt: job.dueAt },
        'Replace',
      );
      await this.table.deleteEntity(PENDING, pendingKey(job));
    } catch (error) {
      if (isNotFound(error)) return;
      rethrowStorageError(error, 'job completion');
    }
  }

  async isDone(jobId: string): Promise<boolean> {
    return this.exists(DONE, encodeKey(jobId));
  }

  async beginDelivery(key: string, owner: string, at: Date, inFlightMs = 0): Promise<DeliveryStart> {
    const intent = { partitionKey: DELIVERY, rowKey: encodeKey(key), owner, startedAt: at.toISOString() };
    for (let attempt = 1; ; attempt++) {
      try {
        await this.table.createEntity(intent);
        return 'new';
      } catch (error) {
        if (!isConflict(error)) rethrowStorageError(error, 'delivery');
      }
      try {
        const row = await this.table.getEntity<DeliveryRow>(DELIVERY, intent.rowKey);
        if (row.outcome !== undefined) return 'done';
        if (inFlight(row, owner, at, inFlightMs)) return 'busy';
        // An earlier attempt stopped between its intent and its outcome; take the intent over.
        await this.table.updateEntity(intent, 'Replace', { etag: row.etag });
        return 'unconfirmed';
      } catch (error) {
        // Abandoned between the two calls: try the insert again.
        if (!isNotFound(error) || attempt >= 3) rethrowStorageError(error, 'delivery');
      }
    }
  }

  async markDelivered(key: string, at: Date, outcome: string): Promise<void> {
    try {
      await this.table.upsertEntity(
        { partitionKey: DELIVERY, rowKey: encodeKey(key), outcome, at: at.toISOString() },
        'Replace',
      );
    } catch (error) {
      rethrowStorageError(error, 'delivery');
    }
  }

  async abandonDelivery(key: string): Promise<void> {
    try {
      await this.table.deleteEntity(DELIVERY, encodeKey(key));
    } catch (error) {
      if (isNotFound(error)) return;
      rethrowStorageError(error, 'delivery');
    }
  }

  async undeliveredSince(from: Date, limit: number): Promise<UndeliveredRecord[]> {
    // One partition, filtered in storage: only what was not delivered comes back.
    const filter = odata`PartitionKey eq ${DELIVERY} and at ge ${from.toISOString()} and outcome ne 'sent' and outcome ne 'skipped'`;
    const found: UndeliveredRecord[] = [];
    try {
      const rows = this.table.listEntities<{ outcome?: string; at?: string }>({ queryOptions: { filter } });
      for await (const row of rows) {
        if (row.outcome && row.at)
          found.push({ key: decodeKey(row.rowKey as string), outcome: row.outcome, at: row.at });
        // Rows come in key order, not time order: read them all (only failures match), up to a bound.
        if (found.length >= UNDELIVERED_READ_LIMIT) break;
      }
    } catch (error) {
      rethrowStorageError(error, 'deliveries');
    }
    return found.sort((a, b) => a.at.localeCompare(b.at)).slice(0, limit);
  }

  private async exists(partitionKey: string, rowKey: string): Promise<boolean> {
    try {
      await this.table.getEntity(partitionKey, rowKey);
      return true;
    } catch (error) {
      if (isNotFound(error)) return false;
      rethrowStorageError(error, 'job');
    }
  }
}
