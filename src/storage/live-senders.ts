import type { TableClient } from '@azure/data-tables';
import type { LiveSender, LiveSenders } from '../platform/live-senders';
import { isNotFound, rethrowStorageError } from './errors';

const LIVE = 'live';
/** Rows of instances that died stay this long after running out, then whoever beats removes them. */
const KEEP_DEAD_MS = 60_000;

interface SenderRow {
  beatAt: string;
  until: string;
}

/**
 * Heartbeats of the instances sending proactive messages, in the `Senders` table: one row
 * `live/<instance id>` each, with when it last beat and until when it counts; the row's Timestamp
 * (set by storage) orders the heartbeats.
 * One small partition: a beat is an upsert and a query of that partition.
 */
export class TableLiveSenders implements LiveSenders {
  constructor(private readonly table: TableClient) {}

  async beat(id: string, beatAt: number, until: number): Promise<LiveSender[]> {
    try {
      await this.table.upsertEntity(
        {
          partitionKey: LIVE,
          rowKey: id,
          beatAt: new Date(beatAt).toISOString(),
          until: new Date(until).toISOString(),
        },
        'Replace',
      );
    } catch (error) {
      rethrowStorageError(error, 'live senders');
    }
    return this.list(beatAt);
  }

  async list(at: number): Promise<LiveSender[]> {
    const live: LiveSender[] = [];
    try {
      const rows = this.table.listEntities<SenderRow>({ queryOptions: { filter: `PartitionKey eq '${LIVE}'` } });
      for await (const row of rows) {
        const runsOut = Date.parse(row.until);
        if (runsOut > at) {
          const writtenAt = Date.parse(row.timestamp ?? '');
          live.push({ id: row.rowKey as string, writtenAt });
        } else if (runsOut < at - KEEP_DEAD_MS) {
          // Only if it did not come back since it was read (eTag).
          await this.table.deleteEntity(LIVE, row.rowKey as string, { etag: row.etag }).catch(() => undefined);
        }
      }
    } catch (error) {
      rethrowStorageError(error, 'live senders');
    }
    return live;
  }

  async leave(id: string): Promise<void> {
    try {
      await this.table.deleteEntity(LIVE, id);
    } catch (error) {
      if (isNotFound(error)) return;
      rethrowStorageError(error, 'live senders');
    }
  }
}
