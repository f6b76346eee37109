import { isDpiaOpen, isPending, type Screening } from '../../../src/features/dpia/model';
import type { ScreeningRepository, StoredScreening } from '../../../src/features/dpia/repository';
import { MemoryRows } from './rows';

/** Oldest first, as the Table's `pending`/`dpiaOpen` keys order them. */
const oldestFirst = (a: Screening, b: Screening): number =>
  a.requestedAt === b.requestedAt ? (a.id < b.id ? -1 : 1) : a.requestedAt < b.requestedAt ? -1 : 1;

/**
 * DPIA screenings in memory, held to the same contract as `TableScreeningRepository`
 * (`test/support/contracts/screening-repository.ts`): stale eTags refused, the pending and
 * open-DPIA lists oldest first without retired screenings, a system's screenings newest first
 * (two requested in the same millisecond: by id).
 */
export class MemoryScreeningRepository implements ScreeningRepository {
  private readonly screenings = new MemoryRows<Screening>();
  /** Screenings a newer one replaced: off the pending and open-DPIA lists until written again. */
  private readonly retired = new Set<string>();

  async create(screening: Screening): Promise<void> {
    this.screenings.create(screening.id, screening);
  }

  async get(id: string): Promise<StoredScreening | undefined> {
    const row = this.screenings.get(id);
    return row && { screening: row.value, etag: row.etag };
  }

  async update(next: Screening, etag: string): Promise<StoredScreening> {
    const stored = this.screenings.replace(next.id, next, etag);
    // As the Table store, a write puts the screening back on the lists its state belongs in.
    this.retired.delete(next.id);
    return { screening: next, etag: stored };
  }

  async retire(id: string): Promise<void> {
    if (this.screenings.has(id)) this.retired.add(id);
  }

  async listPending(limit: number): Promise<Screening[]> {
    return this.current(isPending).sort(oldestFirst).slice(0, limit);
  }

  async listDpiaOpen(limit: number): Promise<Screening[]> {
    return this.current(isDpiaOpen).sort(oldestFirst).slice(0, limit);
  }

  async listBySystem(systemId: string, limit: number): Promise<Screening[]> {
    return this.screenings
      .values()
      .filter((screening) => screening.systemId === systemId)
      .sort((a, b) => Date.parse(b.requestedAt) - Date.parse(a.requestedAt) || (a.id < b.id ? -1 : 1))
      .slice(0, limit);
  }

  /** Every screening with its eTag (what the retention run reads). */
  stored(): StoredScreening[] {
    return this.screenings.entries().map(({ value, etag }) => ({ screening: value, etag }));
  }

  private current(listed: (screening: Screening) => boolean): Screening[] {
    return this.screenings.values().filter((screening) => listed(screening) && !this.retired.has(screening.id));
  }
}
