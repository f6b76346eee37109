import { odata, type TableClient, type TransactionAction } from '@azure/data-tables';
import { listItemOf } from '../features/risks/level';
import type { RiskHistoryEntry, RiskListItem, RiskRecord } from '../features/risks/model';
import {
  countAfter,
  countsDelta,
  isRegisterCounts,
  listBounds,
  registerEntry,
  reviewKeys,
  sameCounts,
  reviewRows,
  type RegisterCounts,
  type RegisterEntry,
  type ReviewList,
  type ReviewRow,
  type RiskReviewPage,
} from '../features/risks/register-index';
import type { RiskRepository, StoredRisk } from '../features/risks/repository';
import { openRiskMeasures } from '../features/risks/measures-list';
import type { OpenMeasure } from '../features/measures/parent';
import { StorageUnavailableError } from '../errors';
import { isConflict, isNotFound, rethrowStorageError } from './errors';
import { fromJsonColumns } from './json-columns';
import { rangeFilter, readRange } from './list-range';
import type { ReadCounter } from './read-counter';
import {
  AFTER_RISKS,
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
  reviewRow,
  riskPartition,
  systemPartition,
  systemRow,
} from './risk-rows';

/** How often a list row and the counts are tried again when another writer changed the counts first. */
const COUNT_TRIES = 20;

/** A short random wait before trying again, longer each time, so that writers who met do not meet again. */
const backOff = (attempt: number): Promise<void> =>
  new Promise((resolve) => setTimeout(resolve, Math.random() * 10 * Math.min(attempt + 1, 8)));
/** The most entities one transaction may change. */
const BATCH = 100;

