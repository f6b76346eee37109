import type { TableClient } from '@azure/data-tables';
import {
  criticalityCategories,
  riskAssessmentIntervalMonths,
  type RiskAssessmentIntervals,
} from '../features/systems/criticality';
import { toListItem } from '../features/systems/list-item';
import type { SystemRecord } from '../features/systems/model';
import { isConflict, isNotFound, rethrowStorageError } from './errors';
import type { ReadCounter } from './read-counter';
import { DUE, placesOf } from './system-lists';

/** The marker row that says the lists are in the current layout. */
const LAYOUT = 'layout';
const CURRENT = 'lists-v2';
/** The marker row a pass leaves (the benchmark's seeder writes it too: its rows are in the current layout). */
export const currentLayoutRow = () => ({ partitionKey: LAYOUT, rowKey: CURRENT, at: new Date().toISOString() });
/** The marker row naming the review intervals the due list's rows were placed by (P4: a setting). */
const DUE_INTERVALS = 'due-intervals';
/** The intervals in effect, every category named in order (a default made explicit is the same setting). */
const intervalsKey = (intervals: Partial<RiskAssessmentIntervals>): string => {
  const months = { ...riskAssessmentIntervalMonths, ...intervals };
  return JSON.stringify(criticalityCategories.map((category) => [category, months[category]]));
};
/** The marker row saying the due list stands by these intervals (the benchmark's seeder writes it too). */
export const dueIntervalsRow = (intervals: Partial<RiskAssessmentIntervals> = {}) => ({
  partitionKey: LAYOUT,
  rowKey: DUE_INTERVALS,
  intervals: intervalsKey(intervals),
});
/** Systems moved at once during the pass. */
const AT_ONCE = 16;

/** Partition ranges of the earlier layout: `category_<c>` and `owner_<id>`, rows keyed by system id. */
const earlierRanges = [
  "PartitionKey ge 'category_' and PartitionKey lt 'category`'",
  "PartitionKey ge 'owner_' and PartitionKey lt 'owner`'",
];

interface EarlierRow {
  partitionKey: string;
  rowKey: string;
  etag: string;
  id: string;
}

/**
 * Moves the register's list rows from the earlier layout (hints holding only an id, keyed by id,
 * in `category_<c>` and `owner_<id>`) to the current one ({@link SystemLists}), once.
 *
 * @remarks A one-time pass, not an upgrade on read: a page of a list ordered by name cannot know
 * where a row keyed by id would fall, so every earlier row has to be moved before the first page.
 * Before the first page of the register or an owner's list (once per instance) the marker row is
 * read; without it, every earlier row is visited: its system's record is read and the system's
 * current rows are created where no row stands yet (so a writer of the current code wins), as
 * PENDING, so the first reader checks each against the record — a record read between a writer's
 * transaction and its clean-up cannot leave a wrong row trusted. Then the earlier rows are removed
 * (with their eTags) and the marker written. A hint without a record was left by a crash of the
 * earlier code (it wrote hints first): removed. Rows of `due` kept their keys: an earlier one stays
 * where it is and is upgraded on read, as a row without an item. This assumes no instance of the earlier code still writes
 * (a deployment has ended before the first list is shown).
 */
export class SystemListLayout {
  private current = false;
  private dueCurrent = false;

  constructor(
    private readonly index: TableClient,
    private readonly readSystem: (id: string) => Promise<SystemRecord | undefined>,
    private readonly reads: ReadCounter,
    private readonly intervals: Partial<RiskAssessmentIntervals> = {},
  ) {}

  /** Resolves once the lists are in the current layout (after the pass, the first time). */
  async ensure(): Promise<void> {
    if (this.current) return;
    try {
      if (!(await this.marked())) await this.move();
    } catch (error) {
      rethrowStorageError(error, 'system list layout');
    }
    this.current = true;
  }

