import { odata, type TableClient } from '@azure/data-tables';
import { heatMapDelta, listItemOf, type HeatMapCounts } from '../features/risks/level';
import type { RiskHistoryEntry, RiskListItem, RiskRecord } from '../features/risks/model';
import type { RiskRepository, StoredRisk } from '../features/risks/repository';
import { openRiskMeasures } from '../features/risks/measures-list';
import type { OpenMeasure } from '../features/measures/parent';
import { StorageUnavailableError } from '../errors';
import { isConflict, isNotFound, rethrowStorageError } from './errors';
import { fromJsonColumns } from './json-columns';
import type { ReadCounter } from './read-counter';
import {
  ALL,
  COUNTS,
  countingRow,
  countsRow,
  historyRow,
  MEASURES,
  measureKey,
  measureRow,
  RECORD,
  recordRow,
  registerRow,
  riskPartition,
  systemPartition,
  systemRow,
} from './risk-rows';

/** How often a list row and the counts are tried again when another writer changed the counts first. */
const COUNT_TRIES = 8;

/**
 * The risk register in Table Storage (P4, P6).
 *
 * @remarks Layout, table `Risks`: one partition per risk (`r_<id>`) with the record and its
 * append-only history rows, written in one transaction (a change and its history entry are stored
 * together or not at all). The lists are partitions of the same table — `all` (the register, by id)
 * and `sys_<systemId>` (one system's risks) — each row carrying the risk's list item, so a page is
 * read without reading the risks. List rows are upserted after the record, so a retry repairs them;
 * a row of a system the risk no longer concerns is deleted after, and skipped on read meanwhile.
 * The heat map's counts (`all`/`~heatmap`) change in one transaction with the risk's `all` row, under
 * the counts' eTag; missing, they are rebuilt from the `all` rows on first read. Open treatment
 * measures are rows of `measures` (one per measure, deleted once done), read by owners and the review.
 */
export class TableRiskRepository implements RiskRepository {
  constructor(
    private readonly table: TableClient,
    private readonly reads: ReadCounter = { add: () => undefined },
  ) {}

  async create(risk: RiskRecord, entry: RiskHistoryEntry): Promise<void> {
    try {
      await this.table.submitTransaction([
        ['create', recordRow(risk)],
        ['create', historyRow(risk.id, entry)],
      ]);
    } catch (error) {
      rethrowStorageError(error, `risk ${risk.id}`);
    }
    await this.index(risk, undefined);
  }

  async get(id: string): Promise<StoredRisk | undefined> {
    try {
      const row = await this.table.getEntity<Record<string, unknown>>(riskPartition(id), RECORD);
      this.reads.add(1);
      return { risk: fromJsonColumns<RiskRecord>(row), etag: row.etag };
    } catch (error) {
      if (isNotFound(error)) return undefined;
      rethrowStorageError(error, 'risk');
    }
  }

  async update(next: RiskRecord, etag: string, entry: RiskHistoryEntry, previous: RiskRecord): Promise<StoredRisk> {
    let stored: StoredRisk;
    try {
      const [result] = (
        await this.table.submitTransaction([
          ['update', recordRow(next), 'Replace', { etag }],
          // Keyed by version: a second writer of the same version conflicts even where If-Match is ignored.
          ['create', historyRow(next.id, entry)],
        ])
      ).subResponses;
      stored = { risk: next, etag: result?.etag ?? '' };
    } catch (error) {
      rethrowStorageError(error, `risk ${next.id}`);
    }
    await this.index(next, previous);
    return stored;
  }

  async repair(risk: RiskRecord): Promise<void> {
    await this.index(risk, undefined);
  }

  async history(id: string): Promise<RiskHistoryEntry[]> {
    const filter = odata`PartitionKey eq ${riskPartition(id)} and RowKey gt 'h' and RowKey lt 'i'`;
    const entries = await this.query<{ json: string }>(filter, 'risk history');
    return entries.map((row) => JSON.parse(row.json) as RiskHistoryEntry).sort((a, b) => a.version - b.version);
  }

  async list(after: string | undefined, limit: number): Promise<RiskListItem[]> {
    const filter = odata`PartitionKey eq ${ALL} and RowKey gt ${after ?? ''} and RowKey lt ${COUNTS}`;
    const items: RiskListItem[] = [];
    try {
      const pages = this.table
        .listEntities<{ json: string }>({ queryOptions: { filter } })
        .byPage({ maxPageSize: limit });
      for await (const page of pages) {
        for (const row of page) if (items.length < limit) items.push(JSON.parse(row.json) as RiskListItem);
        if (items.length >= limit) break;
      }
    } catch (error) {
      rethrowStorageError(error, 'risks');
    }
    this.reads.add(items.length);
    return items;
  }

  async listForSystem(systemId: string): Promise<RiskListItem[]> {
    const rows = await this.query<{ json: string }>(odata`PartitionKey eq ${systemPartition(systemId)}`, 'risks');
    return rows
      .map((row) => JSON.parse(row.json) as RiskListItem & { systemIds?: string[] })
      .filter((item) => item.systemIds?.includes(systemId) ?? true)
      .map(({ systemIds: _ids, ...item }) => item);
  }

  async listAll(): Promise<RiskListItem[]> {
    const rows = await this.query<{ json: string }>(odata`PartitionKey eq ${ALL} and RowKey lt ${COUNTS}`, 'risks');
    return rows.map((row) => JSON.parse(row.json) as RiskListItem);
  }

  async heatMap(): Promise<HeatMapCounts> {
    const stored = await this.counts();
    return stored?.counts ?? this.rebuildHeatMap();
  }

