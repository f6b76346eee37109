import { randomUUID } from 'node:crypto';
import { ConflictError } from '../../../src/errors';
import type { ScreeningRepository } from '../../../src/features/dpia/repository';
import type { HistoryEntry, Incident } from '../../../src/features/incidents/model';
import type { IncidentRepository } from '../../../src/features/incidents/repository';
import { ANONYMISED } from '../../../src/features/retention/rules';
import type { RetentionRun, RetentionStore } from '../../../src/features/retention/store';
import type { ViolationReferral } from '../../../src/features/violations/model';
import type { ViolationRepository } from '../../../src/features/violations/repository';
import { draft, entry } from '../incidents';
import { screening } from './screening-repository';

/** A retention store with the stores it reads through, all empty. */
export interface RetentionStores {
  store: RetentionStore;
  incidents: IncidentRepository;
  screenings: ScreeningRepository;
  violations: ViolationRepository;
}

const anonymised = (version: number): HistoryEntry => ({
  version,
  at: '2032-01-05T02:00:00.000Z',
  by: 'retention',
  byName: 'retention',
  action: 'anonymised',
  changes: {},
});

const run = (id: string, incidents = 0): RetentionRun => ({
  id,
  at: '2032-01-05T02:00:00.000Z',
  finished: true,
  details: { incidentYears: 5, screeningYears: 5, incidents, historyRows: 0, screenings: 0, conflicts: 0 },
});

/**
 * What every {@link RetentionStore} must do: find the closed incidents due (reported before a date,
 * not anonymised yet) by number with their eTags, rewrite an incident's history rows and count
 * them, replace incidents, screenings and referrals only at the eTag read, and keep a run's counts
 * until its audit record is in, oldest first. `fresh` gives empty stores for each test.
 */
export function retentionStoreContract(fresh: () => Promise<RetentionStores>): void {
  let stores: RetentionStores;
  beforeEach(async () => {
    stores = await fresh();
  });

  const report = async (
    year: number,
    state: Incident['state'],
    reportedAt: string,
    reporterId: string = randomUUID(),
  ) => {
    const { incident } = await stores.incidents.create(
      { ...draft(reporterId), state, reportedAt },
      year,
      randomUUID(),
      entry,
    );
    return incident;
  };

  it('finds the closed incidents reported before the date and not anonymised, by number, with their eTags', async () => {
    const closedOld = await report(2020, 'closed', '2020-03-01T09:00:00.000Z');
    const notAnIncident = await report(2019, 'notAnIncident', '2019-05-01T09:00:00.000Z');
    await report(2020, 'resolved', '2020-04-01T09:00:00.000Z');
    await report(2026, 'closed', '2026-03-01T09:00:00.000Z');
    await report(2020, 'closed', '2020-06-01T09:00:00.000Z', ANONYMISED);
    const due = await stores.store.closedIncidents(new Date('2021-01-01T00:00:00.000Z'));
    expect(due.map(({ incident }) => incident)).toEqual([notAnIncident, closedOld]);
    for (const { incident, etag } of due)
      expect(await stores.incidents.get(incident.year, incident.seq)).toEqual({ incident, etag });
    expect(await stores.store.closedIncidents(new Date('2020-03-01T09:00:00.000Z'))).toHaveLength(1);
  });

  it("rewrites an incident's history rows that change, counting them, and replaces the incident at its eTag only", async () => {
    const incident = await report(2020, 'closed', '2020-03-01T09:00:00.000Z');
    const { etag } = (await stores.store.closedIncidents(new Date('2021-01-01')))[0]!;
    const unchanged = await stores.store.rewriteHistory(incident, (row) => row);
    expect(unchanged).toBe(0);
    const written = await stores.store.rewriteHistory(incident, (row) => ({
      ...row,
      by: ANONYMISED,
      byName: ANONYMISED,
    }));
    expect(written).toBe(1);
    expect(await stores.incidents.history(2020, incident.seq)).toEqual([
      { ...entry, version: 1, by: ANONYMISED, byName: ANONYMISED },
    ]);

    const next = { ...incident, version: 2, reporterId: ANONYMISED, reporterName: ANONYMISED };
    await stores.store.replace(next, etag, anonymised(2));
    await expect(stores.store.replace({ ...next, version: 3 }, etag, anonymised(3))).rejects.toBeInstanceOf(
      ConflictError,
    );
    expect((await stores.incidents.get(2020, incident.seq))?.incident).toEqual(next);
    expect((await stores.incidents.history(2020, incident.seq)).map((row) => row.action)).toEqual([
      'reported',
      'anonymised',
    ]);
    expect(await stores.store.closedIncidents(new Date('2021-01-01'))).toEqual([]);
  });

  it('lists every screening and referral with its eTag, and replaces each only at that eTag', async () => {
    const stored = screening();
    await stores.screenings.create(stored);
    const referral: ViolationReferral = {
      id: randomUUID(),
      person: 'Jens Hansen',
      what: 'Delte sin adgangskode',
      referredBy: randomUUID(),
      referredByName: 'Mette Kjær',
      referredAt: '2020-01-01T09:00:00.000Z',
    };
    await stores.violations.create(referral);

    const [found] = await stores.store.screenings();
    expect(found).toEqual(await stores.screenings.get(stored.id));
    await stores.store.replaceScreening({ ...stored, systemName: ANONYMISED }, found!.etag);
    await expect(stores.store.replaceScreening(stored, found!.etag)).rejects.toBeInstanceOf(ConflictError);
    expect((await stores.screenings.get(stored.id))?.screening.systemName).toBe(ANONYMISED);

    const [kept] = await stores.store.referrals();
    expect(kept).toEqual(await stores.violations.get(referral.id));
    await stores.store.replaceReferral({ ...referral, person: ANONYMISED }, kept!.etag);
    await expect(stores.store.replaceReferral(referral, kept!.etag)).rejects.toBeInstanceOf(ConflictError);
    expect((await stores.violations.get(referral.id))?.referral.person).toBe(ANONYMISED);
  });

  it("keeps a run's latest counts until its record is in, oldest run first", async () => {
    expect(await stores.store.unrecordedRuns()).toEqual([]);
    const later = run(`2032-01-12T02:00:00.000Z_${randomUUID()}`);
    const earlier = run(`2032-01-05T02:00:00.000Z_${randomUUID()}`);
    await stores.store.saveRun(later);
    await stores.store.saveRun({ ...earlier, finished: false });
    await stores.store.saveRun(run(earlier.id, 7));
    expect(await stores.store.unrecordedRuns()).toEqual([run(earlier.id, 7), later]);
    await stores.store.runRecorded(earlier);
    await stores.store.runRecorded(earlier);
    expect(await stores.store.unrecordedRuns()).toEqual([later]);
  });
}