/**
 * The risk register in Table Storage (P4, P6).
 *
 * @remarks Layout, table `Risks`: one partition per risk (`r_<id>`) with the record and its
 * append-only history rows, written in one transaction (a change and its history entry are stored
 * together or not at all). The lists are partitions of the same table — `all` (the register, by id)
 * and `sys_<systemId>` (one system's risks) — each row carrying the risk's list item, so a page is
 * read without reading the risks. List rows are upserted after the record, so a retry repairs them;
 * a row of a system the risk no longer concerns is deleted after, and skipped on read meanwhile.
 * The quarterly review's lists are rows of `all` after the ids, ordered by what the review lists
 * them by (`register-index.ts`), so the review reads the first rows of each and no more. A risk's
 * register row, its rows in those lists and the register's counts (`all`/`~heatmap`: the heat map and
 * what the lists count) change in one transaction, under the register row's and the counts' eTags;
 * counts missing or of an earlier layout are rebuilt from the register rows on first read. Open
 * treatment measures are also rows of `measures` (one per measure, deleted once done), read by owners.
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
    const filter = odata`PartitionKey eq ${ALL} and RowKey gt ${after ?? ''} and RowKey lt ${AFTER_RISKS}`;
    return (await this.first<{ json: string }>(filter, limit, 'risks')).map(
      (row) => JSON.parse(row.json) as RegisterEntry,
    );
  }

  async listForSystem(systemId: string): Promise<RiskListItem[]> {
    const rows = await this.query<{ json: string }>(odata`PartitionKey eq ${systemPartition(systemId)}`, 'risks');
    return rows
      .map((row) => JSON.parse(row.json) as RiskListItem & { systemIds?: string[] })
      .filter((item) => item.systemIds?.includes(systemId) ?? true)
      .map(({ systemIds: _ids, ...item }) => item);
  }

  async listAll(): Promise<RegisterEntry[]> {
    const filter = odata`PartitionKey eq ${ALL} and RowKey lt ${AFTER_RISKS}`;
    const rows = await this.query<{ json: string }>(filter, 'risks');
    return rows.map((row) => JSON.parse(row.json) as RegisterEntry);
  }

  async heatMap(): Promise<RegisterCounts> {
    const stored = await this.counts();
    return stored?.counts ?? this.rebuildHeatMap();
  }

  /**
   * The first `limit` rows of each of the review's lists, and the counts: about five pages' reads
   * whatever the register's size. The risks whose levels changed after `since` are counted from the
   * counts' days after its day, and the rows of its own day after it.
   */
  async review(today: string, since: string | undefined, limit: number): Promise<RiskReviewPage> {
    const read = async <T>(list: ReviewList): Promise<T[]> => {
      const filter = rangeFilter({ partitionKey: ALL, ...listBounds(list, today, since) });
      return (await this.first<{ json: string }>(filter, limit, 'risk review')).map((row) => JSON.parse(row.json) as T);
    };
    const sinceDay = since?.slice(0, 10);
    const [counts, high, changed, overdue, expired, measures, changedThatDay] = await Promise.all([
      this.heatMap(),
      read<RegisterEntry>('high'),
      // Changed since the last review held: nothing to compare with before the first.
      since ? read<RegisterEntry>('changed') : Promise.resolve([]),
      read<RegisterEntry>('due'),
      read<RegisterEntry>('accepted'),
      read<OpenMeasure>('measures'),
      since ? this.changedOn(since) : Promise.resolve(0),
    ]);
    const changedCount =
      sinceDay === undefined
        ? Object.values(counts.changed).reduce((a, b) => a + b, 0)
        : countAfter(counts.changed, sinceDay) + changedThatDay;
    return { counts, high, changed, changedCount, overdue, expired, measures };
  }

  /** How many risks' levels changed on the day of `since`, after it (a day's rows: a handful). */
  private async changedOn(since: string): Promise<number> {
    const { from } = listBounds('changed', '', since);
    const to = `${listBounds('changed', '').from}${since.slice(0, 10)}U`;
    const filter = odata`PartitionKey eq ${ALL} and RowKey ge ${from} and RowKey lt ${to}`;
    return (await this.query<object>(filter, 'risk review')).length;
  }

  /**
   * Counts the register afresh. The counts row exists (as "being counted") before the scan, so a risk
   * written during the scan touches it — and the write after the scan, conditional on the row as read
   * before it, fails and scans again instead of storing counts that miss that risk.
   */
  async rebuildHeatMap(): Promise<RegisterCounts> {
    for (let attempt = 0; ; attempt++) {
      const before = (await this.counts()) ?? (await this.startCounting());
      const counts = countsDelta(undefined, await this.listAll());
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
   * The counts row with its eTag (`counts` undefined while the register is being counted, or when they
   * are of an earlier layout), or undefined when there is no row yet.
   */
  private async counts(): Promise<{ counts: RegisterCounts | undefined; etag: string } | undefined> {
    try {
      const row = await this.table.getEntity<Record<string, unknown>>(ALL, COUNTS);
      this.reads.add(1);
      const counts = fromJsonColumns<RegisterCounts | null>(row);
      return { counts: isRegisterCounts(counts) ? counts : undefined, etag: row.etag };
    } catch (error) {
      if (isNotFound(error)) return undefined;
      rethrowStorageError(error, 'risk heat map');
    }
  }

  /**
   * Writes the risk's row of the register, its rows in the review's lists and the counts in one
   * transaction, conditional on the register row and the counts as read: the row as stored says
   * where the risk was listed and counted, so a repeat changes nothing twice, and a writer that lost
   * a race reads again. A write older than the row (a slower writer of an earlier version) is dropped.
   */
  private async indexRegister(risk: RiskRecord): Promise<void> {
    for (let attempt = 0; ; attempt++) {
      const [listed, stored] = await Promise.all([this.listed(risk.id), this.counts()]);
      if (listed && listed.entry.version > risk.version) return;
      if (!stored) {
        // No counts yet: the first read builds them. The row is made first, so that a count begun
        // meanwhile sees this write as a change of its row and counts again.
        await this.startCounting();
        continue;
      }
      const entry = registerEntry(risk, listed?.entry);
      let actions = transition(listed, entry, reviewRows(entry, risk), stored);
      // Up to 50 measures done and as many added in one change is more than one transaction holds:
      // first a state of its own without the old measures' rows, then the change.
      const interim = listed && actions.length > BATCH ? withoutDroppedMeasures(listed.entry, entry) : undefined;
      if (interim) actions = transition(listed, interim, [], stored);
      try {
        await this.table.submitTransaction(actions);
        if (!interim) return;
      } catch (error) {
        if (!isConflict(error) || attempt >= COUNT_TRIES) throw error;
        await backOff(attempt);
      }
    }
  }

  /** The risk's register row as stored now, with its eTag. */
  private async listed(id: string): Promise<{ entry: RegisterEntry; etag: string } | undefined> {
    try {
      const row = await this.table.getEntity<{ json: string }>(ALL, id);
      return { entry: JSON.parse(row.json) as RegisterEntry, etag: row.etag };
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
        this.indexRegister(risk),
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

  /** The first `limit` rows a filter finds, read a page at a time (no more than the page asks for). */
  private async first<T extends object>(filter: string, limit: number, what: string): Promise<T[]> {
    try {
      return await readRange<T, T>(this.table, filter, limit, this.reads, async (row) => row);
    } catch (error) {
      rethrowStorageError(error, what);
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

/**
 * The transaction that moves a risk from its register row as `listed` to `entry`: the row (created,
 * or replaced under its eTag), `rows` of the review's lists written, the rows it no longer has
 * deleted, and the counts moved under their eTag (or, while being counted, touched so the count
 * scans again). A row of an earlier layout had no list rows to delete.
 */
function transition(
  listed: { entry: RegisterEntry; etag: string } | undefined,
  entry: RegisterEntry,
  rows: ReviewRow[],
  stored: { counts: RegisterCounts | undefined; etag: string },
): TransactionAction[] {
  const keys = new Set(reviewKeys(entry).map(({ key }) => key));
  const stale =
    listed?.entry.version === undefined
      ? []
      : reviewKeys(listed.entry)
          .map(({ key }) => key)
          .filter((key) => !keys.has(key));
  const counts = stored.counts && countsDelta(listed?.entry, [entry], stored.counts);
  const moved = !counts || !stored.counts || !sameCounts(counts, stored.counts);
  return [
    listed ? ['update', registerRow(entry), 'Replace', { etag: listed.etag }] : ['create', registerRow(entry)],
    ...rows.map((row): TransactionAction => ['upsert', reviewRow(row), 'Replace']),
    ...stale.map((key): TransactionAction => ['delete', { partitionKey: ALL, rowKey: key }]),
    ...(moved
      ? [['update', counts ? countsRow(counts) : countingRow(), 'Replace', { etag: stored.etag }] as TransactionAction]
      : []),
  ];
}

/** The entry as listed, without the measures `entry` no longer has (their rows go first). */
function withoutDroppedMeasures(listed: RegisterEntry, entry: RegisterEntry): RegisterEntry {
  const kept = new Set((entry.measuresDue ?? []).map((measure) => `${measure.id}_${measure.dueDate}`));
  return {
    ...listed,
    measuresDue: listed.measuresDue?.filter((measure) => kept.has(`${measure.id}_${measure.dueDate}`)),
  };
}
