import type { TableClient } from '@azure/data-tables';
import { toListItem } from '../../features/systems/list-item';
import type { SystemRecord } from '../../features/systems/model';
import { isConflict, isNotFound } from '../errors';
import { placesOf } from '../system-lists';
import type { Migration } from './runner';

/** Systems moved at once. */
const AT_ONCE = 16;

/** Partition ranges of the first layout: `category_<c>` and `owner_<id>`, rows keyed by system id. */
const firstLayout = [
  "PartitionKey ge 'category_' and PartitionKey lt 'category`'",
  "PartitionKey ge 'owner_' and PartitionKey lt 'owner`'",
];

/**
 * Moves the register's list rows from the first layout (hints holding only an id, keyed by id, in
 * `category_<c>` and `owner_<id>`) to the current one ({@link SystemLists}).
 *
 * @remarks A page of a list ordered by name cannot know where a row keyed by id would fall, so every
 * old row is moved before the first page: its system's record is read and the system's current rows
 * are created where no row stands yet (so a writer of the current code wins), as PENDING, so the
 * first reader checks each against the record. Then the old rows are removed (with their eTags). A
 * hint without a record was left by a crash of the first code (it wrote hints first): removed. Rows
 * of `due` kept their keys; an old one there (no item) is marked pending, so its first reader checks
 * it against the record and writes its item. Also removes the marker row the earlier on-read pass left (`layout`/`lists-v2`). Idempotent.
 */
export function systemListLayout(
  index: TableClient,
  readSystem: (id: string) => Promise<SystemRecord | undefined>,
): Migration {
  return {
    id: '0002-system-list-layout',
    async run() {
      const old: { partitionKey: string; rowKey: string; etag: string; id: string }[] = [];
      for (const filter of firstLayout)
        for await (const row of index.listEntities<{ id: string }>({ queryOptions: { filter } }))
          old.push({
            partitionKey: row.partitionKey as string,
            rowKey: row.rowKey as string,
            etag: row.etag,
            id: String(row.id),
          });
      const ids = [...new Set(old.map((row) => row.id))];
      for (let i = 0; i < ids.length; i += AT_ONCE)
        await Promise.all(
          ids.slice(i, i + AT_ONCE).map(async (id) => {
            const system = await readSystem(id);
            if (!system) return;
            await Promise.all(
              placesOf(toListItem(system)).map((place) =>
                index
                  .createEntity({ ...place, id: system.id, version: system.version, pending: true })
                  .catch((error: unknown) => {
                    if (!isConflict(error)) throw error;
                  }),
              ),
            );
          }),
        );
      for (let i = 0; i < old.length; i += AT_ONCE)
        await Promise.all(
          old.slice(i, i + AT_ONCE).map((row) => remove(index, row.partitionKey, row.rowKey, row.etag)),
        );
      for await (const row of index.listEntities<{ item?: string; pending?: boolean }>({
        queryOptions: { filter: "PartitionKey eq 'due'" },
      }))
        if (row.item === undefined && !row.pending)
          await index
            .updateEntity({ partitionKey: 'due', rowKey: row.rowKey as string, pending: true }, 'Merge', {
              etag: row.etag,
            })
            .catch((error: unknown) => {
              if (!isConflict(error) && !isNotFound(error)) throw error;
            });
      await remove(index, 'layout', 'lists-v2');
    },
  };
}

const remove = (index: TableClient, partitionKey: string, rowKey: string, etag?: string): Promise<void> =>
  index
    .deleteEntity(partitionKey, rowKey, etag ? { etag } : undefined)
    .then(() => undefined)
    .catch((error: unknown) => {
      if (!isConflict(error) && !isNotFound(error)) throw error;
    });
