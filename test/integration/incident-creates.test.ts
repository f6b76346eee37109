import { randomBytes, randomUUID } from 'node:crypto';
import { StorageUnavailableError } from '../../src/errors';
import type { Incident } from '../../src/features/incidents/model';
import { TableIncidentRepository } from '../../src/storage/incident-repository';
import { createTables, type Tables } from '../../src/storage/tables';
import { partialRecords } from '../support/fault-fuzz';
import { startDurableAzurite } from '../support/fault-process';
import { entitiesIn } from '../support/fault-records';
import { draft, entry } from '../support/incidents';
import { refuseTransactionsContaining } from '../support/fault-storage';

const freshTables = async (connectionString = process.env.TEST_AZURITE_CONNECTION_STRING as string) => {
  const tables = createTables({ connectionString }, `g${randomBytes(4).toString('hex')}`);
  await tables.ensureAll();
  return tables;
};
const repoOn = (tables: Tables) =>
  new TableIncidentRepository(tables.client('Incidents'), tables.client('IncidentIndex'));
const seqsOf = (incidents: Incident[]) => [...new Set(incidents.map((incident) => incident.seq))].sort((a, b) => a - b);
const oneTo = (n: number) => Array.from({ length: n }, (_, i) => i + 1);

/**
 * Group commit (P1): creates of one year that wait while a transaction is in flight are stored
 * together in the next one. Called in one tick, the first create goes alone and the rest wait and
 * form the next group, so the duplicates and faults below meet inside one group.
 */
