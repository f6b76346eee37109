/**
 * Checks, through the bot's own repositories and the SDK, that Azurite serves what B2 seeded:
 * a data set that reads back differently would be measured for nothing.
 */
import { isDeepStrictEqual } from 'node:util';
import { systemClock } from '../../src/clock';
import type { Role } from '../../src/features/access/roles';
import { formatNumber } from '../../src/features/incidents/numbering';
import { IncidentService, type IncidentActor } from '../../src/features/incidents/service';
import { TableIncidentRepository } from '../../src/storage/incident-repository';
import { historyKey, incidentKey, OPEN, yearKey } from '../../src/storage/incident-rows';
import { fromJsonColumns } from '../../src/storage/json-columns';
import { ALL, MEASURES } from '../../src/storage/risk-rows';
import { NAMES } from '../../src/storage/system-rows';
import { TableSystemRepository } from '../../src/storage/system-repository';
import type { Tables } from '../../src/storage/tables';
import type { IncidentSet } from './seed-incidents';
import type { RiskSet } from './seed-risks';
import type { SeedPartition } from './seed-rows';
import type { SystemSet } from './seed-systems';

interface Seed<T> {
  set: T;
  partitions: SeedPartition[];
}

const noCount = { add: () => undefined };
const coordinator: IncidentActor = { userId: 'coordinator', name: 'K', roles: new Set<Role>(['coordinator']) };

/** Fails unless sampled incidents, systems and list sizes read back as seeded; answers the checks made. */
export async function checkReadBack(
  tables: Tables,
  incidents: Seed<IncidentSet>,
  systems: Seed<SystemSet>,
  risks?: RiskSet,
): Promise<number> {
  const problems = [
    ...(await checkIncidents(tables, incidents)),
    ...(await checkSystems(tables, systems)),
    ...(await checkCount(tables, 'IncidentIndex', OPEN, incidents.set.open)),
    ...(await checkCount(tables, 'SystemIndex', NAMES, systems.set.systems)),
    // The register's rows, their rows in the review's lists and the counts; the open measures.
    ...(risks ? await checkCount(tables, 'Risks', ALL, risks.registerRows) : []),
    ...(risks ? await checkCount(tables, 'Risks', MEASURES, risks.openMeasures) : []),
  ];
  const failed = problems.filter((problem) => problem !== undefined);
  if (failed.length > 0)
    throw new Error(`the seeded data set does not read back as seeded: ${failed.slice(0, 10).join('; ')}`);
  return problems.length;
}

/** The first, middle and last incident of every year, with their history (undefined = as seeded). */
async function checkIncidents(tables: Tables, { set, partitions }: Seed<IncidentSet>): Promise<(string | undefined)[]> {
  const repo = new TableIncidentRepository(tables.client('Incidents'), tables.client('IncidentIndex'), noCount);
  const service = new IncidentService(repo, systemClock);
  const checks: Promise<string | undefined>[] = [];
  for (const year of set.years) {
    const count = set.perYear.get(year) ?? 0;
    const rows = partitions.find(
      (partition) => partition.table === 'Incidents' && partition.partitionKey === yearKey(year),
    )?.rows;
    for (const seq of new Set([1, Math.ceil(count / 2), count].filter((seq) => seq >= 1)))
      checks.push(
        (async () => {
          const number = formatNumber(year, seq);
          const seeded = rows?.find((row) => row.rowKey === incidentKey(seq));
          const { incident } = await service.get(coordinator, number);
          if (!seeded || !isDeepStrictEqual(incident, fromJsonColumns(seeded))) return `incident ${number} differs`;
          const historyPrefix = historyKey(seq, 0).slice(0, -6);
          const seededHistory = rows?.filter((row) => row.rowKey.startsWith(historyPrefix)).length;
          const history = await repo.history(year, seq);
          return history.length === seededHistory
            ? undefined
            : `incident ${number}: ${history.length} history rows, seeded ${seededHistory}`;
        })(),
      );
  }
  return Promise.all(checks);
}

/** The first, middle and last system's record. */
async function checkSystems(tables: Tables, { partitions }: Seed<SystemSet>): Promise<(string | undefined)[]> {
  const repo = new TableSystemRepository(tables.client('Systems'), tables.client('SystemIndex'), noCount);
  const records = partitions.filter((partition) => partition.kind === 'system');
  const picked = new Set([0, Math.floor(records.length / 2), records.length - 1].filter((i) => i >= 0));
  return Promise.all(
    [...picked].map(async (i) => {
      const record = records[i]?.rows.find((row) => row.rowKey === 'record');
      const seeded = record && fromJsonColumns<{ id: string }>(record);
      const stored = seeded && (await repo.get(seeded.id));
      return stored && isDeepStrictEqual(stored.system, seeded) ? undefined : `system ${seeded?.id ?? i} differs`;
    }),
  );
}

/** A whole partition's row count (only cheap ones: Azurite scans the table for every page). */
async function checkCount(
  tables: Tables,
  table: 'IncidentIndex' | 'SystemIndex' | 'Risks',
  partitionKey: string,
  expected: number,
): Promise<(string | undefined)[]> {
  let count = 0;
  const rows = tables
    .client(table)
    .listEntities({ queryOptions: { filter: `PartitionKey eq '${partitionKey}'`, select: ['RowKey'] } });
  for await (const row of rows) if (row) count++;
  return [count === expected ? undefined : `${table} ${partitionKey}: ${count} rows, seeded ${expected}`];
}
