import { randomBytes, randomUUID } from 'node:crypto';
import type { Clock } from '../../src/clock';
import type { Screening } from '../../src/features/dpia/model';
import type { HistoryEntry, Incident } from '../../src/features/incidents/model';
import type { NewIncident } from '../../src/features/incidents/repository';
import { ANONYMISED } from '../../src/features/retention/rules';
import { runRetention } from '../../src/features/retention/run';
import { TableAuditLog } from '../../src/storage/audit-repository';
import { TableIncidentRepository } from '../../src/storage/incident-repository';
import { TableRetentionStore } from '../../src/storage/retention-store';
import { TableScreeningRepository } from '../../src/storage/screening-repository';
import { createTables, type Tables } from '../../src/storage/tables';
import { StorageUnavailableError } from '../../src/errors';
import { failNextCall } from '../support/fault-storage';

const now = new Date('2026-11-29T12:00:00.000Z');
const clock: Clock = { now: () => new Date(now) };

const draft = (reportedAt: string): NewIncident => ({
  title: 'Jens Hansens pc stjålet',
  description: 'Pc med CPR-numre stjålet fra Jens Hansens bil',
  discoveredAt: reportedAt,
  kind: 'general',
  personalData: 'no',
  personalDataKinds: [],
  contact: 'jens@egedal.dk',
  reporterId: randomUUID(),
  reporterName: 'Jens Hansen',
  reportedAt,
  state: 'received',
  isBreach: false,
  nis2Significant: false,
  measures: [],
});

describe('retention run on Table Storage (Azurite)', () => {
  let tables: Tables;
  let repo: TableIncidentRepository;
  let audit: TableAuditLog;
  const run = (dryRun = false) =>
    runRetention({
      store: new TableRetentionStore(
        tables.client('Incidents'),
        repo,
        tables.client('Screenings'),
        new TableScreeningRepository(tables.client('Screenings'), tables.client('ScreeningIndex')),
        tables.client('Jobs'),
      ),
      audit,
      clock,
      periods: { incidentYears: 5, screeningYears: 5 },
      dryRun,
    });

  /** Files an incident and (optionally) closes it at `closedAt`, with a comment naming someone. */
  async function incident(reportedAt: string, closedAt?: string): Promise<Incident> {
    const year = Number(reportedAt.slice(0, 4));
    const first = { at: reportedAt, by: 'u1', byName: 'Jens Hansen', action: 'reported' as const, changes: {} };
    const { incident: created } = await repo.create(draft(reportedAt), year, randomUUID(), first);
    const stored = (await repo.get(created.year, created.seq))!;
    const next: Incident = {
      ...created,
      version: 2,
      state: closedAt ? 'closed' : 'inProgress',
      assignee: 'Mette Kjær',
      closedAt,
    };
    const entry: HistoryEntry = {
      version: 2,
      at: closedAt ?? reportedAt,
      by: 'u2',
      byName: 'Mette Kjær',
      action: 'triaged',
      changes: { state: ['received', next.state], assignee: [null, 'Mette Kjær'] },
      comment: 'Talte med Jens Hansen',
    };
    return (await repo.update(next, stored.etag, entry)).incident;
  }

  const reread = async (incident: Incident) => ({
    incident: (await repo.get(incident.year, incident.seq))!.incident,
    history: await repo.history(incident.year, incident.seq),
  });

  beforeAll(async () => {
    tables = createTables(
      { connectionString: process.env.TEST_AZURITE_CONNECTION_STRING as string },
      `r${randomBytes(4).toString('hex')}`,
    );
    await tables.ensureAll();
    repo = new TableIncidentRepository(tables.client('Incidents'), tables.client('IncidentIndex'));
    audit = new TableAuditLog(tables.client('Audit'), clock);
  });

  it('anonymises an old closed incident and its history, leaves recent and open ones, and is harmless twice', async () => {
    const old = await incident('2019-05-01T08:00:00.000Z', '2019-06-01T08:00:00.000Z');
    const recent = await incident('2019-05-02T08:00:00.000Z', '2025-06-01T08:00:00.000Z');
    const open = await incident('2019-05-03T08:00:00.000Z');
    const before = { recent: await reread(recent), open: await reread(open) };

    const dry = await run(true);
    expect(dry.incidents.anonymised.map((item) => item.label)).toEqual([old.number]);
    expect((await reread(old)).incident).toEqual(old);
    expect(await audit.read('retention')).toEqual([]);

    const first = await run();
    expect(first.incidents.anonymised.map((item) => item.label)).toEqual([old.number]);
    expect(first.incidents.historyRows).toBe(2);

    const after = await reread(old);
    const text = JSON.stringify(after);
    for (const personal of ['Jens', 'Mette', 'jens@', 'CPR', old.reporterId]) expect(text).not.toContain(personal);
    expect(after.incident).toMatchObject({
      number: old.number,
      state: 'closed',
      kind: 'general',
      reportedAt: old.reportedAt,
      closedAt: old.closedAt,
      description: ANONYMISED,
      version: 3,
    });
    expect(after.history.map((entry) => [entry.version, entry.action, entry.at])).toEqual([
      [1, 'reported', '2019-05-01T08:00:00.000Z'],
      [2, 'triaged', '2019-06-01T08:00:00.000Z'],
      [3, 'anonymised', now.toISOString()],
    ]);
    expect(after.history[1]?.changes.state).toEqual(['received', 'closed']);
    // The reporter's own list no longer leads to it.
    expect(await repo.listByReporter(old.reporterId, 10)).toEqual([]);

    expect(await reread(recent)).toEqual(before.recent);
    expect(await reread(open)).toEqual(before.open);

    const second = await run();
    expect(second.incidents.anonymised).toEqual([]);
    expect(await reread(old)).toEqual(after);

    const records = await audit.read('retention');
    expect(records.map((record) => [record.action, record.details.incidents, record.details.historyRows])).toEqual([
      ['retention.anonymised', 1, 2],
      ['retention.anonymised', 0, 0],
    ]);
    expect(JSON.stringify(records)).not.toContain(old.number);
    expect((await audit.verify()).breaks).toEqual([]);
  });

  it('anonymises the people and notes of an old settled screening, keeping its answers and outcome', async () => {
    const screenings = new TableScreeningRepository(tables.client('Screenings'), tables.client('ScreeningIndex'));
    const answers = {
      processesPersonalData: true,
      newTechnology: false,
      largeScaleSensitiveData: false,
      largeAmountsRegionalNational: false,
      systematicAutomatedEvaluation: false,
      publicAreaMonitoring: false,
      vulnerableDataSubjects: true,
      highInherentRisk: false,
      processingBeganBefore2018_05_25: false,
      changedSince2018: false,
    };
    const screening = (answeredAt?: string): Screening => ({
      id: randomUUID(),
      systemId: randomUUID(),
      systemName: 'Elevplan',
      trigger: 'new',
      ownerId: randomUUID(),
      requestedBy: randomUUID(),
      requestedByName: 'Mette Kjær',
      requestedAt: '2019-01-10T09:00:00.000Z',
      answer: answeredAt
        ? {
            answers,
            notes: { vulnerableDataSubjects: 'Peter Olsen siger at børn indgår' },
            result: { outcome: 'riskAssessmentOnly', reasons: ['processesPersonalData'] },
            answeredBy: randomUUID(),
            answeredByName: 'Peter Olsen',
            answeredAt,
          }
        : undefined,
    });
    const old = screening('2019-02-01T09:00:00.000Z');
    const recent = screening('2025-02-01T09:00:00.000Z');
    const pending = screening();
    for (const item of [old, recent, pending]) await screenings.create(item);

    const report = await run();
    expect(report.screenings.anonymised.map((item) => item.label)).toEqual([`screening ${old.id} (Elevplan)`]);
    const after = (await screenings.get(old.id))!.screening;
    expect(JSON.stringify(after)).not.toMatch(/Peter|Mette|børn/);
    expect(after).toMatchObject({ systemName: 'Elevplan', requestedAt: old.requestedAt, requestedByName: ANONYMISED });
    expect(after.answer).toMatchObject({ answers, result: old.answer!.result, answeredAt: old.answer!.answeredAt });
    expect((await screenings.get(recent.id))!.screening).toEqual(recent);
    expect((await screenings.get(pending.id))!.screening).toEqual(pending);
    expect((await run()).screenings.anonymised).toEqual([]);
  });
});

