import type { TableClient } from '@azure/data-tables';
import type { AttachTargets } from '../features/evidence/targets';
import { isNotFound, rethrowStorageError } from './errors';

const PARTITION = 'target';

/** A user id as a row key: Entra object ids and the test users' ids; nothing that could break a key. */
const validKey = (userId: string): boolean => /^[A-Za-z0-9:_-]{1,200}$/.test(userId);

/**
 * Each person's pending "Vedhæft bevis" in Table Storage, one row per person. The last choice wins
 * (an upsert): it is a pointer for the person's own next file, not a record anyone else changes.
 * At most one row per person, so an expired one is left until her next choice replaces it.
 */
export class TableAttachTargets implements AttachTargets {
  constructor(private readonly table: TableClient) {}

  async set(userId: string, number: string, expiresAt: string): Promise<void> {
    if (!validKey(userId)) throw new Error('not a user id');
    try {
      await this.table.upsertEntity({ partitionKey: PARTITION, rowKey: userId, number, expiresAt }, 'Replace');
    } catch (error) {
      rethrowStorageError(error, 'evidence target');
    }
  }

  async get(userId: string, now: Date): Promise<string | undefined> {
    if (!validKey(userId)) return undefined;
    try {
      const row = await this.table.getEntity<{ number: string; expiresAt: string }>(PARTITION, userId);
      return row.expiresAt > now.toISOString() ? row.number : undefined;
    } catch (error) {
      if (isNotFound(error)) return undefined;
      rethrowStorageError(error, 'evidence target');
    }
  }

  async clear(userId: string): Promise<void> {
    if (!validKey(userId)) return;
    try {
      await this.table.deleteEntity(PARTITION, userId);
    } catch (error) {
      if (isNotFound(error)) return;
      rethrowStorageError(error, 'evidence target');
    }
  }
}
