import type { RegisterCounts, RegisterEntry, ReviewRow } from '../features/risks/register-index';
import type { RiskHistoryEntry, RiskListItem, RiskRecord } from '../features/risks/model';
import type { OpenMeasure } from '../features/measures/parent';
import { jsonColumns } from './json-columns';

/**
 * The rows of table `Risks` as `TableRiskRepository` writes them (see its @remarks), shared with the
 * benchmark's seeding so that it stores what the bot would.
 */

export const riskPartition = (id: string): string => `r_${id}`;
export const RECORD = 'record';
export const historyKey = (version: number): string => `h${String(version).padStart(6, '0')}`;
/**
 * The register's list partition: one row per risk, keyed by its id, carrying its entry; after the ids
 * (hex) the review's ordered lists (`~top_`, `~due_`, … see `register-index.ts`) and the counts.
 */
export const ALL = 'all';
/** The first key after the register's rows: the review's lists and the counts follow. */
export const AFTER_RISKS = '~';
/** One system's risks: one row per risk, keyed by its id, carrying its list item. */
export const systemPartition = (systemId: string): string => `sys_${systemId}`;
/**
 * The register's counts (the heat map per cell, and what the review's lists count), in the register's
 * list partition after every risk id: changed in one transaction with the risk's rows, so they never disagree.
 */
export const COUNTS = '~heatmap';
/** Open treatment measures of every risk: one row per measure (`<riskId>_<measureId>`), for owners and the review. */
export const MEASURES = 'measures';

/** The risk's record row. */
export const recordRow = (risk: RiskRecord) => ({
  partitionKey: riskPartition(risk.id),
  rowKey: RECORD,
  ...jsonColumns(risk),
});

/** One history entry's row, keyed by version. */
export const historyRow = (id: string, entry: RiskHistoryEntry) => ({
  partitionKey: riskPartition(id),
  rowKey: historyKey(entry.version),
  json: JSON.stringify(entry),
});

/** The risk's row of the register (`all`). */
export const registerRow = (entry: RegisterEntry) => ({
  partitionKey: ALL,
  rowKey: entry.id,
  json: JSON.stringify(entry),
});

/** A risk's row in one of the review's ordered lists (`all`, keyed by the list's order). */
export const reviewRow = (row: ReviewRow) => ({ partitionKey: ALL, rowKey: row.key, json: JSON.stringify(row.value) });

/** The risk's row in one system's list, with every system it concerns (a row of a dropped system is skipped on read). */
export const systemRow = (systemId: string, item: RiskListItem, systemIds: string[]) => ({
  partitionKey: systemPartition(systemId),
  rowKey: item.id,
  json: JSON.stringify({ ...item, systemIds }),
});

/** The heat map's counts row while the register is being counted (no counts yet). */
export const countingRow = () => ({ partitionKey: ALL, rowKey: COUNTS, json: 'null' });

/** The register's counts row (over several columns: a day per next review can outgrow one). */
export const countsRow = (counts: RegisterCounts) => ({
  partitionKey: ALL,
  rowKey: COUNTS,
  ...jsonColumns(counts),
});

/** An open treatment measure's row key: the risk's id and the measure's. */
export const measureKey = (riskId: string, measureId: string): string => `${riskId}_${measureId}`;

/** An open treatment measure's row (deleted once done). */
export const measureRow = (riskId: string, open: OpenMeasure) => ({
  partitionKey: MEASURES,
  rowKey: measureKey(riskId, open.measure.id),
  json: JSON.stringify(open),
});
