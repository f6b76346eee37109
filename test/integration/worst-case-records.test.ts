import { randomBytes, randomUUID } from 'node:crypto';
import { screeningQuestions, type Screening } from '../../src/features/dpia/model';
import { screenForDpia, type ScreeningAnswers } from '../../src/features/dpia/screening-outcome';
import { toListItem } from '../../src/features/incidents/list-item';
import type { HistoryEntry, Incident } from '../../src/features/incidents/model';
import type { SystemRecord } from '../../src/features/systems/model';
import { TableIncidentRepository } from '../../src/storage/incident-repository';
import { TableRetentionStore } from '../../src/storage/retention-store';
import { TableScreeningRepository } from '../../src/storage/screening-repository';
import { TableSystemRepository } from '../../src/storage/system-repository';
import { createTables, type Tables } from '../../src/storage/tables';
import { TableViolationRepository } from '../../src/storage/violation-repository';
import { entitiesIn } from '../support/fault-records';
import type { ViolationReferral } from '../../src/features/violations/model';
import { draft, entry } from '../support/incidents';
import { PROPERTY_LIMIT, worstText } from '../support/worst-text';

const at = '2026-11-29T12:00:00.000Z';
const coordinatorName = worstText(120);
const link = (n: number) => `https://${worstText(n - 8)}`;
const longestProperty = (rows: Record<string, unknown>[]): number =>
  Math.max(...rows.flatMap((row) => Object.values(row).map((value) => (typeof value === 'string' ? value.length : 0))));

/**
 * Table Storage takes at most 32 K characters in one property. Each record below is as long as its
 * forms allow, in the text that JSON makes longest (see {@link worstText}), and must be stored and
 * read back as it was.
 */
