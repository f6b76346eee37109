import { odata, type TableClient } from '@azure/data-tables';
import { ConflictError } from '../errors';
import type { RiskAssessmentIntervals } from '../features/systems/criticality';
import type { SystemListItem } from '../features/systems/list-item';
import { nameKey, type SystemHistoryEntry, type SystemRecord } from '../features/systems/model';
import type { StoredSystem, SystemRepository } from '../features/systems/repository';
import { isConflict, isNotFound, rethrowStorageError } from './errors';
import { fromJsonColumns } from './json-columns';
import type { ReadCounter } from './read-counter';
import { SystemListLayout } from './system-layout';
import { historyRow, NAMES, nameRowKey, RECORD, recordRow, systemPartition } from './system-rows';
import { dueRange, ownedRange, registerRange, SystemLists, type ListRange } from './system-lists';

/**
 * The system register in Table Storage.
 *
 * @remarks Layout. Table `Systems`, one partition per system: the record and its append-only
 * history rows, written in one transaction. Table `SystemIndex` holds `names` (unique names, also
 * the incident card's lookup; claimed before the record, a stale claim is taken over) and the
 * lists ({@link SystemLists}: rows carrying the list item, announced before the record and
 * confirmed after it); the due list follows the configured review intervals ({@link SystemListLayout}).
 */
export class TableSystemRepository implements SystemRepository {
  private readonly lists: SystemLists;
  private readonly layout: SystemListLayout;

  constructor(
    private readonly systems: TableClient,
    private readonly index: TableClient,
    private readonly reads: ReadCounter = { add: () => undefined },
    leftBehindMs?: number,
    /** Months between risk assessments per category (P4): where a system stands in the due list. */
    intervals: Partial<RiskAssessmentIntervals> = {},
  ) {
    const read = async (id: string) => (await this.get(id))?.system;
    this.lists = new SystemLists(index, read, reads, leftBehindMs, intervals);
    this.layout = new SystemListLayout(index, read, reads, intervals);
  }

  async create(system: SystemRecord, entry: SystemHistoryEntry): Promise<SystemRecord> {
    await this.claimName(system);
    const announced = await this.lists.announce(undefined, system);
    try {
      await this.systems.submitTransaction([
        ['create', recordRow(system)],
        ['create', historyRow(system.id, entry)],
      ]);
    } catch (error) {
      if (isConflict(error)) await announced.withdraw();
      rethrowStorageError(error, `system ${system.id}`);
    }
    await announced.confirm();
    return system;
  }

  async get(id: string): Promise<StoredSystem | undefined> {
    try {
      const row = await this.systems.getEntity<Record<string, unknown>>(systemPartition(id), RECORD);
      this.reads.add(1);
      return { system: fromJsonColumns<SystemRecord>(row), etag: row.etag };
    } catch (error) {
      if (isNotFound(error)) return undefined;
      rethrowStorageError(error, 'system');
    }
  }

  async history(id: string): Promise<SystemHistoryEntry[]> {
    const filter = odata`PartitionKey eq ${systemPartition(id)} and RowKey gt 'h' and RowKey lt 'i'`;
    const entries: SystemHistoryEntry[] = [];
    try {
      for await (const row of this.systems.listEntities<{ json: string }>({ queryOptions: { filter } }))
        entries.push(JSON.parse(row.json) as SystemHistoryEntry);
    } catch (error) {
      rethrowStorageError(error, 'system history');
    }
    this.reads.add(entries.length);
    return entries.sort((a, b) => a.version - b.version);
  }

  async update(
    next: SystemRecord,
    etag: string,
    entry: SystemHistoryEntry,
    previous: SystemRecord,
  ): Promise<StoredSystem> {
    const renamed = nameKey(next.name) !== nameKey(previous.name);
    if (renamed) await this.claimName(next);
    const announced = await this.lists.announce(previous, next);
    let stored: StoredSystem;
    try {
      const [result] = (
        await this.systems.submitTransaction([
          ['update', recordRow(next), 'Replace', { etag }],
          // Keyed by version: a second writer of the same version conflicts even where If-Match is ignored.
          ['create', historyRow(next.id, entry)],
        ])
      ).subResponses;
      stored = { system: next, etag: result?.etag ?? '' };
    } catch (error) {
      if (isConflict(error)) await announced.withdraw();
      rethrowStorageError(error, `system ${next.id}`);
    }
    await announced.confirm();
    if (renamed) await this.dropName(previous);
    return stored;
  }

  async findByName(name: string): Promise<SystemRecord | undefined> {
    const rowKey = nameRowKey(name);
    try {
      const row = await this.index.getEntity<{ id: string }>(NAMES, rowKey);
      this.reads.add(1);
      const system = (await this.get(row.id))?.system;
      return system && nameKey(system.name) === nameKey(name) ? system : undefined;
    } catch (error) {
      if (isNotFound(error)) return undefined;
      rethrowStorageError(error, 'system name');
    }
  }

  async listRegister(after: string | undefined, limit: number): Promise<SystemListItem[]> {
    return this.page(registerRange(after), limit);
  }

  async listOwnedBy(ownerId: string, after: string | undefined, limit: number): Promise<SystemListItem[]> {
    return this.page(ownedRange(ownerId, after), limit);
  }

  async listDueBy(at: Date, after: string | undefined, limit: number): Promise<SystemListItem[]> {
    // A changed review interval (P4) moves rows once, before the first page.
    await this.layout.ensureDueIntervals();
    return this.lists.page(dueRange(at, after), limit);
  }

  private page(range: ListRange, limit: number): Promise<SystemListItem[]> {
    return this.lists.page(range, limit);
  }

  /** Reserves the system's name; a name held by another existing system is a conflict. */
  private async claimName(system: SystemRecord): Promise<void> {
    const rowKey = nameRowKey(system.name);
    try {
      await this.index.createEntity({ partitionKey: NAMES, rowKey, id: system.id });
      return;
    } catch (error) {
      if (!isConflict(error)) rethrowStorageError(error, 'system name');
    }
    const row = await this.index.getEntity<{ id: string }>(NAMES, rowKey);
    if (row.id === system.id) return;
    const holder = (await this.get(row.id))?.system;
    if (holder && nameKey(holder.name) === nameKey(system.name)) throw new ConflictError('system name');
    // A stale reservation (renamed, or a crash before the record was written): take it over with its eTag.
    try {
      await this.index.updateEntity({ partitionKey: NAMES, rowKey, id: system.id }, 'Replace', { etag: row.etag });
    } catch (error) {
      rethrowStorageError(error, 'system name');
    }
  }

  /** Frees the name a rename left (a claim left behind is taken over by the next claimant anyway). */
  private async dropName(previous: SystemRecord): Promise<void> {
    try {
      await this.index.deleteEntity(NAMES, nameRowKey(previous.name));
    } catch {
      // A stale claim that stays is taken over by the next system of that name.
    }
  }
}
