/**
 * Seeds a disk-persisted Azurite by writing its table database file, proven on every run to hold
 * what the Table API would have stored:
 *
 * 1. calibration — a fresh Azurite creates the tables and stores a sample of the rows through the
 *    Table API (the first transaction of the first partitions of every kind, so every row shape),
 *    then saves its file on SIGINT; each sampled row's stored document must equal the one the bench
 *    builds from the same row (`azurite-db.ts`), or seeding fails;
 * 2. the bench inserts the other rows into that file in one bulk (LokiJS, Azurite's own copy);
 * 3. Azurite starts on the file.
 *
 * Why: through the API, each insert scans its whole partition (see `azurite-db.ts`), so 50k
 * incidents never finished seeding.
 */
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { TransactionAction } from '@azure/data-tables';
import { loadConfig } from '../../src/config';
import { createTables, type Tables } from '../../src/storage/tables';
import { startAzurite, type BenchAzurite } from './azurite';
import { bulkInsert, docDifferences, entityCollection, newAzuriteDoc, toAzuriteDoc } from './azurite-db';
import { loadLokiDb, saveLokiDb, tableDbFile, type LokiDb } from './azurite-internals';
import { TRANSACTION_LIMIT, type SeedPartition, type SeedRow } from './seed-rows';

/** Partitions of each kind whose first transaction goes through the Table API. */
const SAMPLED_PER_KIND = 10;
/** Loading a large file takes Azurite a while: it parses it, then saves it once at start. */
const START_TIMEOUT_MS = 300_000;

export interface FileSeeding {
  /** The Azurite serving the seeded file, and the bot's tables on it. */
  azurite: BenchAzurite;
  tables: Tables;
  entities: number;
  /** Rows stored through the Table API and checked against the bench's documents. */
  sampled: number;
  /** Calibration (sample through the API), writing the file, Azurite's start on it. */
  seconds: { calibration: number; file: number; start: number };
  fileMb: number;
  /** Azurite's database file (it saves it again, whole, within 5 s of any write). */
  dbFile: string;
  /** Stops Azurite and deletes its folder. */
  dispose(): Promise<void>;
}

interface Sampled {
  partition: SeedPartition;
  rows: SeedRow[];
}

/** Stores `partitions` in the tables named with `prefix`; see the file's comment. */
export async function seedThroughFile(partitions: SeedPartition[], prefix: string): Promise<FileSeeding> {
  const location = temporaryFolder();
  let azurite: BenchAzurite | undefined;
  try {
    const sample = sampleOf(partitions);
    const calibration = await timed(() => calibrate(location, prefix, sample));
    const file = await timed(() => writeRest(location, calibration.value, partitions, sample));
    const start = await timed(() => startAzurite({ location, readyTimeoutMs: START_TIMEOUT_MS }));
    azurite = start.value;
    const started = azurite;
    return {
      azurite,
      tables: tablesOn(azurite, prefix),
      entities: partitions.reduce((sum, partition) => sum + partition.rows.length, 0),
      sampled: sample.reduce((sum, { rows }) => sum + rows.length, 0),
      seconds: { calibration: calibration.seconds, file: file.seconds, start: start.seconds },
      fileMb: statSync(tableDbFile(location)).size / 2 ** 20,
      dbFile: tableDbFile(location),
      dispose: async () => {
        await started.stop();
        removeFolder(location);
      },
    };
  } catch (error) {
    await azurite?.stop();
    removeFolder(location);
    throw error;
  }
}

/** Folders not yet removed: a bench stopped by a signal or its hard limit exits without `dispose`. */
const folders = new Set<string>();
process.once('exit', () => folders.forEach(removeFolder));

function temporaryFolder(): string {
  const folder = mkdtempSync(path.join(os.tmpdir(), 'bench-b2-'));
  folders.add(folder);
  return folder;
}

function removeFolder(folder: string): void {
  rmSync(folder, { recursive: true, force: true });
  folders.delete(folder);
}

async function timed<T>(run: () => Promise<T>): Promise<{ value: T; seconds: number }> {
  const started = performance.now();
  const value = await run();
  return { value, seconds: (performance.now() - started) / 1000 };
}

const tablesOn = (azurite: BenchAzurite, prefix: string): Tables =>
  createTables(loadConfig({ STORAGE_CONNECTION_STRING: azurite.connectionString }).storage, prefix);

/** The first transaction's rows of the first partitions of every kind. */
function sampleOf(partitions: SeedPartition[]): Sampled[] {
  const taken = new Map<string, number>();
  const sample: Sampled[] = [];
  for (const partition of partitions) {
    const count = taken.get(partition.kind) ?? 0;
    if (count >= SAMPLED_PER_KIND) continue;
    taken.set(partition.kind, count + 1);
    sample.push({ partition, rows: partition.rows.slice(0, TRANSACTION_LIMIT) });
  }
  return sample;
}

