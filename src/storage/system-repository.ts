import type { TableClient } from '@azure/data-tables';
import { ConflictError } from '../errors';
import { riskAssessmentDue } from '../features/systems/due';
import {
  categoryOf,
  nameKey,
  type CategoryOrUnclassified,
  type SystemHistoryEntry,
  type SystemRecord,
} from '../features/systems/model';
import type { StoredSystem, SystemRepository } from '../features/systems/repository';
import { isConflict, isNotFound, rethrowStorageError } from './errors';
import { encodeKey, odataString } from './keys';
import type { ReadCounter } from './read-counter';

const systemPartition = (id: string): string => `s_${id}`;
const RECORD = 'record';
const historyKey = (version: number): string => `h${String(version).padStart(6, '0')}`;
const categoryPartition = (category: CategoryOrUnclassified): string => `category_${category}`;
const ownerPartition = (ownerId: string): string => `owner_${ownerId}`;
const DUE = 'due';
const NAMES = 'names';
const dueKey = (system: SystemRecord, id: string): string => `${riskAssessmentDue(system).dueAt.toISOString()}~${id}`;

interface Hint {
  partitionKey: string;
  rowKey: string;
  id: string;
}

/**
 * The system register in Table Storage.
 *
 * @remarks Layout. Table `Systems`, one partition per system: the record and its append-only
 * history rows, written in one transaction. Table `SystemIndex` holds the lists —
 * `category_<c>`, `owner_<id>`, `due` (row key: due time, so "due by now" is one range query) and
 * `names` (unique names, also the incident card's lookup). Index rows are written before the record
 * and checked against it on read: a crash leaves at most a stale hint that readers skip and delete.
 */
export class TableSystemRepository implements SystemRepository {
  constructor(
    private readonly systems: TableClient,
    private readonly index: TableClient,
    private readonly reads: ReadCounter = { add: () => undefined },
  ) {}

  async create(system: SystemRecord, entry: SystemHistoryEntry): Promise<SystemRecord> {
    await this.claimName(system);
    await this.writeHints(system);
    const partitionKey = systemPartition(system.id);
    try {
      await this.systems.submitTransaction([
        ['create', { partitionKey, rowKey: RECORD, json: JSON.stringify(system) }],
        ['create', { partitionKey, rowKey: historyKey(entry.version), json: JSON.stringify(entry) }],
      ]);
      return system;
    } catch (error) {
      rethrowStorageError(error, `system ${system.id}`);
    }
  }

  async get(id: string): Promise<StoredSystem | undefined> {
    try {
      const row = await this.systems.getEntity<{ json: string }>(systemPartition(id), RECORD);
      this.reads.add(1);
      return { system: JSON.parse(row.json) as SystemRecord, etag: row.etag };
    } catch (error) {
      if (isNotFound(error)) return undefined;
      rethrowStorageError(error, 'system');
    }
  }

  async history(id: string): Promise<SystemHistoryEntry[]> {
    const filter = `PartitionKey eq ${odataString(systemPartition(id))} and RowKey gt 'h' and RowKey lt 'i'`;
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
    if (nameKey(next.name) !== nameKey(previous.name)) await this.claimName(next);
    await this.writeHints(next);
    const partitionKey = systemPartition(next.id);
    try {
      const [result] = (
        await this.systems.submitTransaction([
          ['update', { partitionKey, rowKey: RECORD, json: JSON.stringify(next) }, 'Replace', { etag }],
          // Keyed by version: a second writer of the same version conflicts even where If-Match is ignored.
          ['create', { partitionKey, rowKey: historyKey(entry.version), json: JSON.stringify(entry) }],
        ])
      ).subResponses;
      await this.dropStaleHints(next, previous);
      return { system: next, etag: result?.etag ?? '' };
    } catch (error) {
      rethrowStorageError(error, `system ${next.id}`);
    }
  }

