import type { TableClient } from '@azure/data-tables';
import type { LiveSender, LiveSenders } from '../bot/send-budget';
import { isNotFound, rethrowStorageError } from './errors';

const LIVE = 'live';
/** Rows of instances that died stay this long after running out, then whoever beats removes them. */
const KEEP_DEAD_MS = 60_000;

interface SenderRow {
  since: string;
  beatAt: string;
  until: string;
}

/**
 * Heartbeats of the instances sending proactive messages, in the `Senders` table: one row
 * `live/<instance id>` each, with when it started sending, when it last beat and until when it counts.
 * One small partition: a beat is an upsert and a query of that partition.
 */
export class TableLiveSenders implements LiveSenders {
  constructor(private readonly table: TableClient) {}

  async beat(self: LiveSender, until: number): Promise<LiveSender[]> {
    const live: LiveSender[] = [];
    try {
      await this.table.upsertEntity(
        {
          partitionKey: LIVE,
          rowKey: self.id,
          since: new Date(self.since).toISOString(),
          beatAt: new Date(self.beatAt).toISOString(),
          until: new Date(until).toISOString(),
        },
        'Replace',
      );
      for await (const row of this.table.listEntities<SenderRow>({
        queryOptions: { filter: `PartitionKey eq '${LIVE}'` },
      })) {
        const runsOut = Date.parse(row.until);
        if (runsOut > self.beatAt) {
          live.push({ id: row.rowKey as string, since: Date.parse(row.since), beatAt: Date.parse(row.beatAt) });
        } else if (runsOut < self.beatAt - KEEP_DEAD_MS) {
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
