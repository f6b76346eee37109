import { randomBytes, randomUUID } from 'node:crypto';
import type { TableClient } from '@azure/data-tables';
import { loadConfig } from '../../src/config';
import { toListItem } from '../../src/features/systems/list-item';
import type { SystemRecord } from '../../src/features/systems/model';
import { createLogger } from '../../src/logger';
import { listPlaces } from '../../src/storage/incident-lists';
import { TableIncidentRepository } from '../../src/storage/incident-repository';
import { OPEN, REPORTERS } from '../../src/storage/incident-rows';
import { runMigrations, type Migration } from '../../src/storage/migrations/runner';
import { placesOf } from '../../src/storage/system-lists';
import { recordRow } from '../../src/storage/system-rows';
import { heatMapDelta, listItemOf } from '../../src/features/risks/level';
import type { RiskRecord } from '../../src/features/risks/model';
import { TableRiskRepository } from '../../src/storage/risk-repository';
import { recordRow as riskRecordRow } from '../../src/storage/risk-rows';
import { createTables, type Tables } from '../../src/storage/tables';
import { startBot } from '../../src/start';
import { draft, entry } from '../support/incidents';

const logger = createLogger('silent');
const connectionString = () => process.env.TEST_AZURITE_CONNECTION_STRING as string;

async function freshTables(prefix = `m${randomBytes(4).toString('hex')}`): Promise<Tables> {
  const tables = createTables({ connectionString: connectionString() }, prefix);
  await tables.ensureAll();
  return tables;
}

const rowsOf = async (table: TableClient, partitionKey: string) => {
  const rows: Record<string, unknown>[] = [];
  for await (const row of table.listEntities({ queryOptions: { filter: `PartitionKey eq '${partitionKey}'` } }))
    rows.push(row);
  return rows;
};

/** A migration that counts its runs and takes a moment, so that two starting instances overlap. */
const counting = (id: string, ms = 300) => {
  const runs: number[] = [];
  const migration: Migration = {
    id,
    run: async () => {
      runs.push(Date.now());
      await new Promise((resolve) => setTimeout(resolve, ms));
    },
  };
  return { migration, runs };
};

describe('storage migrations: recorded, once, with several instances (Azurite)', () => {
  it('runs each migration once when two instances start at once, and neither goes on before it is done', async () => {
    const table = (await freshTables()).client('Migrations');
    const first = counting('0001-first');
    const second = counting('0002-second');
    const finished: number[] = [];
    const instance = () =>
      runMigrations(table, [first.migration, second.migration], logger, { pollMs: 50 }).then(() =>
        finished.push(Date.now()),
      );
    await Promise.all([instance(), instance()]);

    expect(first.runs).toHaveLength(1);
    expect(second.runs).toHaveLength(1);
    // Both instances went on only after the second migration had run to its end.
    for (const at of finished) expect(at).toBeGreaterThanOrEqual(second.runs[0]! + 300);
    const rows = await rowsOf(table, 'migration');
    expect(rows.map((row) => [row.rowKey, row.state])).toEqual([
      ['0001-first', 'done'],
      ['0002-second', 'done'],
    ]);
  });

  it('does nothing on a second start: no run, the records unchanged', async () => {
    const table = (await freshTables()).client('Migrations');
    const once = counting('0001-once', 10);
    await runMigrations(table, [once.migration], logger);
    const recorded = await rowsOf(table, 'migration');

    await runMigrations(table, [once.migration], logger);
    expect(once.runs).toHaveLength(1);
    expect(await rowsOf(table, 'migration')).toEqual(recorded);
  });

  it('takes over a migration whose instance died (its lease expired), and waits for one still running', async () => {
    const table = (await freshTables()).client('Migrations');
    await table.createEntity({
      partitionKey: 'migration',
      rowKey: '0001-dead',
      state: 'running',
      owner: 'gone',
      leaseUntil: Date.now() - 1,
    });
    const dead = counting('0001-dead', 10);
    await runMigrations(table, [dead.migration], logger);
    expect(dead.runs).toHaveLength(1);

    await table.createEntity({
      partitionKey: 'migration',
      rowKey: '0002-alive',
      state: 'running',
      owner: 'other',
      leaseUntil: Date.now() + 60_000,
    });
    const alive = counting('0002-alive', 10);
    const waiting = runMigrations(table, [alive.migration], logger, { pollMs: 50 });
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(alive.runs).toHaveLength(0);
    await table.upsertEntity(
      { partitionKey: 'migration', rowKey: '0002-alive', state: 'done', leaseUntil: 0 },
      'Merge',
    );
    await waiting;
    expect(alive.runs).toHaveLength(0);
  });
});

