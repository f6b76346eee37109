import { odata, type TableClient } from '@azure/data-tables';
import { listItemOf } from '../features/risks/level';
import type { RiskHistoryEntry, RiskListItem, RiskRecord } from '../features/risks/model';
import type { RiskRepository, StoredRisk } from '../features/risks/repository';
import { isNotFound, rethrowStorageError } from './errors';
import { fromJsonColumns, jsonColumns } from './json-columns';
import type { ReadCounter } from './read-counter';

const riskPartition = (id: string): string => `r_${id}`;
const RECORD = 'record';
const historyKey = (version: number): string => `h${String(version).padStart(6, '0')}`;
/** The register's list partition: one row per risk, keyed by its id, carrying its list item. */
const ALL = 'all';
/** One system's risks: one row per risk, keyed by its id, carrying its list item. */
const systemPartition = (systemId: string): string => `sys_${systemId}`;

/**
 * The risk register in Table Storage (P4, P6).
 *
 * @remarks Layout, table `Risks`: one partition per risk (`r_<id>`) with the record and its
 * append-only history rows, written in one transaction (a change and its history entry are stored
 * together or not at all). The lists are partitions of the same table — `all` (the register, by id)
 * and `sys_<systemId>` (one system's risks) — each row carrying the risk's list item, so a page is
 * read without reading the risks. List rows are upserted after the record, so a retry repairs them;
 * a row of a system the risk no longer concerns is deleted after, and skipped on read meanwhile.
 */
export class TableRiskRepository implements RiskRepository {
  constructor(
    private readonly table: TableClient,
    private readonly reads: ReadCounter = { add: () => undefined },
  ) {}

  async create(risk: RiskRecord, entry: RiskHistoryEntry): Promise<void> {
    try {
      await this.table.submitTransaction([
        ['create', this.recordRow(risk)],
        ['create', this.historyRow(risk.id, entry)],
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
          ['update', this.recordRow(next), 'Replace', { etag }],
          // Keyed by version: a second writer of the same version conflicts even where If-Match is ignored.
          ['create', this.historyRow(next.id, entry)],
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
    const filter = odata`PartitionKey eq ${ALL} and RowKey gt ${after ?? ''}`;
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
    const rows = await this.query<{ json: string }>(odata`PartitionKey eq ${ALL}`, 'risks');
    return rows.map((row) => JSON.parse(row.json) as RiskListItem);
  }

  /** Puts the risk's list rows in step with the record; drops the rows of systems it no longer concerns. */
  private async index(risk: RiskRecord, previous: RiskRecord | undefined): Promise<void> {
    const item = listItemOf(risk);
    const row = (partitionKey: string, json: unknown) => ({
      partitionKey,
      rowKey: risk.id,
      json: JSON.stringify(json),
    });
    const dropped = (previous?.systemIds ?? []).filter((id) => !risk.systemIds.includes(id));
    try {
      await Promise.all([
        this.table.upsertEntity(row(ALL, item), 'Replace'),
        ...risk.systemIds.map((id) =>
          this.table.upsertEntity(row(systemPartition(id), { ...item, systemIds: risk.systemIds }), 'Replace'),
        ),
      ]);
      await Promise.all(
        dropped.map((id) => this.table.deleteEntity(systemPartition(id), risk.id).catch(() => undefined)),
      );
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

  private recordRow(risk: RiskRecord) {
    return { partitionKey: riskPartition(risk.id), rowKey: RECORD, ...jsonColumns(risk) };
  }

  private historyRow(id: string, entry: RiskHistoryEntry) {
    return { partitionKey: riskPartition(id), rowKey: historyKey(entry.version), json: JSON.stringify(entry) };
  }
}
