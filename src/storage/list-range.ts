import { odata, type TableClient, type TableEntityResult } from '@azure/data-tables';
import type { ReadCounter } from './read-counter';

/** Rows of one index partition between keys: from `from` (inclusive) or after `after`, before `to`. */
export interface KeyRange {
  partitionKey: string;
  from?: string;
  after?: string;
  to?: string;
}

/** The OData filter of a range, with any further conditions. */
export function rangeFilter(range: KeyRange, ...more: string[]): string {
  return [
    odata`PartitionKey eq ${range.partitionKey}`,
    range.from ? odata`RowKey ge ${range.from}` : '',
    range.after ? odata`RowKey gt ${range.after}` : '',
    range.to ? odata`RowKey lt ${range.to}` : '',
    ...more,
  ]
    .filter(Boolean)
    .join(' and ');
}

/**
 * Reads a list's rows page by page in key order and turns each into an item (`undefined` drops it),
 * until `limit` items are kept or the rows end; counts every row read.
 *
 * @remarks Each storage page asks for only as many rows as items are still wanted, so a list page
 * reads about what it shows (bench B2); rows a reader drops are made up by the next page.
 */
export async function readRange<Row extends object, Item>(
  index: TableClient,
  filter: string,
  limit: number,
  reads: ReadCounter,
  itemOf: (row: TableEntityResult<Row>) => Promise<Item | undefined>,
): Promise<Item[]> {
  const items: Item[] = [];
  if (limit <= 0) return items;
  let continuationToken: string | undefined;
  do {
    const want = Math.min(1000, limit - items.length);
    const pages = index
      .listEntities<Row>({ queryOptions: { filter } })
      .byPage({ maxPageSize: want, continuationToken });
    const page = (await pages.next()).value as (TableEntityResult<Row>[] & { continuationToken?: string }) | undefined;
    if (!page) break;
    reads.add(page.length);
    continuationToken = page.continuationToken;
    for (const item of await Promise.all(page.map(itemOf))) if (item !== undefined) items.push(item);
  } while (continuationToken && items.length < limit);
  return items;
}