describe('the bot migrates rows of earlier layouts at start (Azurite)', () => {
  const system = (name: string, ownerId: string): SystemRecord => ({
    id: randomBytes(6).toString('hex'),
    version: 1,
    name,
    purpose: 'Sagsbehandling',
    supplier: 'Leverandør A/S',
    ownerId,
    ownerName: 'Lise Holm',
    personalData: false,
    personalDataKinds: [],
    createdAt: '2026-11-01T09:00:00.000Z',
    createdBy: 'Mette Kjær',
  });

  const oldRisk = (): RiskRecord => ({
    id: randomBytes(6).toString('hex'),
    version: 2,
    title: 'Brand i serverrummet',
    scenario: 'Brand uden slukning',
    systemIds: [],
    systemNames: [],
    area: 'premises',
    ownerId: 'owner-1',
    ownerName: 'Mette Kjær',
    createdAt: '2026-10-01T09:00:00.000Z',
    createdBy: 'Mette Kjær',
    assessment: {
      likelihood: 4,
      consequence: { confidentiality: 1, integrity: 1, availability: 4 },
      treatment: 'reduce',
      residualLikelihood: 3,
      residualConsequence: 3,
      nextReview: '2027-01-15',
      assessedAt: '2027-01-10T09:00:00.000Z',
      assessedBy: 'coordinator-1',
      assessedByName: 'Mette Kjær',
    },
    measures: [{ id: 'm1', text: 'Flyt serverne', owner: 'Peter', ownerId: 'p', dueDate: '2027-01-31', done: false }],
  });

  it('moves them before it listens, records each migration, and a second start changes nothing', async () => {
    const prefix = `s${randomBytes(4).toString('hex')}`;
    const tables = await freshTables(prefix);
    const incidentIndex = tables.client('IncidentIndex');
    const systemIndex = tables.client('SystemIndex');
    // Written through the Table API as the earlier code left them.
    const incidents = new TableIncidentRepository(tables.client('Incidents'), incidentIndex);
    const reporter = randomUUID();
    const { incident } = await incidents.create(draft(reporter), 2026, `${reporter}~a`, entry);
    await incidents.settled();
    const places = listPlaces(incident);
    await incidentIndex.deleteEntity(places.reporter.partitionKey, places.reporter.rowKey);
    await incidentIndex.createEntity({
      partitionKey: `reporter_${reporter}`,
      rowKey: 'x',
      year: incident.year,
      seq: incident.seq,
    });
    await incidentIndex.upsertEntity(
      { ...places.open, year: incident.year, seq: incident.seq }, // an open row from before items were kept
      'Replace',
    );
    const owner = randomUUID();
    const aula = system('Aula', owner);
    await tables.client('Systems').createEntity(recordRow(aula));
    await systemIndex.createEntity({ partitionKey: 'category_unclassified', rowKey: aula.id, id: aula.id });
    await systemIndex.createEntity({ partitionKey: `owner_${owner}`, rowKey: aula.id, id: aula.id });
    await systemIndex.createEntity({ partitionKey: 'layout', rowKey: 'lists-v2', at: '2026-01-01T00:00:00.000Z' });
    // A critical risk past its review date, with an open measure, as the first risk register kept it:
    // its record, a register row of the list item alone, and counts of the heat map alone.
    const risksTable = tables.client('Risks');
    const fire = oldRisk();
    await risksTable.createEntity(riskRecordRow(fire));
    await risksTable.createEntity({ partitionKey: 'all', rowKey: fire.id, json: JSON.stringify(listItemOf(fire)) });
    await risksTable.createEntity({
      partitionKey: 'all',
      rowKey: '~heatmap',
      json: JSON.stringify(heatMapDelta(undefined, [listItemOf(fire)])),
    });

    const config = loadConfig({
      NODE_ENV: 'test',
      PORT: '0',
      HOST: '127.0.0.1',
      SCHEDULER_ENABLED: 'false',
      STORAGE_CONNECTION_STRING: connectionString(),
      TABLE_PREFIX: prefix,
    });
    const first = await startBot(config, { logger });
    await first.close();

    expect(await rowsOf(incidentIndex, `reporter_${reporter}`)).toEqual([]);
    expect(await rowsOf(incidentIndex, REPORTERS)).toEqual([
      expect.objectContaining({ rowKey: places.reporter.rowKey, kind: incident.kind, pending: false }),
    ]);
    expect(await rowsOf(incidentIndex, OPEN)).toEqual([
      expect.objectContaining({ rowKey: places.open.rowKey, pending: true }),
    ]);
    for (const partition of ['category_unclassified', `owner_${owner}`, 'layout'])
      expect(await rowsOf(systemIndex, partition)).toEqual([]);
    for (const place of placesOf(toListItem(aula)).filter((p) => p.partitionKey !== 'due'))
      expect(await systemIndex.getEntity(place.partitionKey, place.rowKey)).toMatchObject({
        id: aula.id,
        pending: true,
      });
    const recorded = await rowsOf(tables.client('Migrations'), 'migration');
    expect(recorded.map((row) => [row.rowKey, row.state])).toEqual([
      ['0001-incident-reporter-lists', 'done'],
      ['0002-system-list-layout', 'done'],
      ['0003-incident-list-filter-columns', 'done'],
      ['0004-risk-review-lists', 'done'],
    ]);
    // The risk is in the review's lists, its level change dated by its last assessment, and counted.
    const review = await new TableRiskRepository(risksTable).review('2027-02-01', '2027-01-01T00:00:00.000Z', 10);
    expect(review.high.map((item) => item.title)).toEqual([fire.title]);
    expect(review.overdue.map((item) => item.title)).toEqual([fire.title]);
    expect(review.changed.map((item) => item.levelChangedAt)).toEqual([fire.assessment!.assessedAt]);
    expect(review.measures.map((open) => open.measure.text)).toEqual(['Flyt serverne']);
    expect(review.counts).toMatchObject({ high: 1, due: { '2027-01-15': 1 }, measures: { '2027-01-31': 1 } });

    const indexBefore = [
      await rowsOf(incidentIndex, OPEN),
      await rowsOf(incidentIndex, REPORTERS),
      await rowsOf(risksTable, 'all'),
    ];
    const second = await startBot(config, { logger });
    await second.close();
    expect(await rowsOf(tables.client('Migrations'), 'migration')).toEqual(recorded);
    expect([
      await rowsOf(incidentIndex, OPEN),
      await rowsOf(incidentIndex, REPORTERS),
      await rowsOf(risksTable, 'all'),
    ]).toEqual(indexBefore);
  }, 60_000);
});
