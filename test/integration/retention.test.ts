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
import { TableViolationRepository } from '../../src/storage/violation-repository';
import type { RetentionStore } from '../../src/features/retention/store';
import type { ViolationReferral } from '../../src/features/violations/model';
import { createTables, type Tables } from '../../src/storage/tables';
import { StorageUnavailableError } from '../../src/errors';
import { failCallAfter, failNextCall } from '../support/fault-storage';

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
  let runAt: Fixture['run'];
  const run = (dryRun = false) => runAt(now, dryRun);

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
    ({ tables, repo, audit, run: runAt } = await freshTables());
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

  describe('violation referrals (P11)', () => {
    const referrals = () => new TableViolationRepository(tables.client('Violations'));
    const referral = (referredAt: string, decidedAt?: string): ViolationReferral => ({
      id: randomUUID(),
      person: 'jens.hansen@egedal.dk',
      what: 'Jens Hansen delte sin adgangskode med en vikar.',
      incidentNumber: 'HÆN-2019-0042',
      referredBy: randomUUID(),
      referredByName: 'Mette Kjær',
      referredAt,
      decision: decidedAt
        ? {
            text: 'Skriftlig advarsel.',
            date: decidedAt.slice(0, 10),
            decidedBy: randomUUID(),
            decidedByName: 'Hanne Rask',
            decidedAt,
          }
        : undefined,
    });
    const reread = async (item: ViolationReferral) => (await referrals().get(item.id))!.referral;

    it('anonymises a referral decided before the cutoff, leaves recent and undecided ones, and is harmless twice', async () => {
      const old = referral('2019-01-10T09:00:00.000Z', '2019-02-02T09:00:00.000Z');
      const recent = referral('2019-01-11T09:00:00.000Z', '2025-02-02T09:00:00.000Z');
      const undecided = referral('2019-01-12T09:00:00.000Z');
      for (const item of [old, recent, undecided]) await referrals().create(item);
      const recordsBefore = (await audit.read('retention')).length;

      const dry = await run(true);
      expect(dry.referrals.anonymised).toEqual([{ label: `referral ${old.id}`, since: old.decision!.decidedAt }]);
      expect(JSON.stringify(dry)).not.toMatch(/Jens|jens\.hansen|Mette|Hanne|adgangskode/);
      expect(await reread(old)).toEqual(old);
      expect(await audit.read('retention')).toHaveLength(recordsBefore);

      const first = await run();
      expect(first.referrals.anonymised.map((item) => item.label)).toEqual([`referral ${old.id}`]);
      const after = await reread(old);
      const text = JSON.stringify(after);
      for (const personal of ['Jens', 'jens.hansen', 'adgangskode', 'advarsel', 'Mette', 'Hanne', 'HÆN-'])
        expect(text).not.toContain(personal);
      for (const id of [old.referredBy, old.decision!.decidedBy]) expect(text).not.toContain(id);
      expect(after).toEqual({
        id: old.id,
        person: ANONYMISED,
        what: ANONYMISED,
        incidentNumber: ANONYMISED,
        referredBy: ANONYMISED,
        referredByName: ANONYMISED,
        referredAt: old.referredAt,
        decision: { ...old.decision, text: ANONYMISED, decidedBy: ANONYMISED, decidedByName: ANONYMISED },
      });
      // The referring coordinator's own list no longer leads to it; the HR lead's (all) still does.
      expect(await referrals().list(old.referredBy)).toEqual([]);
      expect((await referrals().list()).map((item) => item.id)).toContain(old.id);

      expect(await reread(recent)).toEqual(recent);
      expect(await reread(undecided)).toEqual(undecided);

      const second = await run();
      expect(second.referrals.anonymised).toEqual([]);
      expect(await reread(old)).toEqual(after);

      const records = (await audit.read('retention')).slice(recordsBefore);
      expect(records.map((record) => [record.details.referralYears, record.details.referrals])).toEqual([
        [5, 1],
        [5, 0],
      ]);
      expect(JSON.stringify(records)).not.toContain(old.id);
      expect((await audit.verify()).breaks).toEqual([]);
    });

    it('skips a referral changed during the run and anonymises it on the next run', async () => {
      const old = referral('2019-03-10T09:00:00.000Z', '2019-04-02T09:00:00.000Z');
      await referrals().create(old);
      const store = new TableRetentionStore(
        tables.client('Incidents'),
        repo,
        tables.client('Screenings'),
        new TableScreeningRepository(tables.client('Screenings'), tables.client('ScreeningIndex')),
        tables.client('Jobs'),
        referrals(),
      );
      // Someone saves the referral after the run has read it.
      const racing: RetentionStore = Object.assign(Object.create(store) as RetentionStore, {
        referrals: async () => {
          const found = await store.referrals();
          const stored = (await referrals().get(old.id))!;
          await referrals().update(stored.referral, stored.etag);
          return found;
        },
      });
      const periods = { incidentYears: 5, screeningYears: 5, referralYears: 5 };

      const raced = await runRetention({ store: racing, audit, clock, periods, dryRun: false });
      expect(raced.conflicts).toEqual([`referral ${old.id}`]);
      expect(raced.referrals.anonymised).toEqual([]);
      expect(await reread(old)).toEqual(old);
      expect((await audit.read('retention')).at(-1)?.details).toMatchObject({ referrals: 0, conflicts: 1 });

      expect((await run()).referrals.anonymised.map((item) => item.label)).toEqual([`referral ${old.id}`]);
      expect((await reread(old)).person).toBe(ANONYMISED);
    });
  });
});

