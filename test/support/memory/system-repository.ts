import { ConflictError } from '../../../src/errors';
import type { RiskAssessmentIntervals } from '../../../src/features/systems/criticality';
import { toListItem, type SystemListItem } from '../../../src/features/systems/list-item';
import { positionIn } from '../../../src/features/systems/list-order';
import { nameKey, type SystemHistoryEntry, type SystemRecord } from '../../../src/features/systems/model';
import type { StoredSystem, SystemRepository } from '../../../src/features/systems/repository';
import { MemoryRows, pageOf } from './rows';

/**
 * The system register in memory, held to the same contract as `TableSystemRepository`
 * (`test/support/contracts/system-repository.ts`): unique names whatever the case and spacing,
 * stale eTags refused, history append-only by version, and each list in the Table's key order.
 */
export class MemorySystemRepository implements SystemRepository {
  private readonly systems = new MemoryRows<SystemRecord>();
  /** Each system's history entries by version, as JSON (append-only: a version is written once). */
  private readonly histories = new Map<string, Map<number, string>>();

  /** `intervals`: months between risk assessments per category, as configured (P4). */
  constructor(private readonly intervals: Partial<RiskAssessmentIntervals> = {}) {}

  async create(system: SystemRecord, entry: SystemHistoryEntry): Promise<SystemRecord> {
    this.claimName(system);
    this.systems.create(system.id, system);
    this.histories.set(system.id, new Map([[entry.version, JSON.stringify(entry)]]));
    return system;
  }

  async get(id: string): Promise<StoredSystem | undefined> {
    const row = this.systems.get(id);
    return row && { system: row.value, etag: row.etag };
  }

  async history(id: string): Promise<SystemHistoryEntry[]> {
    const entries = [...(this.histories.get(id)?.values() ?? [])].map((json) => JSON.parse(json) as SystemHistoryEntry);
    return entries.sort((a, b) => a.version - b.version);
  }

  async update(next: SystemRecord, etag: string, entry: SystemHistoryEntry): Promise<StoredSystem> {
    this.claimName(next);
    const history = this.histories.get(next.id);
    // Keyed by version, as the Table's history rows: a second writer of the same version conflicts.
    if (!history || history.has(entry.version)) throw new ConflictError(`system ${next.id}`);
    const stored = this.systems.replace(next.id, next, etag);
    history.set(entry.version, JSON.stringify(entry));
    return { system: next, etag: stored };
  }

  async findByName(name: string): Promise<SystemRecord | undefined> {
    return this.systems.values().find((system) => nameKey(system.name) === nameKey(name));
  }

  async listRegister(after: string | undefined, limit: number): Promise<SystemListItem[]> {
    return pageOf(this.items(), (item) => positionIn('register', item), after, limit);
  }

  async listOwnedBy(ownerId: string, after: string | undefined, limit: number): Promise<SystemListItem[]> {
    const owned = this.items().filter((item) => item.ownerId === ownerId);
    return pageOf(owned, (item) => positionIn('owned', item), after, limit);
  }

  async listDueBy(at: Date, after: string | undefined, limit: number): Promise<SystemListItem[]> {
    const due = this.items().filter((item) => Date.parse(item.dueAt) <= at.getTime());
    return pageOf(due, (item) => positionIn('due', item), after, limit);
  }

  private items(): SystemListItem[] {
    return this.systems.values().map((system) => toListItem(system, this.intervals));
  }

  /** A name held by another system (same compared name) is a conflict. */
  private claimName(system: SystemRecord): void {
    const holder = this.systems.values().find((other) => nameKey(other.name) === nameKey(system.name));
    if (holder && holder.id !== system.id) throw new ConflictError('system name');
  }
}