describe('many reports at once in Table Storage (Azurite)', () => {
  it('numbers a burst gap-free and gives a card submitted several times one incident, created once', async () => {
    const tables = await freshTables();
    const repo = repoOn(tables);
    const twice = randomUUID();
    const thrice = randomUUID();
    const keys = [
      randomUUID(),
      thrice,
      ...Array.from({ length: 12 }, () => randomUUID()),
      thrice,
      twice,
      thrice,
      twice,
    ];
    const reporters = keys.map(() => randomUUID());
    const results = await Promise.all(
      keys.map((key, i) => repo.create(draft(reporters[i] as string, `Rapport ${i}`), 2026, key, entry)),
    );

    const distinct = new Set(keys).size;
    expect(seqsOf(results.map((result) => result.incident))).toEqual(oneTo(distinct));
    for (const key of [twice, thrice]) {
      const same = results.filter((_, i) => keys[i] === key);
      expect(new Set(same.map((result) => result.incident.number)).size).toBe(1);
      // Exactly one caller hears "created", so the coordinators are told once.
      expect(same.filter((result) => result.created)).toHaveLength(1);
    }
    expect(results.filter((result) => result.created)).toHaveLength(distinct);

    const stored = (await entitiesIn(tables.client('Incidents'))).filter((row) => /^i\d{7}$/.test(String(row.rowKey)));
    expect(stored).toHaveLength(distinct);
    expect(await partialRecords(tables)).toEqual([]);
    for (const result of results.filter((r) => r.created)) {
      expect((await repo.get(2026, result.incident.seq))?.incident).toEqual(result.incident);
      expect((await repo.listByReporter(result.incident.reporterId, 20)).map((i) => i.number)).toEqual([
        result.incident.number,
      ]);
    }
    expect((await repo.listOpen(500)).map((incident) => incident.seq)).toEqual(oneTo(distinct));
  });

  it('answers a card submitted to two instances at once with one incident, numbering both instances’ reports gap-free', async () => {
    const tables = await freshTables();
    const [first, second] = [repoOn(tables), repoOn(tables)];
    const shared = randomUUID();
    const burst = (repo: TableIncidentRepository) =>
      Promise.all([
        ...Array.from({ length: 6 }, () => repo.create(draft(randomUUID()), 2026, randomUUID(), entry)),
        repo.create(draft('dobbelt'), 2026, shared, entry),
        ...Array.from({ length: 6 }, () => repo.create(draft(randomUUID()), 2026, randomUUID(), entry)),
      ]);
    const [a, b] = await Promise.all([burst(first), burst(second)]);
    const results = [...a, ...b];

    const sharedResults = results.filter((result) => result.incident.reporterId === 'dobbelt');
    expect(sharedResults).toHaveLength(2);
    expect(sharedResults[0]?.incident.number).toBe(sharedResults[1]?.incident.number);
    expect(sharedResults.filter((result) => result.created)).toHaveLength(1);
    expect(seqsOf(results.map((result) => result.incident))).toEqual(oneTo(25));
    expect(await partialRecords(tables)).toEqual([]);
  });

  it('answers a repeat of an earlier report with that report’s incident and stores the rest of its group', async () => {
    const tables = await freshTables();
    const repo = repoOn(tables);
    const key = randomUUID();
    const original = await repo.create(draft('tidlig', 'Første indsendelse'), 2026, key, entry);
    const results = await Promise.all([
      repo.create(draft(randomUUID()), 2026, randomUUID(), entry),
      ...Array.from({ length: 4 }, () => repo.create(draft(randomUUID()), 2026, randomUUID(), entry)),
      repo.create(draft('tidlig', 'Anden indsendelse'), 2026, key, entry),
      ...Array.from({ length: 4 }, () => repo.create(draft(randomUUID()), 2026, randomUUID(), entry)),
    ]);

    const repeat = results[5];
    expect(repeat).toEqual({ incident: original.incident, created: false });
    expect(seqsOf(results.map((result) => result.incident))).toEqual(oneTo(10));
    expect(results.filter((result) => result.created)).toHaveLength(9);
    expect(await partialRecords(tables)).toEqual([]);
  });

  it('fails only the report storage refuses; the others in its group are stored without a gap', async () => {
    const tables = await freshTables();
    const repo = repoOn(tables);
    // A submission row whose key is over what storage takes in a key (the incident and its history are
    // split over several properties, so no text makes them too big): storage answers 400 for the whole
    // transaction, after the list rows were announced.
    const oversizedKey = 'k'.repeat(2000);
    const settled = await Promise.allSettled([
      repo.create(draft(randomUUID()), 2026, randomUUID(), entry),
      ...Array.from({ length: 3 }, () => repo.create(draft(randomUUID()), 2026, randomUUID(), entry)),
      repo.create(draft('for-stor'), 2026, oversizedKey, entry),
      ...Array.from({ length: 3 }, () => repo.create(draft(randomUUID()), 2026, randomUUID(), entry)),
    ]);

    expect(settled.map((outcome) => outcome.status)).toEqual([
      ...Array(4).fill('fulfilled'),
      'rejected',
      ...Array(3).fill('fulfilled'),
    ]);
    const stored = settled.flatMap((outcome) => (outcome.status === 'fulfilled' ? [outcome.value.incident] : []));
    expect(seqsOf(stored)).toEqual(oneTo(7));
    const rows = await entitiesIn(tables.client('Incidents'));
    expect(rows.filter((row) => /^i\d{7}$/.test(String(row.rowKey)))).toHaveLength(7);
    expect(rows.find((row) => row.rowKey === 'counter')?.last).toBe(7);
    expect(JSON.stringify(rows)).not.toContain('for-stor');
    expect(await partialRecords(tables)).toEqual([]);
  });

  it('fails only the member whose transaction storage cannot parse (500); the others waiting with it are stored', async () => {
    const tables = await freshTables();
    // Azurite answers a batch body holding a raw U+2028 with 500 "Transaction Failed" (and then stops
    // answering, so the shared test Azurite must never see one): that answer is reproduced here.
    refuseTransactionsContaining(tables.client('IncidentIndex'), '\u2028');
    refuseTransactionsContaining(tables.client('Incidents'), '\u2028');
    const repo = repoOn(tables);
    const titles = ['Første', 'Anden', 'Tredje', 'Linje\u2028skift', 'Femte', 'Sjette', 'Syvende'];
    const settled = await Promise.allSettled(
      titles.map((title) => repo.create(draft(randomUUID(), title), 2026, randomUUID(), entry)),
    );
    expect(settled.map((outcome) => outcome.status)).toEqual([
      ...Array(3).fill('fulfilled'),
      'rejected',
      ...Array(3).fill('fulfilled'),
    ]);
    const stored = settled.flatMap((outcome) => (outcome.status === 'fulfilled' ? [outcome.value.incident] : []));
    expect(seqsOf(stored)).toEqual(oneTo(6));
    expect(await partialRecords(tables)).toEqual([]);
  });

  it('fails only the report whose list row storage refuses; the others in its group are stored', async () => {
    const tables = await freshTables();
    const repo = repoOn(tables);
    // A title over the 64 KiB property limit: already its list row (written first) is refused.
    const oversized = { ...draft('for-stor'), title: 'x'.repeat(40_000) };
    const settled = await Promise.allSettled([
      repo.create(draft(randomUUID()), 2026, randomUUID(), entry),
      repo.create(draft(randomUUID()), 2026, randomUUID(), entry),
      repo.create(oversized, 2026, randomUUID(), entry),
      repo.create(draft(randomUUID()), 2026, randomUUID(), entry),
    ]);

    expect(settled.map((outcome) => outcome.status)).toEqual(['fulfilled', 'fulfilled', 'rejected', 'fulfilled']);
    const stored = settled.flatMap((outcome) => (outcome.status === 'fulfilled' ? [outcome.value.incident] : []));
    expect(seqsOf(stored)).toEqual(oneTo(3));
    expect(JSON.stringify(await entitiesIn(tables.client('Incidents')))).not.toContain('for-stor');
    expect((await repo.listOpen(50)).map((item) => item.seq)).toEqual(oneTo(3));
    expect(await partialRecords(tables)).toEqual([]);
  });

  it('tells every waiting caller to try again when storage is unreachable, stores nothing, and stores each once on retry', async () => {
    const azurite = await startDurableAzurite();
    try {
      const tables = await freshTables(azurite.connectionString);
      const repo = repoOn(tables);
      const keys = Array.from({ length: 8 }, () => randomUUID());
      const reporters = keys.map(() => randomUUID());
      const submitAll = () =>
        Promise.allSettled(keys.map((key, i) => repo.create(draft(reporters[i] as string), 2026, key, entry)));

      await azurite.stop();
      let failed: PromiseSettledResult<unknown>[];
      try {
        failed = await submitAll();
      } finally {
        await azurite.start();
      }
      for (const outcome of failed) {
        expect(outcome.status).toBe('rejected');
        expect((outcome as PromiseRejectedResult).reason).toBeInstanceOf(StorageUnavailableError);
      }
      expect(await entitiesIn(tables.client('Incidents'))).toEqual([]);

      const retried = await submitAll();
      const stored = retried.map((outcome) => (outcome as PromiseFulfilledResult<{ incident: Incident }>).value);
      expect(seqsOf(stored.map((result) => result.incident))).toEqual(oneTo(8));
      const again = await submitAll();
      expect(again.map((outcome) => (outcome as PromiseFulfilledResult<{ incident: Incident }>).value)).toEqual(
        stored.map((result) => ({ ...result, created: false })),
      );
      expect(await partialRecords(tables)).toEqual([]);
    } finally {
      await azurite.dispose();
    }
  });
});
