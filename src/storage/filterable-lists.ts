import { odata, type TableClient, type TableEntityResult } from '@azure/data-tables';
import { isNotFound, rethrowStorageError } from './errors';
import type { ListRowProps } from './incident-rows';
import type { ReadCounter } from './read-counter';

/** The index partition holding one marker row per list whose rows all carry the filtered properties. */
const LAYOUT = 'layout';
/** Rows upgraded at once during a sweep. */
const AT_ONCE = 16;

type SweptRow = TableEntityResult<ListRowProps>;

/**
 * Knows whether every row of an incident list carries the properties a narrowed page filters on
 * in storage (`kind`, `severity`).
 *
 * @remarks Storage cannot select a row by a property it lacks (every comparison with a missing
 * property is false), so a row written before these properties were kept would silently drop out
 * of every filtered page, P1's open list included. So before the first narrowed page of a list, its
 * rows are swept once: every row without the properties is upgraded (`upgrade`, which makes it
 * carry them or marks it pending, and a narrowed page takes every pending row), and only then a
 * marker row is written; later narrowed pages read the marker, once per instance. A row written
 * during the sweep was written by the current code, which writes the properties. This assumes no
 * instance of the earlier code still writes rows (a deployment has ended before the first filter).
 */
export class FilterableLists {
  private readonly known = new Set<string>();

  constructor(
    private readonly index: TableClient,
    private readonly reads: ReadCounter,
    private readonly upgrade: (row: SweptRow) => Promise<void>,
  ) {}

  /** Resolves once every row of the list carries the filtered properties (after a sweep, the first time). */
  async ensure(partitionKey: string): Promise<void> {
    if (this.known.has(partitionKey)) return;
    try {
      if (!(await this.marked(partitionKey))) await this.sweep(partitionKey);
    } catch (error) {
      rethrowStorageError(error, 'incident list layout');
    }
    this.known.add(partitionKey);
  }

  private async marked(partitionKey: string): Promise<boolean> {
    try {
      await this.index.getEntity(LAYOUT, partitionKey);
      this.reads.add(1);
      return true;
    } catch (error) {
      if (isNotFound(error)) return false;
      throw error;
    }
  }

  private async sweep(partitionKey: string): Promise<void> {
    const earlier: SweptRow[] = [];
    const filter = odata`PartitionKey eq ${partitionKey}`;
    for await (const row of this.index.listEntities<ListRowProps>({ queryOptions: { filter } })) {
      this.reads.add(1);
      if (row.kind === undefined) earlier.push(row);
    }
    for (let i = 0; i < earlier.length; i += AT_ONCE)
      await Promise.all(earlier.slice(i, i + AT_ONCE).map((row) => this.upgrade(row)));
    await this.index.upsertEntity({ partitionKey: LAYOUT, rowKey: partitionKey, filterable: true }, 'Replace');
  }
}
