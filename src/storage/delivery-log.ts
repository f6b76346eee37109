import { odata, type TableClient } from '@azure/data-tables';
import type { DeliveryLog } from '../platform/delivery-log';
import type { Clock } from '../clock';
import { isConflict, isNotFound, rethrowStorageError } from './errors';
import { deleteExpired } from './sweep';

interface DeliveryRow {
  expiresAt: string;
}

const PREFIX = 'delivery_';

/**
 * Delivered activity ids in the `Idempotency` table: one row per key, partitioned by the key's
 * first two hex digits; an insert that conflicts is a repeat unless the row has expired, in which
 * case it is taken over with its eTag (so two instances cannot both take it). Expired rows are
 * deleted by the nightly housekeeping job.
 */
export class TableDeliveryLog implements DeliveryLog {
  constructor(
    private readonly table: TableClient,
    private readonly clock: Clock,
  ) {}

  async claim(key: string, expiresAt: Date): Promise<boolean> {
    const partitionKey = `${PREFIX}${key.slice(0, 2)}`;
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
      // The expired row was swept between the insert and the read or takeover: insert it afresh.
      if (isNotFound(error)) return this.claim(key, expiresAt);
      rethrowStorageError(error, 'delivery');
    }
  }

  /** Deletes the keys that expired before `now` (the nightly housekeeping job). */
  sweepExpired(now: Date): Promise<number> {
    // Every delivery partition (`delivery_00` … `delivery_ff`; `` ` `` sorts right after `_`).
    const filter = odata`PartitionKey ge '${PREFIX}' and PartitionKey lt 'delivery\`' and expiresAt lt ${now.toISOString()}`;
    return deleteExpired<DeliveryRow>(this.table, filter, (row) => row.expiresAt < now.toISOString(), 'delivery');
  }
}
