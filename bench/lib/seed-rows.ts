import type { TableName } from '../../src/storage/tables';

export interface SeedKeys {
  partitionKey: string;
  rowKey: string;
}

/** One entity as the seeders build it: the SDK's shape (`partitionKey`, `rowKey`, properties). */
export type SeedRow = SeedKeys & Record<string, unknown>;

/**
 * The rows of one partition of one table, in the order they are written. `kind` names the
 * partition's role (`year`, `open`, `system`, …): partitions of one kind hold rows of the same
 * shapes, so a sample of each kind covers every shape.
 */
export interface SeedPartition {
  table: TableName;
  kind: string;
  partitionKey: string;
  rows: SeedRow[];
}

/** Azure Table Storage takes at most 100 entities of one partition per transaction. */
export const TRANSACTION_LIMIT = 100;

/** Collects rows by table and partition, keeping the order they were added in. */
export class PartitionCollector {
  private readonly partitions = new Map<string, SeedPartition>();

  /** Takes the row builders' own types (interfaces among them, which have no index signature). */
  add<T extends SeedKeys>(table: TableName, kind: string, row: T): void {
    const key = `${table}|${row.partitionKey}`;
    let partition = this.partitions.get(key);
    if (!partition) {
      partition = { table, kind, partitionKey: row.partitionKey, rows: [] };
      this.partitions.set(key, partition);
    }
    partition.rows.push(row as SeedRow);
  }

  all(): SeedPartition[] {
    return [...this.partitions.values()];
  }
}

/** How many entities the partitions hold. */
export const entityCount = (partitions: SeedPartition[]): number =>
  partitions.reduce((sum, partition) => sum + partition.rows.length, 0);