  /**
   * Places the due list's rows by the configured review intervals, once per change of the setting
   * (P4: `RISK_ASSESSMENT_MONTHS`). The due list is keyed by due time, so a changed interval moves
   * rows: every row whose system is due at another time now is removed (with its eTag) and the
   * system's row at its due time created PENDING, so the first reader checks it against the record
   * (as the layout pass above does). The marker names the intervals the rows stand by.
   */
  async ensureDueIntervals(): Promise<void> {
    if (this.dueCurrent) return;
    try {
      await this.placeDue();
    } catch (error) {
      rethrowStorageError(error, 'system due list');
    }
    this.dueCurrent = true;
  }

  private async placeDue(): Promise<void> {
    const wanted = intervalsKey(this.intervals);
    let placedBy: string | undefined;
    try {
      const marker = await this.index.getEntity<{ intervals: string }>(LAYOUT, DUE_INTERVALS);
      this.reads.add(1);
      placedBy = marker.intervals;
    } catch (error) {
      if (!isNotFound(error)) throw error;
    }
    if (placedBy !== wanted) {
      await this.replaceDue();
      await this.index.upsertEntity(dueIntervalsRow(this.intervals), 'Replace');
    }
  }

  private async replaceDue(): Promise<void> {
    const rows: EarlierRow[] = [];
    for await (const row of this.index.listEntities<{ id: string }>({
      queryOptions: { filter: `PartitionKey eq '${DUE}'` },
    })) {
      this.reads.add(1);
      rows.push({ partitionKey: DUE, rowKey: row.rowKey as string, etag: row.etag, id: String(row.id) });
    }
    for (let i = 0; i < rows.length; i += AT_ONCE)
      await Promise.all(rows.slice(i, i + AT_ONCE).map((row) => this.replaceDueRow(row)));
  }

  private async replaceDueRow(row: EarlierRow): Promise<void> {
    const system = await this.readSystem(row.id);
    // No record (yet): a change announced and not stored, or left behind; its readers settle it.
    if (!system) return;
    const place = placesOf(toListItem(system, this.intervals)).find((p) => p.partitionKey === DUE);
    if (!place || place.rowKey === row.rowKey) return;
    await this.index
      .createEntity({ ...place, id: system.id, version: system.version, pending: true })
      .catch((error: unknown) => {
        if (!isConflict(error)) throw error;
      });
    await this.index.deleteEntity(row.partitionKey, row.rowKey, { etag: row.etag }).catch((error: unknown) => {
      if (!isConflict(error) && !isNotFound(error)) throw error;
    });
  }

  private async marked(): Promise<boolean> {
    try {
      await this.index.getEntity(LAYOUT, CURRENT);
      this.reads.add(1);
      return true;
    } catch (error) {
      if (isNotFound(error)) return false;
      throw error;
    }
  }

  private async move(): Promise<void> {
    const earlier: EarlierRow[] = [];
    for (const filter of earlierRanges)
      for await (const row of this.index.listEntities<{ id: string }>({ queryOptions: { filter } })) {
        this.reads.add(1);
        earlier.push({
          partitionKey: row.partitionKey as string,
          rowKey: row.rowKey as string,
          etag: row.etag,
          id: String(row.id),
        });
      }
    const ids = [...new Set(earlier.map((row) => row.id))];
    for (let i = 0; i < ids.length; i += AT_ONCE)
      await Promise.all(ids.slice(i, i + AT_ONCE).map((id) => this.moveSystem(id)));
    for (let i = 0; i < earlier.length; i += AT_ONCE)
      await Promise.all(
        earlier.slice(i, i + AT_ONCE).map((row) =>
          this.index.deleteEntity(row.partitionKey, row.rowKey, { etag: row.etag }).catch((error: unknown) => {
            if (!isConflict(error) && !isNotFound(error)) throw error;
          }),
        ),
      );
    await this.index.upsertEntity(currentLayoutRow(), 'Replace');
  }

  private async moveSystem(id: string): Promise<void> {
    const system = await this.readSystem(id);
    if (!system) return;
    await Promise.all(
      placesOf(toListItem(system)).map((place) =>
        this.index
          .createEntity({ ...place, id: system.id, version: system.version, pending: true })
          .catch((error: unknown) => {
            if (!isConflict(error)) throw error;
          }),
      ),
    );
  }
}