/**
 * A fresh disk-persisted Azurite: the bot's tables created by its own code, the sample stored
 * through the Table API, the database saved (SIGINT). Answers the physical table names.
 */
async function calibrate(location: string, prefix: string, sample: Sampled[]): Promise<Map<string, string>> {
  const azurite = await startAzurite({ location });
  try {
    const tables = tablesOn(azurite, prefix);
    await tables.ensureAll();
    let next = 0;
    const worker = async () => {
      while (next < sample.length) {
        const { partition, rows } = sample[next++] as Sampled;
        await tables.client(partition.table).submitTransaction(rows.map((row): TransactionAction => ['create', row]));
      }
    };
    await Promise.all(Array.from({ length: 4 }, worker));
    await azurite.close();
    return new Map(sample.map(({ partition }) => [partition.table, tables.client(partition.table).tableName]));
  } finally {
    await azurite.stop();
  }
}

/**
 * Checks the sample Azurite stored against the bench's documents, then inserts every other row
 * and saves the file.
 */
async function writeRest(
  location: string,
  physical: Map<string, string>,
  partitions: SeedPartition[],
  sample: Sampled[],
): Promise<void> {
  const file = tableDbFile(location);
  if (!statSync(file, { throwIfNoEntry: false })?.size) throw new Error(`Azurite did not save ${file} on SIGINT`);
  const db = await loadLokiDb(file);
  const tableOf = (partition: SeedPartition): string => {
    const name = physical.get(partition.table);
    if (!name) throw new Error(`no row of table ${partition.table} was sampled through the Table API`);
    return name;
  };
  checkSaved(db, sample, tableOf);
  checkSample(db, sample, tableOf);
  const sampledCount = new Map(sample.map(({ partition, rows }) => [partition, rows.length]));
  const byTable = new Map<string, SeedPartition[]>();
  for (const partition of partitions) {
    const table = tableOf(partition);
    byTable.set(table, byTable.get(table) ?? []);
    byTable.get(table)?.push(partition);
  }
  for (const [table, own] of byTable) {
    const collection = entityCollection(db, table);
    const docs = own.flatMap((partition) => partition.rows.slice(sampledCount.get(partition) ?? 0).map(newAzuriteDoc));
    bulkInsert(collection, docs);
    const expected = own.reduce((sum, partition) => sum + partition.rows.length, 0);
    if (collection.count() !== expected)
      throw new Error(`${table} holds ${collection.count()} entities after the bulk insert, not ${expected}`);
  }
  await saveLokiDb(db);
}

/** The file holds every sampled row: Azurite writes it at start too, so that it exists proves nothing. */
function checkSaved(db: LokiDb, sample: Sampled[], tableOf: (partition: SeedPartition) => string): void {
  const expected = new Map<string, number>();
  for (const { partition, rows } of sample)
    expected.set(tableOf(partition), (expected.get(tableOf(partition)) ?? 0) + rows.length);
  for (const [table, count] of expected) {
    const stored = entityCollection(db, table).count();
    if (stored !== count)
      throw new Error(
        `Azurite's saved file holds ${stored} entities of ${table}, not the ${count} sampled: not saved on SIGINT?`,
      );
  }
}

/** Every sampled row as Azurite stored it must equal the document the bench builds from it. */
function checkSample(db: LokiDb, sample: Sampled[], tableOf: (partition: SeedPartition) => string): void {
  // Per field: how many rows differ there, and the first of them.
  const differences = new Map<string, { rows: number; first: string }>();
  const note = (path: string, detail: string, where: string) => {
    const seen = differences.get(path);
    differences.set(path, { rows: (seen?.rows ?? 0) + 1, first: seen?.first ?? `${where}: ${detail}` });
  };
  for (const { partition, rows } of sample) {
    const collection = entityCollection(db, tableOf(partition));
    for (const row of rows) {
      const where = `${partition.table} ${row.partitionKey}/${row.rowKey}`;
      const stored = collection.findOne({ PartitionKey: row.partitionKey, RowKey: row.rowKey });
      if (!stored) note('(the whole entity)', 'not stored', where);
      else
        for (const { path, detail } of docDifferences(stored, toAzuriteDoc(row, stored.lastModifiedTime)))
          note(path, detail, where);
    }
  }
  if (differences.size > 0)
    throw new Error(
      `Azurite's stored entity format differs from the bench's: ${[...differences]
        .map(([path, { rows, first }]) => `${path} in ${rows} rows, first ${first}`)
        .join('; ')}`,
    );
}
