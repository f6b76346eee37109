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

/** The index partition holding the due list's marker row. */
const LAYOUT = 'layout';
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
/** Systems moved at once when the intervals change. */
const AT_ONCE = 16;

interface EarlierRow {
  partitionKey: string;
  rowKey: string;
  etag: string;
  id: string;
}

/**
 * Keeps the due list's rows placed by the configured review intervals (P4: `RISK_ASSESSMENT_MONTHS`),
 * a setting that may change between starts. (Moving rows of the first list layout is a migration:
 * `migrations/system-list-layout.ts`.)
 */
export class SystemListLayout {
  private dueCurrent = false;

  constructor(
    private readonly index: TableClient,
    private readonly readSystem: (id: string) => Promise<SystemRecord | undefined>,
    private readonly reads: ReadCounter,
    private readonly intervals: Partial<RiskAssessmentIntervals> = {},
  ) {}

  /**
   * Places the due list's rows by the configured review intervals, once per change of the setting
   * (P4: `RISK_ASSESSMENT_MONTHS`). The due list is keyed by due time, so a changed interval moves
   * rows: every row whose system is due at another time now is removed (with its eTag) and the
   * system's row at its due time created PENDING, so the first reader checks it against the record
   * (as the first layout's migration does). The marker names the intervals the rows stand by.
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
}
