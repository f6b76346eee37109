import type { TableClient, TableEntityResult } from '@azure/data-tables';
import { isConflict, isNotFound } from '../errors';
import { itemRow, parseItem } from '../incident-lists';
import { OPEN, REPORTERS, type ListRowProps } from '../incident-rows';
import type { Migration } from './runner';

/** Rows upgraded at once. */
const AT_ONCE = 16;

/**
 * Gives every incident list row the properties a narrowed page filters on in storage (`kind`,
 * `severity`), which rows written before they were kept lack — storage cannot select a row by a
 * property it lacks, so such a row would silently drop out of every filtered page (P1's open list).
 *
 * @remarks A confirmed row with its item is rewritten from that item; any other (pending, or from
 * before items were kept) is marked pending, so its first reader checks it against the incident and
 * rewrites it (a narrowed page takes every pending row). Each update carries the eTag read: a row
 * written meanwhile was written by the current code, which writes the properties. Idempotent: a
 * second run finds no row without `kind`. Also removes the markers the earlier on-read sweep left.
 */
export function incidentListFilterColumns(index: TableClient): Migration {
  return {
    id: '0003-incident-list-filter-columns',
    async run() {
      const lacking: TableEntityResult<ListRowProps>[] = [];
      for (const partitionKey of [OPEN, REPORTERS])
        for await (const row of index.listEntities<ListRowProps>({
          queryOptions: { filter: `PartitionKey eq '${partitionKey}'` },
        }))
          if (row.kind === undefined) lacking.push(row);
      for (let i = 0; i < lacking.length; i += AT_ONCE)
        await Promise.all(lacking.slice(i, i + AT_ONCE).map((row) => upgrade(index, row)));
      for (const partitionKey of [OPEN, REPORTERS])
        await index.deleteEntity('layout', partitionKey).catch((error: unknown) => {
          if (!isNotFound(error)) throw error;
        });
    },
  };
}

async function upgrade(index: TableClient, row: TableEntityResult<ListRowProps>): Promise<void> {
  const place = { partitionKey: row.partitionKey as string, rowKey: row.rowKey as string };
  const own = row.pending ? undefined : parseItem(row.item);
  try {
    if (own)
      await index.updateEntity(itemRow(place.partitionKey, place.rowKey, own, false), 'Replace', { etag: row.etag });
    else if (!row.pending) await index.updateEntity({ ...place, pending: true }, 'Merge', { etag: row.etag });
  } catch (error) {
    if (!isConflict(error) && !isNotFound(error)) throw error;
  }
}