describe('records as long as their forms allow, in Table Storage (Azurite)', () => {
  let tables: Tables;
  let incidents: TableIncidentRepository;
  beforeAll(async () => {
    tables = createTables(
      { connectionString: process.env.TEST_AZURITE_CONNECTION_STRING as string },
      `w${randomBytes(4).toString('hex')}`,
    );
    await tables.ensureAll();
    incidents = new TableIncidentRepository(tables.client('Incidents'), tables.client('IncidentIndex'));
  });

  it('keeps a breach decision recorded again, with the three 2000-character texts before and after', async () => {
    const reporter = randomUUID();
    const { incident } = await incidents.create({ ...draft(reporter), isBreach: true }, 2026, `${reporter}~a`, entry);
    const texts = (n: number) => [worstText(2000), worstText(2000).replace('Æ', String(n))];
    const [justification, consequences, delayReason] = [texts(1), texts(2), texts(3)];
    const decided: HistoryEntry = {
      version: 2,
      at,
      by: randomUUID(),
      byName: coordinatorName,
      action: 'breachDecision',
      changes: {
        breachDecision: ['notNotify', 'notify'],
        breachJustification: justification as [string, string],
        breachConsequences: consequences as [string, string],
        breachReference: [worstText(100), worstText(100).replace('Æ', 'Ø')],
        breachDelayReason: delayReason as [string, string],
      },
    };
    const { etag } = (await incidents.get(incident.year, incident.seq))!;
    await incidents.update({ ...incident, version: 2 }, etag, decided, incident);

    expect(await incidents.history(incident.year, incident.seq)).toEqual([{ ...entry, version: 1 }, decided]);
    const rows = await entitiesIn(tables.client('Incidents'));
    expect(longestProperty(rows)).toBeLessThanOrEqual(PROPERTY_LIMIT);

    // The retention run rewrites the history rows: the shorter entry leaves no part of the longer one.
    const retention = new TableRetentionStore(
      tables.client('Incidents'),
      incidents,
      tables.client('Screenings'),
      new TableScreeningRepository(tables.client('Screenings'), tables.client('ScreeningIndex')),
      tables.client('Jobs'),
      new TableViolationRepository(tables.client('Violations')),
    );
    const anonymised = (e: HistoryEntry): HistoryEntry => ({ ...e, byName: 'anonymiseret', changes: {} });
    expect(await retention.rewriteHistory({ ...incident, version: 2 }, anonymised)).toBe(2);
    expect(await incidents.history(incident.year, incident.seq)).toEqual(
      [{ ...entry, version: 1 }, decided].map(anonymised),
    );
  });

  it('keeps a system with every text of the register, criticality, risk assessment and major change at its limit', async () => {
    const systems = new TableSystemRepository(tables.client('Systems'), tables.client('SystemIndex'));
    const registered: SystemRecord = {
      id: randomBytes(6).toString('hex'),
      version: 1,
      // The name is also in the list rows' keys, which take no lone surrogates; it is short in JSON anyway.
      name: `Økonomisystem "${randomUUID()}"`,
      purpose: worstText(1000),
      supplier: worstText(200),
      ownerId: randomUUID(),
      ownerName: worstText(120),
      contingencyPlanUrl: link(500),
      personalData: true,
      personalDataKinds: ['ordinary', 'sensitive', 'cpr', 'criminal'],
      createdAt: at,
      createdBy: coordinatorName,
    };
    const first = {
      version: 1,
      at,
      by: randomUUID(),
      byName: coordinatorName,
      action: 'registered' as const,
      changes: {},
    };
    await systems.create(registered, first);
    const full: SystemRecord = {
      ...registered,
      version: 2,
      criticality: {
        answers: {
          lifeAndHealthRiskOnOutage: true,
          citizenServiceImpact: 'longerOutage',
          statutoryService: true,
          especiallySensitivePersonalData: true,
        },
        proposed: 'lifeAndDeath',
        reasons: ['lifeAndHealth', 'sensitivePersonalData'],
        category: 'nonCritical',
        overrideReason: worstText(1000),
        answeredBy: coordinatorName,
        answeredAt: at,
        confirmedBy: coordinatorName,
        confirmedAt: at,
      },
      lastRiskAssessment: {
        date: '2026-11-01',
        by: coordinatorName,
        summary: worstText(1000),
        link: link(500),
        recordedAt: at,
      },
      pendingChange: { area: 'supplier', description: worstText(2000), at, by: coordinatorName },
      latestScreeningId: randomUUID(),
    };
    const { etag } = (await systems.get(registered.id))!;
    await systems.update(
      full,
      etag,
      { ...first, version: 2, action: 'majorChange', comment: worstText(2000) },
      registered,
    );
    expect((await systems.get(registered.id))?.system).toEqual(full);

    // A record that shrinks again leaves no part of the longer one behind.
    const shorter: SystemRecord = { ...full, version: 3, pendingChange: undefined, purpose: 'Løn' };
    await systems.update(
      shorter,
      (await systems.get(registered.id))!.etag,
      { ...first, version: 3, action: 'edited' },
      full,
    );
    expect((await systems.get(registered.id))?.system).toEqual(JSON.parse(JSON.stringify(shorter)));
    expect(longestProperty(await entitiesIn(tables.client('Systems')))).toBeLessThanOrEqual(PROPERTY_LIMIT);
  });

  it('keeps an answered screening with a 500-character note on every question and the DPIA recorded', async () => {
    const screenings = new TableScreeningRepository(tables.client('Screenings'), tables.client('ScreeningIndex'));
    const requested: Screening = {
      id: randomUUID(),
      systemId: randomBytes(6).toString('hex'),
      systemName: worstText(120),
      trigger: 'majorChange',
      ownerId: randomUUID(),
      requestedBy: randomUUID(),
      requestedByName: coordinatorName,
      requestedAt: at,
    };
    await screenings.create(requested);
    const answers = Object.fromEntries(
      screeningQuestions.map((question) => [question, true]),
    ) as unknown as ScreeningAnswers;
    const answered: Screening = {
      ...requested,
      answer: {
        answers,
        notes: Object.fromEntries(screeningQuestions.map((question) => [question, worstText(500)])),
        result: screenForDpia(answers),
        answeredBy: requested.ownerId,
        answeredByName: worstText(120),
        answeredAt: at,
      },
      dpia: { doneDate: '2026-11-29', link: link(500), recordedBy: coordinatorName, recordedAt: at },
    };
    await screenings.update(answered, (await screenings.get(requested.id))!.etag);

    expect((await screenings.get(requested.id))?.screening).toEqual(answered);
    expect(await screenings.listBySystem(requested.systemId, 10)).toEqual([answered]);
    expect(longestProperty(await entitiesIn(tables.client('Screenings')))).toBeLessThanOrEqual(PROPERTY_LIMIT);
  });

  it('keeps a violation referral with its 4000-character account and decision, and lists it', async () => {
    const referrals = new TableViolationRepository(tables.client('Violations'));
    const referredBy = randomUUID();
    const referral: ViolationReferral = {
      id: randomUUID(),
      person: worstText(200),
      what: worstText(4000),
      incidentNumber: worstText(40),
      referredBy,
      referredByName: coordinatorName,
      referredAt: at,
    };
    await referrals.create(referral);
    const decided: ViolationReferral = {
      ...referral,
      decision: {
        text: worstText(4000),
        date: '2026-11-29',
        decidedBy: randomUUID(),
        decidedByName: worstText(120),
        decidedAt: at,
      },
    };
    await referrals.update(decided, (await referrals.get(referral.id))!.etag);

    expect((await referrals.get(referral.id))?.referral).toEqual(decided);
    expect(await referrals.list(referredBy)).toEqual([decided]);
    expect(longestProperty(await entitiesIn(tables.client('Violations')))).toBeLessThanOrEqual(PROPERTY_LIMIT);

    // Anonymised by the retention run: the shorter referral leaves no part of the longer one behind.
    const anonymised: ViolationReferral = {
      ...decided,
      person: 'anonymiseret',
      what: 'anonymiseret',
      decision: undefined,
    };
    await referrals.update(anonymised, (await referrals.get(referral.id))!.etag);
    expect((await referrals.get(referral.id))?.referral).toEqual(JSON.parse(JSON.stringify(anonymised)));
  });

  it("shows an incident with 50 long open measures in the open list and the reporter's list, from one property each", async () => {
    const reporter = randomUUID();
    const { incident } = await incidents.create(
      { ...draft(reporter), title: worstText(120) },
      2026,
      `${reporter}~b`,
      entry,
    );
    const measured: Incident = {
      ...incident,
      version: 2,
      measures: Array.from({ length: 50 }, (_, i) => ({
        id: randomUUID().slice(0, 8),
        text: worstText(500),
        owner: worstText(120),
        dueDate: `2026-12-${String((i % 28) + 1).padStart(2, '0')}`,
        done: false,
      })),
    };
    const { etag } = (await incidents.get(incident.year, incident.seq))!;
    await incidents.update(measured, etag, { ...entry, version: 2, action: 'measureAdded' }, incident);
    await incidents.settled();

    const item = toListItem(measured);
    expect(item.openMeasures).toHaveLength(50);
    expect((await incidents.listOpen(50)).find((shown) => shown.seq === incident.seq)).toEqual(item);
    expect(await incidents.listByReporter(reporter, 10)).toEqual([item]);
    const rows = await entitiesIn(tables.client('IncidentIndex'));
    expect(rows.filter((row) => row.seq === incident.seq && row.pending === false)).toHaveLength(2);
    expect(longestProperty(rows)).toBeLessThanOrEqual(PROPERTY_LIMIT);
  });
});