type Fixture = Awaited<ReturnType<typeof freshTables>>;

/** Fresh tables, a run at a given time on them, and an incident reported and closed in 2019 (long due). */
async function freshTables() {
  const tables = createTables(
    { connectionString: process.env.TEST_AZURITE_CONNECTION_STRING as string },
    `rf${randomBytes(4).toString('hex')}`,
  );
  await tables.ensureAll();
  const repo = new TableIncidentRepository(tables.client('Incidents'), tables.client('IncidentIndex'));
  const audit = new TableAuditLog(tables.client('Audit'), clock);
  const run = (at: Date, dryRun = false) =>
    runRetention({
      store: new TableRetentionStore(
        tables.client('Incidents'),
        repo,
        tables.client('Screenings'),
        new TableScreeningRepository(tables.client('Screenings'), tables.client('ScreeningIndex')),
        tables.client('Jobs'),
        new TableViolationRepository(tables.client('Violations')),
      ),
      audit,
      clock: { now: () => new Date(at) },
      periods: { incidentYears: 5, screeningYears: 5, referralYears: 5 },
      dryRun,
    });
  const closedIn2019 = async (): Promise<Incident> => {
    const reportedAt = '2019-03-01T08:00:00.000Z';
    const first = { at: reportedAt, by: 'u1', byName: 'Jens Hansen', action: 'reported' as const, changes: {} };
    const { incident } = await repo.create(draft(reportedAt), 2019, randomUUID(), first);
    const stored = (await repo.get(incident.year, incident.seq))!;
    const closed = { ...incident, version: 2, state: 'closed' as const, closedAt: '2019-04-01T08:00:00.000Z' };
    const entry = { version: 2, at: closed.closedAt, by: 'u2', byName: 'Mette Kjær', action: 'triaged' as const };
    await repo.update(closed, stored.etag, { ...entry, changes: { state: ['received', 'closed'] } });
    return incident;
  };
  return { tables, repo, audit, run, closedIn2019 };
}

describe('a retention run whose audit record could not be appended (P10)', () => {
  it.each([
    ['never reached storage', false],
    ['was stored but its answer was lost', true],
  ])('is recorded once, by the next run, when its append %s', async (_, landed) => {
    const { tables, repo, audit, run, closedIn2019 } = await freshTables();
    const incident = await closedIn2019();

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

describe('a retention run that stops midway (P10)', () => {
  it('is counted by a later run with what it had done, and marked as stopped; a run under way is left to itself', async () => {
    const { tables, repo, audit, run, closedIn2019 } = await freshTables();
    const [one, two] = [await closedIn2019(), await closedIn2019()];
    const description = async (incident: Incident) =>
      (await repo.get(incident.year, incident.seq))!.incident.description;

    // The first incident is anonymised, then storage fails on the second: the run stops.
    failCallAfter(tables.client('Incidents'), 'submitTransaction', 1);
    await expect(run(now)).rejects.toThrow(StorageUnavailableError);
    expect(await description(one)).toBe(ANONYMISED);
    expect(await description(two)).not.toBe(ANONYMISED);

    // A run right after cannot tell the stopped run from one still going, and leaves it; it does its own work.
    const soon = new Date(now.getTime() + 5 * 60_000);
    expect((await run(soon)).earlierRunsRecorded).toBe(0);
    expect(await description(two)).toBe(ANONYMISED);

    // An hour on, the stopped run is recorded with what it did.
    const later = new Date(now.getTime() + 2 * 3_600_000);
    expect((await run(later)).earlierRunsRecorded).toBe(1);
    expect((await run(later)).earlierRunsRecorded).toBe(0);

    const records = await audit.read('retention');
    expect(
      records.map((record) => [record.details.ranAt, record.details.incidents, record.details.stoppedMidway]),
    ).toEqual([
      [soon.toISOString(), 1, undefined],
      [now.toISOString(), 1, true],
      [later.toISOString(), 0, undefined],
      [later.toISOString(), 0, undefined],
    ]);
    expect((await audit.verify()).breaks).toEqual([]);
  });
});
