import type { TableClient } from '@azure/data-tables';
import type { DeliveryLog } from '../bot/dedup';
import type { Clock } from '../clock';
import { isConflict, rethrowStorageError } from './errors';

interface DeliveryRow {
  expiresAt: string;
}

/**
 * Delivered activity ids in the `Idempotency` table: one row per key, partitioned by the key's
 * first two hex digits; an insert that conflicts is a repeat unless the row has expired, in which
 * case it is taken over with its eTag (so two instances cannot both take it).
 */
export class TableDeliveryLog implements DeliveryLog {
  constructor(
    private readonly table: TableClient,
    private readonly clock: Clock,
  ) {}

  async claim(key: string, expiresAt: Date): Promise<boolean> {
    const partitionKey = `delivery_${key.slice(0, 2)}`;
    const entity = { partitionKey, rowKey: key, expiresAt: expiresAt.toISOString() };
    try {
      await this.table.createEntity(entity);
      return true;
    } catch (error) {
      if (!isConflict(error)) rethrowStorageError(error, 'delivery');
    }
    try {
      const row = await this.table.getEntity<DeliveryRow>(partitionKey, key);
      if (new Date(row.expiresAt) > this.clock.now()) return false;
      await this.table.updateEntity(entity, 'Replace', { etag: row.etag });
      return true;
    } catch (error) {
      if (isConflict(error)) return false;
      rethrowStorageError(error, 'delivery');
    }
  }
}