  async findByName(name: string): Promise<SystemRecord | undefined> {
    const rowKey = encodeKey(nameKey(name));
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

  listByCategory(category: CategoryOrUnclassified, limit: number): Promise<SystemRecord[]> {
    return this.list(
      `PartitionKey eq ${odataString(categoryPartition(category))}`,
      limit,
      (system) => categoryOf(system) === category,
    );
  }

  listByOwner(ownerId: string, limit: number): Promise<SystemRecord[]> {
    return this.list(
      `PartitionKey eq ${odataString(ownerPartition(ownerId))}`,
      limit,
      (system) => system.ownerId === ownerId,
    );
  }

  listDueBy(at: Date, limit: number): Promise<SystemRecord[]> {
    // '~' sorts after every ISO character: all due times up to and including `at`.
    return this.list(
      `PartitionKey eq '${DUE}' and RowKey lt ${odataString(`${at.toISOString()}~~`)}`,
      limit,
      (system, hint) => dueKey(system, system.id) === hint.rowKey,
    );
  }

  /** Reserves the system's name; a name held by another existing system is a conflict. */
  private async claimName(system: SystemRecord): Promise<void> {
    const rowKey = encodeKey(nameKey(system.name));
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

  /** Writes the list rows the system belongs in before the record itself (idempotent upserts). */
  private async writeHints(system: SystemRecord): Promise<void> {
    const rows = [
      { partitionKey: categoryPartition(categoryOf(system)), rowKey: system.id },
      { partitionKey: ownerPartition(system.ownerId), rowKey: system.id },
      { partitionKey: DUE, rowKey: dueKey(system, system.id) },
    ];
    try {
      await Promise.all(rows.map((row) => this.index.upsertEntity({ ...row, id: system.id }, 'Replace')));
    } catch (error) {
      rethrowStorageError(error, `system ${system.id} index`);
    }
  }

  /** Removes the list rows a change moved the system out of (a left-over one is skipped and deleted on read). */
  private async dropStaleHints(next: SystemRecord, previous: SystemRecord): Promise<void> {
    if (categoryOf(next) !== categoryOf(previous))
      await this.dropHint(categoryPartition(categoryOf(previous)), previous.id);
    if (next.ownerId !== previous.ownerId) await this.dropHint(ownerPartition(previous.ownerId), previous.id);
    if (dueKey(next, next.id) !== dueKey(previous, previous.id))
      await this.dropHint(DUE, dueKey(previous, previous.id));
    if (nameKey(next.name) !== nameKey(previous.name)) await this.dropHint(NAMES, encodeKey(nameKey(previous.name)));
  }

  private async dropHint(partitionKey: string, rowKey: string): Promise<void> {
    try {
      await this.index.deleteEntity(partitionKey, rowKey);
    } catch {
      // A stale hint that stays is skipped again on the next read.
    }
  }

  private async list(
    filter: string,
    limit: number,
    valid: (system: SystemRecord, hint: Hint) => boolean,
  ): Promise<SystemRecord[]> {
    const hints: Hint[] = [];
    try {
      const pages = this.index
        .listEntities<{ id: string }>({ queryOptions: { filter } })
        .byPage({ maxPageSize: limit });
      for await (const page of pages) {
        for (const row of page)
          hints.push({ partitionKey: row.partitionKey as string, rowKey: row.rowKey as string, id: String(row.id) });
        if (hints.length >= limit) break;
      }
    } catch (error) {
      rethrowStorageError(error, 'system list');
    }
    this.reads.add(hints.length);
    const found = await Promise.all(
      hints.slice(0, limit).map(async (hint) => ({ hint, system: (await this.get(hint.id))?.system })),
    );
    return found
      .filter(({ hint, system }) => {
        const ok = system !== undefined && valid(system, hint);
        // A hint without a record may belong to a system being created right now: leave it.
        if (!ok && system) void this.dropHint(hint.partitionKey, hint.rowKey);
        return ok;
      })
      .map(({ system }) => system as SystemRecord);
  }
}
