import { odata, type TableClient, type TransactionAction } from '@azure/data-tables';
import type {
  ImportKind,
  ImportSession,
  ImportSessionRepository,
  StoredImportSession,
} from '../features/transfer/session';
import type { ExpiringRows } from '../platform/housekeeping/sweep-job';
import { isConflict, isNotFound, rethrowStorageError } from './errors';
import { encodeKey } from './keys';
import { fromJsonColumns, jsonColumns } from './json-columns';

const partition = (id: string): string => `i_${id}`;
const META = 'meta';
/** Who said `importér systemer` and has not sent the file yet (row key: the user id, encoded). */
const EXPECTED = 'expected';
/** The table's rows in parts: a 5 MB file does not fit one entity. */
const PART = 'p';
const PART_CHARS = 400_000;

/**
 * Uploaded register files waiting for their import (Table `Imports`): one partition per upload,
 * the rows in parts (`p0000`, …) written first, then the `meta` row (state, mapping, owners) that
 * makes the upload exist. Expired uploads are deleted by the nightly housekeeping.
 */
export class TableImportSessionRepository implements ImportSessionRepository, ExpiringRows {
  constructor(private readonly table: TableClient) {}

  async create(session: ImportSession): Promise<void> {
    const { table, ...meta } = session;
    const json = JSON.stringify(table);
    const actions: TransactionAction[] = [];
    for (let i = 0, start = 0; start < json.length || i === 0; i++, start += PART_CHARS)
      actions.push([
        'upsert',
        {
          partitionKey: partition(session.id),
          rowKey: `${PART}${String(i).padStart(4, '0')}`,
          ...jsonColumns(json.slice(start, start + PART_CHARS)),
        },
      ]);
    try {
      for (let i = 0; i < actions.length; i += 50) await this.table.submitTransaction(actions.slice(i, i + 50));
      await this.table.createEntity({ partitionKey: partition(session.id), rowKey: META, ...jsonColumns(meta) });
    } catch (error) {
      rethrowStorageError(error, 'import');
    }
  }

  async get(id: string): Promise<StoredImportSession | undefined> {
    if (!/^[0-9a-f]{24}$/.test(id)) return undefined;
    try {
      const row = await this.table.getEntity<Record<string, unknown>>(partition(id), META);
      const meta = fromJsonColumns<Omit<ImportSession, 'table'>>(row);
      let json = '';
      const filter = odata`PartitionKey eq ${partition(id)} and RowKey ge ${PART} and RowKey lt ${'q'}`;
      const parts: { rowKey: string; text: string }[] = [];
      for await (const part of this.table.listEntities<Record<string, unknown>>({ queryOptions: { filter } }))
        parts.push({ rowKey: String(part.rowKey), text: fromJsonColumns<string>(part) });
      for (const part of parts.sort((a, b) => (a.rowKey < b.rowKey ? -1 : 1))) json += part.text;
      return { session: { ...meta, table: JSON.parse(json) as ImportSession['table'] }, etag: row.etag };
    } catch (error) {
      if (isNotFound(error)) return undefined;
      rethrowStorageError(error, 'import');
    }
  }

  async update(session: ImportSession, etag: string): Promise<StoredImportSession> {
    const { table: _rows, ...meta } = session;
    try {
      const result = await this.table.updateEntity(
        { partitionKey: partition(session.id), rowKey: META, ...jsonColumns(meta) },
        'Replace',
        { etag },
      );
      return { session, etag: result.etag ?? '' };
    } catch (error) {
      rethrowStorageError(error, 'import');
    }
  }

  async expectFile(userId: string, until: string, kind: ImportKind = 'systems'): Promise<void> {
    try {
      await this.table.upsertEntity({ partitionKey: EXPECTED, rowKey: encodeKey(userId), until, kind }, 'Replace');
    } catch (error) {
      rethrowStorageError(error, 'import');
    }
  }

  async takeExpected(userId: string, now: string, kind: ImportKind = 'systems'): Promise<boolean> {
    try {
      const row = await this.table.getEntity<{ until: string; kind?: string }>(EXPECTED, encodeKey(userId));
      if ((row.kind ?? 'systems') !== kind) return false;
      await this.table.deleteEntity(EXPECTED, encodeKey(userId), { etag: row.etag });
      return row.until >= now;
    } catch (error) {
      if (isNotFound(error) || isConflict(error)) return false;
      rethrowStorageError(error, 'import');
    }
  }

  /** Deletes expired uploads, parts and all (the nightly housekeeping). */
  async sweepExpired(now: Date): Promise<number> {
    let removed = 0;
    try {
      const metas = this.table.listEntities<Record<string, unknown>>({
        queryOptions: { filter: odata`RowKey eq ${META}` },
      });
      for await (const row of metas) {
        const meta = fromJsonColumns<Pick<ImportSession, 'expiresAt'>>(row);
        if (meta.expiresAt >= now.toISOString()) continue;
        const rows = this.table.listEntities({
          queryOptions: { filter: odata`PartitionKey eq ${String(row.partitionKey)}`, select: ['RowKey'] },
        });
        for await (const part of rows) await this.table.deleteEntity(String(row.partitionKey), String(part.rowKey));
        removed++;
      }
    } catch (error) {
      rethrowStorageError(error, 'import sweep');
    }
    return removed;
  }
}
