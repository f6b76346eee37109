import { randomUUID } from 'node:crypto';
import type { TableClient } from '@azure/data-tables';
import type { Logger } from '../../logger';
import { isConflict, isNotFound, rethrowStorageError } from '../errors';

/**
 * A one-shot change of stored rows to a newer layout. `run` must be idempotent: it may be run again
 * after a crash, or by an instance that took over an expired lease.
 */
export interface Migration {
  /** Stable and ordered: `0001-…`; recorded in the `Migrations` table once done. */
  id: string;
  run(): Promise<void>;
}

/** One migration's record. */
interface MigrationRow {
  state: 'running' | 'done';
  owner: string;
  /** Until when the owner may run it (ms since the epoch, wall clock): another instance takes over after. */
  leaseUntil: number;
  doneAt?: string;
}

const PARTITION = 'migration';

export interface MigrationOptions {
  /** How long an instance may run one migration before another may take it over. */
  leaseMs?: number;
  /** How often an instance waiting for another's migration looks again. */
  pollMs?: number;
  /** Wall-clock milliseconds (leases are compared across instances). */
  now?: () => number;
}

/**
 * Runs the migrations not yet recorded as done, in order, at start (before the server listens).
 *
 * @remarks Each migration is claimed by creating its row (`running`, with a lease); an instance that
 * finds another's claim waits until the row says `done`, or takes over once the lease has expired
 * (an eTag-conditional update, so only one instance does). So with several instances starting at
 * once, each migration runs once, and no instance goes on before every migration is done. A
 * recorded migration is never run again: a second start reads one row per migration.
 */
export async function runMigrations(
  table: TableClient,
  migrations: readonly Migration[],
  logger: Logger,
  options: MigrationOptions = {},
): Promise<void> {
  const leaseMs = options.leaseMs ?? 10 * 60_000;
  const pollMs = options.pollMs ?? 500;
  const now = options.now ?? Date.now;
  const owner = randomUUID();
  const claim = (): MigrationRow => ({ state: 'running', owner, leaseUntil: now() + leaseMs });
  for (const migration of migrations) {
    try {
      for (;;) {
        const row = await read(table, migration.id);
        if (row?.state === 'done') break;
        let claimed = false;
        if (!row) claimed = await create(table, migration.id, claim());
        else if (row.leaseUntil < now()) claimed = await takeOver(table, migration.id, row.etag, claim());
        if (!claimed) {
          await new Promise((resolve) => setTimeout(resolve, pollMs));
          continue;
        }
        logger.info({ migration: migration.id }, 'storage migration running');
        await migration.run();
        const done: MigrationRow = { state: 'done', owner, leaseUntil: 0, doneAt: new Date(now()).toISOString() };
        await table.upsertEntity({ partitionKey: PARTITION, rowKey: migration.id, ...done }, 'Replace');
        logger.info({ migration: migration.id }, 'storage migration done');
        break;
      }
    } catch (error) {
      rethrowStorageError(error, `storage migration ${migration.id}`);
    }
  }
}

async function read(table: TableClient, id: string): Promise<(MigrationRow & { etag: string }) | undefined> {
  try {
    return await table.getEntity<MigrationRow>(PARTITION, id);
  } catch (error) {
    if (isNotFound(error)) return undefined;
    throw error;
  }
}

async function create(table: TableClient, id: string, row: MigrationRow): Promise<boolean> {
  try {
    await table.createEntity({ partitionKey: PARTITION, rowKey: id, ...row });
    return true;
  } catch (error) {
    if (isConflict(error)) return false;
    throw error;
  }
}

async function takeOver(table: TableClient, id: string, etag: string, row: MigrationRow): Promise<boolean> {
  try {
    await table.updateEntity({ partitionKey: PARTITION, rowKey: id, ...row }, 'Replace', { etag });
    return true;
  } catch (error) {
    if (isConflict(error) || isNotFound(error)) return false;
    throw error;
  }
}
