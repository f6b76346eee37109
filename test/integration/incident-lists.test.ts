import { randomBytes, randomUUID } from 'node:crypto';
import type { TableClient } from '@azure/data-tables';
import { toListItem, type IncidentListItem } from '../../src/features/incidents/list-item';
import type { Incident } from '../../src/features/incidents/model';
import { ReviewService } from '../../src/features/reviews/service';
import { TableApprovalRepository } from '../../src/storage/approval-repository';
import { TableAuditLog } from '../../src/storage/audit-repository';
import { IncidentLists, listPlaces, listRow } from '../../src/storage/incident-lists';
import { TableIncidentRepository } from '../../src/storage/incident-repository';
import { incidentListFilterColumns } from '../../src/storage/migrations/incident-list-filter-columns';
import { incidentReporterLists } from '../../src/storage/migrations/incident-reporter-lists';
import { OPEN } from '../../src/storage/incident-rows';
import { TableReviewRepository } from '../../src/storage/review-repository';
import { createTables } from '../../src/storage/tables';
import { ManualClock } from '../support/harness';
import { draft, entry } from '../support/incidents';

/** A repository on fresh tables that counts the entities it reads, as the benchmark does. */
async function counted(leftBehindMs?: number) {
  const tables = createTables(
    { connectionString: process.env.TEST_AZURITE_CONNECTION_STRING as string },
    `l${randomBytes(4).toString('hex')}`,
  );
  await tables.ensureAll();
  const reads = { count: 0 };
  const repo = new TableIncidentRepository(
    tables.client('Incidents'),
    tables.client('IncidentIndex'),
    { add: (entities) => void (reads.count += entities) },
    leftBehindMs,
  );
  /** Entities read by `call`. */
  const readsOf = async <T>(call: () => Promise<T>): Promise<{ result: T; reads: number }> => {
    const before = reads.count;
    const result = await call();
    return { result, reads: reads.count - before };
  };
  return { tables, repo, index: tables.client('IncidentIndex'), readsOf };
}

const report = async (repo: TableIncidentRepository, reporterId = randomUUID(), title?: string) =>
  (await repo.create(draft(reporterId, title), 2026, randomUUID(), entry)).incident;

/** Changes an incident as the service does: read with its eTag, next version, one history entry. */
async function change(repo: TableIncidentRepository, incident: Incident, fields: Partial<Incident>): Promise<Incident> {
  const stored = (await repo.get(incident.year, incident.seq))!;
  const next = { ...stored.incident, ...fields, version: stored.incident.version + 1 };
  await repo.update(next, stored.etag, { ...entry, version: next.version, action: 'triaged' }, stored.incident);
  return next;
}

const rowOf = (index: TableClient, place: { partitionKey: string; rowKey: string }) =>
  index.getEntity<{ pending?: boolean; version?: number; item?: string; kind?: string; severity?: string }>(
    place.partitionKey,
    place.rowKey,
  );

