import type { TableClient } from '@azure/data-tables';
import type { Incident } from '../../features/incidents/model';
import { isConflict, isNotFound } from '../errors';
import { listPlaces, listRow } from '../incident-lists';
import type { Migration } from './runner';

/** Rows moved at once. */
const AT_ONCE = 16;

/**
 * Moves every reporter's list from the first layout — a partition `reporter_<id>` per reporter,
 * rows holding only `year` and `seq` — into the shared `reporters` partition the repository reads.
 *
 * @remarks For each old row the incident is read: its reporter row is created where none stands yet
 * (a row the current code wrote wins), and the old row is removed with its eTag. An old row whose
 * incident does not exist was left by a crash of the first code (it wrote rows before the
 * incident): removed. Idempotent: a second run finds no old rows.
 */
export function incidentReporterLists(
  index: TableClient,
  readIncident: (year: number, seq: number) => Promise<Incident | undefined>,
): Migration {
  return {
    id: '0001-incident-reporter-lists',
    async run() {
      const old: { partitionKey: string; rowKey: string; etag: string; year: number; seq: number }[] = [];
      const filter = "PartitionKey ge 'reporter_' and PartitionKey lt 'reporter`'";
      for await (const row of index.listEntities<{ year: number; seq: number }>({ queryOptions: { filter } }))
        old.push({
          partitionKey: row.partitionKey as string,
          rowKey: row.rowKey as string,
          etag: row.etag,
          year: Number(row.year),
          seq: Number(row.seq),
        });
      for (let i = 0; i < old.length; i += AT_ONCE)
        await Promise.all(
          old.slice(i, i + AT_ONCE).map(async (row) => {
            const incident = await readIncident(row.year, row.seq);
            // A row of the first layout names its reporter's partition: only that reporter's incident moves.
            if (incident && row.partitionKey === `reporter_${incident.reporterId}`) {
              const { reporter } = listPlaces(incident);
              await index
                .createEntity(listRow(reporter.partitionKey, reporter.rowKey, incident, false))
                .catch(ignore(isConflict));
            }
            await index
              .deleteEntity(row.partitionKey, row.rowKey, { etag: row.etag })
              .catch(ignore((error) => isConflict(error) || isNotFound(error)));
          }),
        );
    },
  };
}

const ignore =
  (expected: (error: unknown) => boolean) =>
  (error: unknown): void => {
    if (!expected(error)) throw error;
  };