describe('a retention run whose audit record could not be appended (P10)', () => {
  it.each([
    ['never reached storage', false],
    ['was stored but its answer was lost', true],
  ])('is recorded once, by the next run, when its append %s', async (_, landed) => {
    const tables = createTables(
      { connectionString: process.env.TEST_AZURITE_CONNECTION_STRING as string },
      `rf${randomBytes(4).toString('hex')}`,
    );
    await tables.ensureAll();
    const repo = new TableIncidentRepository(tables.client('Incidents'), tables.client('IncidentIndex'));
    const audit = new TableAuditLog(tables.client('Audit'), clock);
    const run = (at: Date) =>
      runRetention({
        store: new TableRetentionStore(
          tables.client('Incidents'),
          repo,
          tables.client('Screenings'),
          new TableScreeningRepository(tables.client('Screenings'), tables.client('ScreeningIndex')),
          tables.client('Jobs'),
        ),
        audit,
        clock: { now: () => new Date(at) },
        periods: { incidentYears: 5, screeningYears: 5 },
        dryRun: false,
      });
    const reportedAt = '2019-03-01T08:00:00.000Z';
    const first = { at: reportedAt, by: 'u1', byName: 'Jens Hansen', action: 'reported' as const, changes: {} };
    const { incident } = await repo.create(draft(reportedAt), 2019, randomUUID(), first);
    const stored = (await repo.get(incident.year, incident.seq))!;
    const closed = { ...incident, version: 2, state: 'closed' as const, closedAt: '2019-04-01T08:00:00.000Z' };
    const entry = { version: 2, at: closed.closedAt, by: 'u2', byName: 'Mette Kjær', action: 'triaged' as const };
    await repo.update(closed, stored.etag, { ...entry, changes: { state: ['received', 'closed'] } });

    failNextCall(tables.client('Audit'), 'submitTransaction', { landed });
    await expect(run(now)).rejects.toThrow(StorageUnavailableError);
    expect((await repo.get(incident.year, incident.seq))!.incident.description).toBe(ANONYMISED);

    const later = new Date('2026-11-30T12:00:00.000Z');
    expect((await run(later)).earlierRunsRecorded).toBe(landed ? 0 : 1);
    expect((await run(later)).earlierRunsRecorded).toBe(0);

    const records = await audit.read('retention');
    expect(
      records.map((record) => [record.details.ranAt, record.details.incidents, record.details.historyRows]),
    ).toEqual([
      [now.toISOString(), 1, 2],
      [later.toISOString(), 0, 0],
      [later.toISOString(), 0, 0],
    ]);
    expect((await audit.verify()).breaks).toEqual([]);
  });
});