describe('incident lists read from their own rows (Azurite)', () => {
  it('reads a page of the open list and of a reporter’s list without reading the incidents', async () => {
    const { repo, readsOf } = await counted();
    const reporter = randomUUID();
    const mine = await Promise.all(Array.from({ length: 12 }, (_, i) => report(repo, reporter, `Min rapport ${i}`)));
    await Promise.all(Array.from({ length: 20 }, () => report(repo)));
    await repo.settled();

    const open = await readsOf(() => repo.listOpen(25));
    expect(open.reads).toBe(25);
    expect(open.result.map((item) => item.seq)).toEqual(Array.from({ length: 25 }, (_, i) => i + 1));
    const own = await readsOf(() => repo.listByReporter(reporter, 10));
    expect(own.reads).toBe(10);
    const newestFirst = [...mine].sort((a, b) => b.seq - a.seq).slice(0, 10);
    expect(own.result).toEqual(newestFirst.map(toListItem));
  });

  it('shows a triage change and a closing at once, and afterwards reads only the page', async () => {
    const { repo, readsOf } = await counted();
    const reporter = randomUUID();
    const first = await report(repo, reporter, 'Phishing-mail');
    const second = await report(repo, reporter, 'Tabt nøglekort');
    const rated = await change(repo, first, {
      severity: 'high',
      measures: [{ id: 'm1', text: 'Spær konto', owner: 'IT', dueDate: '2026-11-27', done: false }],
    });
    const closed = await change(repo, second, { state: 'closed', closedAt: '2026-11-29T10:00:00.000Z' });

    const open = await readsOf(() => repo.listOpen(50));
    expect(open.result).toEqual([toListItem(rated)]);
    expect(open.result[0]?.openMeasures).toEqual([
      { id: 'm1', text: 'Spær konto', owner: 'IT', dueDate: '2026-11-27' },
    ]);
    expect((await repo.listByReporter(reporter, 20)).map((item) => [item.number, item.state])).toEqual([
      [closed.number, 'closed'],
      [rated.number, 'received'],
    ]);
    await repo.settled();
    expect((await readsOf(() => repo.listOpen(50))).reads).toBe(1);
    expect((await readsOf(() => repo.listByReporter(reporter, 20))).reads).toBe(2);
  });

  it('checks rows left pending by a crash after the transaction against the incident, then trusts them again', async () => {
    const { repo, index, readsOf } = await counted();
    const incident = await report(repo);
    const changed = await change(repo, incident, { severity: 'critical' });
    await repo.settled();
    // The crash: the change is stored, its rows announced but never confirmed.
    const { open, reporter } = listPlaces(changed);
    await index.upsertEntity(listRow(open.partitionKey, open.rowKey, changed, true), 'Replace');
    await index.upsertEntity(listRow(reporter.partitionKey, reporter.rowKey, changed, true), 'Replace');

    const checked = await readsOf(() => repo.listOpen(50));
    expect(checked.result).toEqual([toListItem(changed)]);
    expect(checked.reads).toBe(2); // the row, and the incident it is checked against
    await repo.settled();
    expect((await rowOf(index, open)).pending).toBe(false);
    expect((await readsOf(() => repo.listOpen(50))).reads).toBe(1);
    expect(await repo.listByReporter(changed.reporterId, 20)).toEqual([toListItem(changed)]);
  });

  it('never hides an open incident behind a change that was announced but not stored, nor trusts that change', async () => {
    const { tables, repo, index } = await counted();
    const incident = await report(repo, randomUUID(), 'Ransomware på filserver');
    await repo.settled();
    // The crash: a closing announced in the lists, the transaction never run.
    const lists = new IncidentLists(index, async () => incident, { add: () => undefined });
    await lists.announceChange(incident, { ...incident, state: 'closed', title: 'Forkert', version: 2 });

    expect(await repo.listOpen(50)).toEqual([toListItem(incident)]);
    expect(await repo.listByReporter(incident.reporterId, 20)).toEqual([toListItem(incident)]);
    await repo.settled();
    // Still pending (it could be a change in flight), so every reader keeps checking it.
    expect((await rowOf(index, listPlaces(incident).open)).pending).toBe(true);
    expect(await repo.listOpen(50)).toEqual([toListItem(incident)]);

    // Once it is old enough to be left behind, a reader rewrites it from the incident.
    const later = new TableIncidentRepository(tables.client('Incidents'), index, undefined, 0);
    expect(await later.listOpen(50)).toEqual([toListItem(incident)]);
    await later.settled();
    const row = await rowOf(index, listPlaces(incident).open);
    expect([row.pending, row.version, JSON.parse(row.item as string)]).toEqual([false, 1, toListItem(incident)]);
  });

  it('shows nothing for a number announced but never stored, and removes it once left behind', async () => {
    const { tables, repo, index } = await counted();
    const ghost = { ...draft(randomUUID(), 'Aldrig gemt'), number: 'HÆN-2026-0001', year: 2026, seq: 1, version: 1 };
    const lists = new IncidentLists(index, async () => undefined, { add: () => undefined });
    await lists.announceNew([ghost]);

    expect(await repo.listOpen(50)).toEqual([]);
    expect(await repo.listByReporter(ghost.reporterId, 20)).toEqual([]);
    await repo.settled();
    await expect(rowOf(index, listPlaces(ghost).open)).resolves.toMatchObject({ pending: true });

    const later = new TableIncidentRepository(tables.client('Incidents'), index, undefined, 0);
    expect(await later.listOpen(50)).toEqual([]);
    await later.settled();
    await expect(rowOf(index, listPlaces(ghost).open)).rejects.toMatchObject({ statusCode: 404 });
    // The number is then used by a real report, which takes the open row over; the ghost's
    // reporter row now points at someone else's incident and goes at once.
    const real = await report(repo, randomUUID(), 'Den rigtige');
    expect(real.seq).toBe(1);
    expect((await repo.listOpen(50)).map((item) => item.title)).toEqual(['Den rigtige']);
    expect(await repo.listByReporter(ghost.reporterId, 20)).toEqual([]);
    await repo.settled();
    await expect(rowOf(index, listPlaces(ghost).reporter)).rejects.toMatchObject({ statusCode: 404 });
    expect(await repo.listByReporter(real.reporterId, 20)).toEqual([toListItem(real)]);
  });

  it('never loses the open row of a stored report to the losing create of the same number', async () => {
    const { repo, index } = await counted();
    const winner = await report(repo, randomUUID(), 'Vinderen');
    await repo.settled();
    // Another instance numbered its report the same, announced it after the winner (same open row),
    // and lost the transaction; the winner then died before confirming its rows.
    const loser = { ...winner, title: 'Taberen', reporterId: randomUUID() };
    const lists = new IncidentLists(index, async () => undefined, { add: () => undefined });
    await (await lists.announceNew([loser])).withdraw();

    expect(await repo.listOpen(50)).toEqual([toListItem(winner)]);
    expect(await repo.listByReporter(loser.reporterId, 20)).toEqual([]);
    await repo.settled();
    expect(JSON.parse((await rowOf(index, listPlaces(winner).open)).item as string)).toEqual(toListItem(winner));
  });

  it('does not let a confirmation overwrite a newer announcement of the same row', async () => {
    const { repo, index } = await counted();
    const incident = await report(repo);
    await repo.settled();
    const lists = new IncidentLists(index, async () => incident, { add: () => undefined });
    const older = await lists.announceChange(incident, { ...incident, severity: 'low', version: 2 });
    await lists.announceChange(incident, { ...incident, severity: 'high', version: 2 });
    await older.confirm();
    const row = await rowOf(index, listPlaces(incident).open);
    expect(row.pending).toBe(true);
  });

  it('moves a reporter’s list rows from the first layout (a partition per reporter) in a migration', async () => {
    const { repo, index, readsOf } = await counted();
    const reporter = randomUUID();
    const older = await report(repo, reporter, 'Fra før');
    const newer = await report(repo, reporter, 'Ny');
    await repo.settled();
    // As the earlier layout left it: a hint (year, seq) in `reporter_<id>`, no row in `reporters`.
    await index.deleteEntity(listPlaces(older).reporter.partitionKey, listPlaces(older).reporter.rowKey);
    const legacy = { partitionKey: `reporter_${reporter}`, rowKey: 'x', year: older.year, seq: older.seq };
    await index.upsertEntity(legacy, 'Replace');
    expect((await repo.listByReporter(reporter, 20)).map((item) => item.title)).toEqual(['Ny']);

    await incidentReporterLists(index, async (year, seq) => (await repo.get(year, seq))?.incident).run();
    await expect(index.getEntity(legacy.partitionKey, legacy.rowKey)).rejects.toMatchObject({ statusCode: 404 });
    const after = await readsOf(() => repo.listByReporter(reporter, 20));
    expect(after.result).toEqual([toListItem(newer), toListItem(older)]);
    expect(after.reads).toBe(2);
  });

  it('upgrades list rows written before items were kept as they are read', async () => {
    const { repo, index, readsOf } = await counted();
    const incident = await report(repo);
    await repo.settled();
    const { open } = listPlaces(incident);
    await index.upsertEntity({ ...open, year: incident.year, seq: incident.seq }, 'Replace');

    expect((await readsOf(() => repo.listOpen(50))).result).toEqual([toListItem(incident)]);
    await repo.settled();
    expect((await rowOf(index, open)).pending).toBe(false);
    expect((await readsOf(() => repo.listOpen(50))).reads).toBe(1);
  });

  it('pages the open list after the last number shown, reading the page and not the rest', async () => {
    const { repo, readsOf } = await counted();
    await Promise.all(Array.from({ length: 60 }, () => report(repo)));
    await repo.settled();

    const first = await readsOf(() => repo.listOpen(51));
    expect(first.result.map((item) => item.seq)).toEqual(Array.from({ length: 51 }, (_, i) => i + 1));
    expect(first.reads).toBe(51);
    const last = first.result[49] as IncidentListItem;
    const rest = await readsOf(() => repo.listOpen(51, { after: last }));
    expect(rest.result.map((item) => item.seq)).toEqual(Array.from({ length: 10 }, (_, i) => i + 51));
    expect(rest.reads).toBe(10);
  });

  it('filters the open list in storage over every open incident, reading only what matches', async () => {
    const { repo, readsOf } = await counted();
    const all = await Promise.all(Array.from({ length: 60 }, (_, i) => report(repo, randomUUID(), `Hændelse ${i}`)));
    const [early, late] = [all.find((i) => i.seq === 3), all.find((i) => i.seq === 57)] as Incident[];
    const highEarly = await change(repo, early, { severity: 'high' });
    const highLate = await change(repo, late, { severity: 'high', kind: 'personalData' });
    await repo.settled();

    expect(await repo.listOpen(50, { severity: 'high' })).toEqual([toListItem(highEarly), toListItem(highLate)]);
    const again = await readsOf(() => repo.listOpen(50, { severity: 'high', kind: 'personalData' }));
    expect(again.result).toEqual([toListItem(highLate)]);
    expect(again.reads).toBe(1);
    expect((await repo.listOpen(50, { after: highEarly, severity: 'high' })).map((item) => item.seq)).toEqual([57]);
  });

  it('keeps open rows from before kind and severity were kept in a filtered list, after their migration', async () => {
    const { tables, repo, index, readsOf } = await counted();
    const withItem = await change(repo, await report(repo, randomUUID(), 'Med item'), { severity: 'high' });
    const bare = await change(repo, await report(repo, randomUUID(), 'Uden item'), { severity: 'high' });
    const low = await change(repo, await report(repo, randomUUID(), 'Lav'), { severity: 'low' });
    await repo.settled();
    // As the earlier layouts left them: the item without properties of its own, and year/seq only.
    const earlier = (incident: Incident) => {
      const { kind, severity, ...row } = listRow(OPEN, listPlaces(incident).open.rowKey, incident, false);
      void [kind, severity];
      return row;
    };
    await index.upsertEntity(earlier(withItem), 'Replace');
    await index.upsertEntity(earlier(low), 'Replace');
    await index.upsertEntity({ ...listPlaces(bare).open, year: bare.year, seq: bare.seq }, 'Replace');

    await incidentListFilterColumns(index).run();
    const fresh = new TableIncidentRepository(tables.client('Incidents'), index);
    expect(await fresh.listOpen(50, { severity: 'high' })).toEqual([toListItem(withItem), toListItem(bare)]);
    await fresh.settled();
    for (const incident of [withItem, bare, low])
      expect(await rowOf(index, listPlaces(incident).open)).toMatchObject({
        kind: incident.kind,
        severity: incident.severity,
        pending: false,
      });
    // Another instance reads what matches, nothing more.
    const { reads } = await readsOf(() => repo.listOpen(50, { severity: 'high' }));
    expect(reads).toBe(2);
  });

  it('does not drop a pending row from the open list because it did not match a filter', async () => {
    const { repo, index } = await counted();
    const incident = await change(repo, await report(repo), { severity: 'low' });
    await repo.settled();
    // A crash after the transaction, before the confirmation: the row is left pending.
    await index.upsertEntity(listRow(OPEN, listPlaces(incident).open.rowKey, incident, true), 'Replace');

    expect(await repo.listOpen(50, { severity: 'high' })).toEqual([]);
    await repo.settled();
    expect(await repo.listOpen(50)).toEqual([toListItem(incident)]);
    expect(await repo.listOpen(50, { severity: 'low' })).toEqual([toListItem(incident)]);
  });

  it('counts every open incident for the quarterly review, past a thousand, reading one row each', async () => {
    const { tables, repo, readsOf } = await counted();
    const reporter = randomUUID(); // one reporter: fewer list partitions to write, same open list
    await Promise.all(Array.from({ length: 1005 }, () => report(repo, reporter)));
    const closing = await report(repo);
    await change(repo, closing, { state: 'notAnIncident', closedAt: '2026-11-29T10:00:00.000Z' });
    await repo.settled();
    const clock = new ManualClock(new Date('2026-11-30T09:00:00Z'));
    const reviews = new ReviewService(
      new TableReviewRepository(tables.client('Reviews')),
      repo,
      new TableApprovalRepository(tables.client('Reviews')),
      new TableAuditLog(tables.client('Audit'), clock),
      clock,
    );

    const { result, reads } = await readsOf(() => reviews.summary());
    expect(result.openTotal).toBe(1005);
    expect(result.openBySeverity.unrated).toBe(1005);
    expect(reads).toBe(1005);
  }, 120_000);
});
