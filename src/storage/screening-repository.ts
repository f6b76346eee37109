import { odata, type TableClient } from '@azure/data-tables';
import { isDpiaOpen, isPending, type Screening } from '../features/dpia/model';
import type { ScreeningRepository, StoredScreening } from '../features/dpia/repository';
import { isNotFound, rethrowStorageError } from './errors';
import { fromJsonColumns, jsonColumns } from './json-columns';
import type { ReadCounter } from './read-counter';

const screeningPartition = (id: string): string => `c_${id}`;
const RECORD = 'record';
const PENDING = 'pending';
const DPIA_OPEN = 'dpiaOpen';
const systemPartition = (systemId: string): string => `system_${systemId}`;
/** Oldest first within `pending`/`dpiaOpen`; newest first within a system's list. */
const oldestFirst = (screening: Screening): string => `${screening.requestedAt}~${screening.id}`;
const newestFirst = (screening: Screening): string =>
  `${String(9_999_999_999_999 - new Date(screening.requestedAt).getTime()).padStart(13, '0')}~${screening.id}`;

/**
 * DPIA screenings in Table Storage (P5).
 *
 * @remarks Table `Screenings`: one partition per screening (its record, the JSON over `json`,
 * `json1`, …: ten 500-character notes can be over one property in JSON). Table `ScreeningIndex`:
 * `pending` (sent, not answered — the reminder sweep reads it), `dpiaOpen` (DPIA required, not yet
 * done) and `system_<id>` (a system's screenings). Index rows are written before the record and
 * checked against it on read. A screening replaced by a newer one leaves `pending` and `dpiaOpen`
 * right after the system links the newer one (another table, so not in the same write).
 */
export class TableScreeningRepository implements ScreeningRepository {
  constructor(
    private readonly screenings: TableClient,
    private readonly index: TableClient,
    private readonly reads: ReadCounter = { add: () => undefined },
  ) {}

  async create(screening: Screening): Promise<void> {
    await this.writeHints(screening);
    try {
      await this.screenings.createEntity({
        partitionKey: screeningPartition(screening.id),
        rowKey: RECORD,
        ...jsonColumns(screening),
      });
    } catch (error) {
      rethrowStorageError(error, `screening ${screening.id}`);
    }
  }

  async get(id: string): Promise<StoredScreening | undefined> {
    try {
      const row = await this.screenings.getEntity<Record<string, unknown>>(screeningPartition(id), RECORD);
      this.reads.add(1);
      return { screening: fromJsonColumns<Screening>(row), etag: row.etag };
    } catch (error) {
      if (isNotFound(error)) return undefined;
      rethrowStorageError(error, 'screening');
    }
  }

  async update(next: Screening, etag: string): Promise<StoredScreening> {
    await this.writeHints(next);
    try {
      const result = await this.screenings.updateEntity(
        { partitionKey: screeningPartition(next.id), rowKey: RECORD, ...jsonColumns(next) },
        'Replace',
        { etag },
      );
      if (!isPending(next)) await this.dropHint(PENDING, oldestFirst(next));
      if (!isDpiaOpen(next)) await this.dropHint(DPIA_OPEN, oldestFirst(next));
      return { screening: next, etag: result.etag ?? '' };
    } catch (error) {
      rethrowStorageError(error, `screening ${next.id}`);
    }
  }

  async retire(id: string): Promise<void> {
    let stored: StoredScreening | undefined;
    try {
      stored = await this.get(id);
    } catch {
      return; // The readers skip a replaced screening anyway.
    }
    if (!stored) return;
    await this.dropHint(PENDING, oldestFirst(stored.screening));
    await this.dropHint(DPIA_OPEN, oldestFirst(stored.screening));
  }

  listPending(limit: number): Promise<Screening[]> {
    return this.list(PENDING, limit, isPending);
  }

  listDpiaOpen(limit: number): Promise<Screening[]> {
    return this.list(DPIA_OPEN, limit, isDpiaOpen);
  }

  listBySystem(systemId: string, limit: number): Promise<Screening[]> {
    return this.list(systemPartition(systemId), limit, (screening) => screening.systemId === systemId);
  }

  private async writeHints(screening: Screening): Promise<void> {
    const rows = [{ partitionKey: systemPartition(screening.systemId), rowKey: newestFirst(screening) }];
    if (isPending(screening)) rows.push({ partitionKey: PENDING, rowKey: oldestFirst(screening) });
    if (isDpiaOpen(screening)) rows.push({ partitionKey: DPIA_OPEN, rowKey: oldestFirst(screening) });
    try {
      await Promise.all(rows.map((row) => this.index.upsertEntity({ ...row, id: screening.id }, 'Replace')));
    } catch (error) {
      rethrowStorageError(error, `screening ${screening.id} index`);
    }
  }

  private async dropHint(partitionKey: string, rowKey: string): Promise<void> {
    try {
      await this.index.deleteEntity(partitionKey, rowKey);
    } catch {
      // A stale hint that stays is skipped again on the next read.
    }
  }

  private async list(partitionKey: string, limit: number, valid: (screening: Screening) => boolean) {
    const hints: { rowKey: string; id: string }[] = [];
    try {
      const pages = this.index
        .listEntities<{ id: string }>({ queryOptions: { filter: odata`PartitionKey eq ${partitionKey}` } })
        .byPage({ maxPageSize: limit });
      for await (const page of pages) {
        for (const row of page) hints.push({ rowKey: row.rowKey as string, id: String(row.id) });
        if (hints.length >= limit) break;
      }
    } catch (error) {
      rethrowStorageError(error, 'screening list');
    }
    this.reads.add(hints.length);
    const found = await Promise.all(
      hints.slice(0, limit).map(async (hint) => ({ hint, screening: (await this.get(hint.id))?.screening })),
    );
    return found
      .filter(({ hint, screening }) => {
        const ok = screening !== undefined && valid(screening);
        if (!ok && screening) void this.dropHint(partitionKey, hint.rowKey);
        return ok;
      })
      .map(({ screening }) => screening as Screening);
  }
}
