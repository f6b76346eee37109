/**
 * Seeds an in-memory Azurite through the public Table API only: the bot's tables created by its own
 * code (`createTables(…).ensureAll()`), then every partition's rows as `create` transactions of up
 * to 100 entities (`TRANSACTION_LIMIT`), several transactions in flight. Nothing here knows how
 * Azurite stores an entity, so an Azurite upgrade changes the seed's speed, never its content.
 *
 * The cost: Azurite checks every insert with `findOne({PartitionKey, RowKey})`, which narrows by its
 * PartitionKey index and then scans the partition, so a partition of n rows costs about n²/2 row
 * visits to fill; B2's largest partitions (`reporters`, one per year in `Incidents`) hold tens of
 * thousands of rows at 50k incidents. The rate is measured and reported (see the B2 README section).
 */
import type { TransactionAction } from '@azure/data-tables';
import { loadConfig } from '../../src/config';
import { createTables, type Tables } from '../../src/storage/tables';
import { startAzurite, type BenchAzurite } from './azurite';
import { TRANSACTION_LIMIT, type SeedPartition, type SeedRow } from './seed-rows';

/** Transactions in flight at once: Azurite is one thread, more only queue there. */
const IN_FLIGHT = 6;

export interface ApiSeeding {
  /** The Azurite holding the seeded tables, and the bot's tables on it. */
  azurite: BenchAzurite;
  tables: Tables;
  entities: number;
  transactions: number;
  inFlight: number;
  seconds: number;
  /** Stops Azurite (in memory: nothing is left behind). */
  dispose(): Promise<void>;
}

interface Batch {
  table: SeedPartition['table'];
  rows: SeedRow[];
}

/**
 * Stores `partitions` in the tables named with `prefix` on a fresh in-memory Azurite. `progress`
 * is called about every 10 % with the entities stored so far and the seconds since the start.
 */
export async function seedThroughApi(
  partitions: SeedPartition[],
  prefix: string,
  progress?: (stored: number, total: number, seconds: number) => void,
): Promise<ApiSeeding> {
  const azurite = await startAzurite();
  try {
    const tables = createTables(loadConfig({ STORAGE_CONNECTION_STRING: azurite.connectionString }).storage, prefix);
    const started = performance.now();
    await tables.ensureAll();
    const batches: Batch[] = partitions.flatMap((partition) =>
      Array.from({ length: Math.ceil(partition.rows.length / TRANSACTION_LIMIT) }, (_, i) => ({
        table: partition.table,
        rows: partition.rows.slice(i * TRANSACTION_LIMIT, (i + 1) * TRANSACTION_LIMIT),
      })),
    );
    const total = batches.reduce((sum, batch) => sum + batch.rows.length, 0);
    const seconds = () => (performance.now() - started) / 1000;
    let next = 0;
    let stored = 0;
    let reported = 0;
    const worker = async () => {
      while (next < batches.length) {
        const batch = batches[next++] as Batch;
        await tables.client(batch.table).submitTransaction(batch.rows.map((row): TransactionAction => ['create', row]));
        stored += batch.rows.length;
        if (progress && stored - reported >= total / 10) {
          reported = stored;
          progress(stored, total, seconds());
        }
      }
    };
    await Promise.all(Array.from({ length: IN_FLIGHT }, worker));
    return {
      azurite,
      tables,
      entities: total,
      transactions: batches.length,
      inFlight: IN_FLIGHT,
      seconds: seconds(),
      dispose: () => azurite.stop(),
    };
  } catch (error) {
    await azurite.stop();
    throw error;
  }
}