  /**
   * Counts the register afresh. The counts row exists (as "being counted") before the scan, so a risk
   * written during the scan touches it — and the write after the scan, conditional on the row as read
   * before it, fails and scans again instead of storing counts that miss that risk.
   */
  async rebuildHeatMap(): Promise<HeatMapCounts> {
    for (let attempt = 0; ; attempt++) {
      const before = (await this.counts()) ?? (await this.startCounting());
      const counts = heatMapDelta(undefined, await this.listAll());
      try {
        await this.table.updateEntity(countsRow(counts), 'Replace', { etag: before.etag });
        return counts;
      } catch (error) {
        if (!isConflict(error) || attempt >= COUNT_TRIES) rethrowStorageError(error, 'risk heat map');
      }
    }
  }

  /** Creates the counts row as "being counted" (no counts yet) unless it exists; answers it as stored. */
  private async startCounting(): Promise<{ counts: undefined; etag: string }> {
    try {
      await this.table.createEntity(countingRow());
    } catch (error) {
      if (!isConflict(error)) rethrowStorageError(error, 'risk heat map');
    }
    const stored = await this.counts();
    if (!stored) throw new StorageUnavailableError('risk heat map');
    return { counts: undefined, etag: stored.etag };
  }

  async openMeasures(): Promise<OpenMeasure[]> {
    const rows = await this.query<{ json: string }>(odata`PartitionKey eq ${MEASURES}`, 'risk measures');
    return rows.map((row) => JSON.parse(row.json) as OpenMeasure);
  }

  /**
   * The counts row with its eTag (`counts` undefined while the register is being counted), or
   * undefined when there is no row yet.
   */
  private async counts(): Promise<{ counts: HeatMapCounts | undefined; etag: string } | undefined> {
    try {
      const row = await this.table.getEntity<{ json: string }>(ALL, COUNTS);
      this.reads.add(1);
      return { counts: (JSON.parse(row.json) as HeatMapCounts | null) ?? undefined, etag: row.etag };
    } catch (error) {
      if (isNotFound(error)) return undefined;
      rethrowStorageError(error, 'risk heat map');
    }
  }

  /**
   * Writes the risk's row of the register and moves it between the heat map's cells in one
   * transaction: the row as stored says which cell it was counted in, so a repeat counts nothing twice.
   */
  private async indexRegister(item: RiskListItem): Promise<void> {
    const row = registerRow(item);
    for (let attempt = 0; ; attempt++) {
      const [listed, stored] = await Promise.all([this.listed(item.id), this.counts()]);
      if (!stored) {
        // No counts yet: the first read builds them. The row is made first, so that a count begun
        // meanwhile sees this write as a change of its row and counts again.
        await this.startCounting();
        continue;
      }
      const counts = stored.counts ? heatMapDelta(listed, [item], stored.counts) : undefined;
      if (stored.counts && JSON.stringify(counts) === JSON.stringify(stored.counts)) {
        // The risk stays in its cells.
        await this.table.upsertEntity(row, 'Replace');
        return;
      }
      try {
        await this.table.submitTransaction([
          ['upsert', row, 'Replace'],
          // Moved between cells; or, while being counted, the row touched so the count scans again.
          ['update', counts ? countsRow(counts) : countingRow(), 'Replace', { etag: stored.etag }],
        ]);
        return;
      } catch (error) {
        if (!isConflict(error) || attempt >= COUNT_TRIES) throw error;
      }
    }
  }

  /** The risk's list item as the register row holds it now. */
  private async listed(id: string): Promise<RiskListItem | undefined> {
    try {
      const row = await this.table.getEntity<{ json: string }>(ALL, id);
      return JSON.parse(row.json) as RiskListItem;
    } catch (error) {
      if (isNotFound(error)) return undefined;
      throw error;
    }
  }

  /** Puts the risk's list rows in step with the record; drops the rows of systems it no longer concerns. */
  private async index(risk: RiskRecord, previous: RiskRecord | undefined): Promise<void> {
    const item = listItemOf(risk);
    const dropped = (previous?.systemIds ?? []).filter((id) => !risk.systemIds.includes(id));
    const measures = openRiskMeasures(risk);
    // Measures done by this change (all done ones on a repair, which knows no previous state).
    const done = (risk.measures ?? []).filter(
      (measure) => measure.done && !previous?.measures?.some((before) => before.id === measure.id && before.done),
    );
    try {
      await Promise.all([
        this.indexRegister(item),
        ...risk.systemIds.map((id) => this.table.upsertEntity(systemRow(id, item, risk.systemIds), 'Replace')),
        ...(measures.length > 0
          ? [this.table.submitTransaction(measures.map((open) => ['upsert', measureRow(risk.id, open), 'Replace']))]
          : []),
      ]);
      await Promise.all([
        ...dropped.map((id) => this.table.deleteEntity(systemPartition(id), risk.id).catch(() => undefined)),
        ...done.map((measure) =>
          this.table.deleteEntity(MEASURES, measureKey(risk.id, measure.id)).catch((error: unknown) => {
            if (!isNotFound(error)) throw error;
          }),
        ),
      ]);
    } catch (error) {
      rethrowStorageError(error, 'risk lists');
    }
  }

  private async query<T extends object>(filter: string, what: string): Promise<(T & { etag: string })[]> {
    const rows: (T & { etag: string })[] = [];
    try {
      for await (const row of this.table.listEntities<T>({ queryOptions: { filter } }))
        rows.push(row as T & { etag: string });
    } catch (error) {
      rethrowStorageError(error, what);
    }
    this.reads.add(rows.length);
    return rows;
  }
}
