import type { TableClient } from '@azure/data-tables';
import { isConflict, isNotFound, rethrowStorageError } from './errors';

/**
 * Deletes every row `filter` selects for which `expired` holds, each conditional on its eTag (a
 * row changed since it was read is left for the next sweep); answers how many it deleted.
 */
export async function deleteExpired<T extends object>(
  table: TableClient,
  filter: string,
  expired: (row: T) => boolean | Promise<boolean>,
  what: string,
): Promise<number> {
  let deleted = 0;
  try {
    for await (const row of table.listEntities<T>({ queryOptions: { filter } })) {
      if (!(await expired(row))) continue;
      try {
        await table.deleteEntity(row.partitionKey as string, row.rowKey as string, { etag: row.etag });
        deleted++;
      } catch (error) {
        if (!isNotFound(error) && !isConflict(error)) throw error;
      }
    }
  } catch (error) {
    rethrowStorageError(error, what);
  }
  return deleted;
}
