import { da } from '../../src/i18n/catalogs';
import { cardActions, cardTexts, inputOn } from '../support/cards';
import { emailOf, ManualClock, newUser, startHarness, type Harness, type TestUser } from '../support/harness';
import { numberOn, submitReport } from '../support/incidents';
import { TableIncidentRepository } from '../../src/storage/incident-repository';
import type { HistoryEntry } from '../../src/features/incidents/model';

const e = da.incidents.errors;
const tr = da.incidents.triage;

/**
 * The breach record as Datatilsynet, the DPO and an auditor read it (#16 items 1–4, 6, 9; #15 items
 * 6–8): exact notification times, art. 34 without a default, awareness per regime from the
 * reporter's discovery, reasons for clearing the mark or closing with open measures, and a history
 * that says what changed.
 */
describe('the breach record is exact (P3, art. 33–34)', () => {
  const clock = new ManualClock(new Date('2026-03-27T10:00:00Z'));
  const coordinator = newUser('Mette Kjær');
  const itLead = newUser('Ida Thomsen');
  let h: Harness;
  let repo: TableIncidentRepository;
  beforeAll(async () => {
    h = await startHarness({ coordinators: [coordinator], clock });
    repo = new TableIncidentRepository(h.bot.tables.client('Incidents'), h.bot.tables.client('IncidentIndex'));
  });
  afterAll(() => h.close());
  beforeEach(() => clock.set('2026-03-27T10:00:00Z'));

  /** A breach discovered at `discovered` (Danish time, `yyyy-mm-ddTHH:mm`), reported now; the coordinator's card. */
  async function reported(discovered = '2026-03-27T10:00', overrides: Record<string, unknown> = {}) {
    const reporter = newUser('Sofie Jensen');
    const [discoveredDate, discoveredTime] = discovered.split('T');
    const number = numberOn(
      await submitReport(h.teams, reporter, {
        discoveredDate,
        discoveredTime,
        occurredDate: '',
        occurredTime: '',
        ...overrides,
      }),
    );
    const card = (await h.teams.act(coordinator, 'incident.view', { number })).body?.value;
    return { number, reporter, card };
  }
  const save = async (user: TestUser, card: unknown, verb: string, inputs: Record<string, unknown>) => {
    const action = cardActions(card).find((a) => a.verb === verb);
    if (!action) throw new Error(`no ${verb} button on the card`);
    return (await h.teams.act(user, verb, { ...action.data, ...inputs })).body?.value;
  };
  const view = async (number: string) => (await h.teams.act(coordinator, 'incident.view', { number })).body?.value;
  /** The breach decision card, opened from the incident's card (#16: its own card, so the triage card has room). */
  const decisionOf = (card: unknown) => save(coordinator, card, 'incident.breach.assess', {});
  const history = async (number: string): Promise<HistoryEntry[]> =>
    repo.history(Number(number.slice(4, 8)), Number(number.slice(9)));
  const decided = (card: unknown) => cardTexts(card).some((text) => text.startsWith('Beslutning registreret'));
  const decision = {
    decision: 'notify',
    justification: 'CPR-numre på 40 borgere i en mail til forkert modtager',
    consequences: 'Risiko for identitetstyveri',
    reference: '2026-431-0077',
    subjectsChoice: 'undecided',
  };

  it('1: a notification entered without its time is refused, not judged as sent at midnight', async () => {
    // Discovered 27.03 11:00 (CET): 72 elapsed hours end 30.03 at 12:00 summer time.
    const { number, card } = await reported('2026-03-27T11:00');
    expect(cardTexts(card)).toContain('Frist for anmeldelse til Datatilsynet: 30.03.2026 kl. 12:00');
    clock.set('2026-03-31T08:00:00Z');
    const dateOnly = await save(coordinator, await decisionOf(card), 'incident.breach.decision', {
      ...decision,
      notifiedDate: '2026-03-30',
      notifiedTime: '',
    });
    expect(cardTexts(dateOnly)).toContain(e.dateTime);
    expect(decided(await view(number))).toBe(false);
    // With its time, 20:00, the notification is 8 hours late: the reason for the delay is asked.
    const late = await save(coordinator, dateOnly, 'incident.breach.decision', {
      ...decision,
      notifiedDate: '2026-03-30',
      notifiedTime: '20:00',
    });
    expect(cardTexts(late)).toContain(e.delayReason);
    expect(decided(await view(number))).toBe(false);
  });

  it('2: a notification time before the moment of awareness is refused with a clear error', async () => {
    const { number, card } = await reported('2026-03-27T01:23');
    const early = await save(coordinator, await decisionOf(card), 'incident.breach.decision', {
      ...decision,
      notifiedDate: '2026-03-27',
      notifiedTime: '01:00',
    });
    expect(cardTexts(early)).toEqual(expect.arrayContaining([tr.fixErrors, e.beforeAwareness]));
    expect(inputOn(early, 'notifiedTime')?.value).toBe('01:00');
    expect(decided(await view(number))).toBe(false);
  });

  it('3: art. 34 has no default: told (when, how), not told (ground or justification), or not yet decided', async () => {
    const { number, card } = await reported();
    expect(inputOn(await decisionOf(card), 'subjectsChoice')?.value).toBe('');
    const { subjectsChoice: _none, ...withoutChoice } = decision;
    const notChosen = await save(coordinator, await decisionOf(card), 'incident.breach.decision', {
      ...withoutChoice,
      notifiedDate: '2026-03-27',
      notifiedTime: '10:30',
    });
    expect(cardTexts(notChosen)).toContain(e.subjectsChoice);
    expect(decided(await view(number))).toBe(false);

    const noGround = await save(coordinator, notChosen, 'incident.breach.decision', {
      ...decision,
      notifiedDate: '2026-03-27',
      notifiedTime: '10:30',
      subjectsChoice: 'notNotified',
    });
    expect(cardTexts(noGround)).toContain(e.subjectsGround);
    const toldWithoutHow = await save(coordinator, noGround, 'incident.breach.decision', {
      ...decision,
      notifiedDate: '2026-03-27',
      notifiedTime: '10:30',
      subjectsChoice: 'notified',
      subjectsDate: '2026-03-27',
      subjectsTime: '',
    });
    expect(cardTexts(toldWithoutHow)).toEqual(expect.arrayContaining([e.dateTime, e.required]));
    expect(decided(await view(number))).toBe(false);

    const recorded = await save(coordinator, toldWithoutHow, 'incident.breach.decision', {
      ...decision,
      notifiedDate: '2026-03-27',
      notifiedTime: '10:30',
      subjectsChoice: 'notNotified',
      subjectsGround: 'a',
      subjectsReason: '',
    });
    expect(
      cardTexts(recorded).some((text) => text.includes(`(art. 34): ${tr.subjectsNotNotified}: ${tr.subjectsGroundA}`)),
    ).toBe(true);
    const told = await save(coordinator, recorded, 'incident.breach.decision', {
      ...decision,
      notifiedDate: '2026-03-27',
      notifiedTime: '10:30',
      subjectsChoice: 'notified',
      subjectsDate: '2026-03-27',
      subjectsTime: '10:45',
      subjectsHow: 'Brev i e-Boks',
    });
    expect(
      cardTexts(told).some((text) => text.includes('(art. 34): Underrettet 27.03.2026 kl. 10:45 (Brev i e-Boks)')),
    ).toBe(true);
    const last = (await history(number)).at(-1);
    expect(last?.changes).toMatchObject({ breachSubjects: ['notNotified', 'notified'] });
  });

  it('3: a decision stored by the old code (art. 34 preselected "not required") shows as not yet decided', async () => {
    const { number } = await reported();
    const [year, seq] = [Number(number.slice(4, 8)), Number(number.slice(9))];
    const stored = await repo.get(year, seq);
    if (!stored) throw new Error('not stored');
    const old = {
      ...stored.incident,
      version: stored.incident.version + 1,
      breachDecision: {
        notify: false,
        justification: 'Krypteret',
        dataSubjectsInformed: 'notRequired' as const,
        decidedBy: 'Mette Kjær',
        decidedAt: '2026-03-27T10:00:00.000Z',
      },
    };
    await repo.update(
      old,
      stored.etag,
      {
        version: old.version,
        at: old.breachDecision.decidedAt,
        by: 'x',
        byName: 'Mette Kjær',
        action: 'breachDecision',
        changes: {},
      },
      stored.incident,
    );
    const card = await view(number);
    expect(cardTexts(card).some((text) => text.endsWith(`(art. 34): ${tr.subjectsUndecided}`))).toBe(true);
    expect(cardTexts(card).some((text) => text.includes(tr.subjectsNotRequired))).toBe(false);
  });

  it('6: clearing the breach mark, or "not an incident", needs a justification kept in the history', async () => {
    const { number, card } = await reported();
    const bare = await save(coordinator, card, 'incident.triage', { isBreach: 'false' });
    expect(cardTexts(bare)).toContain(e.clearBreachReason);
    expect(inputOn(await view(number), 'isBreach')?.value).toBe('true');
    const cleared = await save(coordinator, bare, 'incident.triage', {
      isBreach: 'false',
      comment: 'Mailen gik til en kollega i forvaltningen',
    });
    expect(cardTexts(cleared)).toContain(tr.saved);
    const entry = (await history(number)).at(-1);
    expect(entry).toMatchObject({
      comment: 'Mailen gik til en kollega i forvaltningen',
      changes: { isBreach: [true, false] },
    });
    const notIncident = await save(coordinator, cleared, 'incident.triage', { state: 'notAnIncident' });
    expect(cardTexts(notIncident)).toContain(e.notAnIncidentReason);
  });

  it('4 + 9: each regime has its own awareness, from the discovery; a correction moves only its own clock', async () => {
    // Discovered 26.03 at 22:00, reported the morning after.
    const { number, card } = await reported('2026-03-26T22:00');
    const marked = await save(coordinator, card, 'incident.triage', { nis2Significant: 'true' });
    const texts = cardTexts(marked);
    expect(texts).toEqual(
      expect.arrayContaining([
        'Kendskab (GDPR): 26.03.2026 kl. 22:00 (opdaget af den, der meldte hændelsen)',
        'Kendskab (NIS2): 26.03.2026 kl. 22:00 (opdaget af den, der meldte hændelsen)',
        'Frist for anmeldelse til Datatilsynet: 29.03.2026 kl. 23:00',
        da.incidents.detail.reported,
        '27.03.2026 kl. 11:00',
      ]),
    );
    const gdpr = await save(coordinator, marked, 'incident.awareness', {
      awarenessRegime: 'gdpr',
      awarenessDate: '2026-03-27',
      awarenessTime: '09:00',
      awarenessReason: 'Først da stod det klart, at CPR-numre var med',
    });
    expect(cardTexts(gdpr)).toEqual(
      expect.arrayContaining([
        'Kendskab (GDPR): 27.03.2026 kl. 09:00 (rettet)',
        'Kendskab (NIS2): 26.03.2026 kl. 22:00 (opdaget af den, der meldte hændelsen)',
        'Frist for anmeldelse til Datatilsynet: 30.03.2026 kl. 10:00',
        `${da.incidents.triage.nis2Steps.earlyWarning}`,
        'Frist: 27.03.2026 kl. 22:00',
      ]),
    );
    const nis2 = await save(coordinator, gdpr, 'incident.awareness', {
      awarenessRegime: 'nis2',
      awarenessDate: '2026-03-27',
      awarenessTime: '08:00',
      awarenessReason: 'Driften så påvirkningen kl. 8',
    });
    expect(cardTexts(nis2)).toEqual(
      expect.arrayContaining([
        'Kendskab (GDPR): 27.03.2026 kl. 09:00 (rettet)',
        'Kendskab (NIS2): 27.03.2026 kl. 08:00 (rettet)',
        'Frist: 28.03.2026 kl. 08:00',
      ]),
    );
    const corrections = (await history(number)).filter((entry) => entry.action === 'awarenessChanged');
    expect(corrections.map((entry) => [Object.keys(entry.changes), entry.comment])).toEqual([
      [['awarenessAt'], 'Først da stod det klart, at CPR-numre var med'],
      [['nis2AwarenessAt'], 'Driften så påvirkningen kl. 8'],
    ]);
  });

  it('#15-6: the history says what changed, from and to, with who and when', async () => {
    const { number, card } = await reported();
    const saved = await save(coordinator, card, 'incident.triage', {
      state: 'inProgress',
      severity: 'high',
      assignee: emailOf(itLead),
    });
    const measures = await save(coordinator, saved, 'incident.measures', {});
    await save(coordinator, measures, 'incident.measure.add', {
      measureText: 'Bed modtageren slette mailen',
      measureOwner: emailOf(coordinator),
      measureDue: '2026-03-28',
    });
    const texts = cardTexts(await view(number));
    expect(texts).toContain(' · status: Modtaget → Under behandling; alvorlighed: – → Høj; ansvarlig: – → Ida Thomsen');
    expect(texts).toContain(' · foranstaltning tilføjet: Bed modtageren slette mailen (Mette Kjær, 2026-03-28)');
    expect(texts.some((text) => text.startsWith('27.03.2026 kl. 11:00 · Mette Kjær · '))).toBe(true);
  });

  it('#15-7: closing with open measures warns, and needs a confirmation and a reason kept in the history', async () => {
    const { number, card } = await reported('2026-03-27T10:00', {
      kind: 'general',
      personalData: 'no',
      personalDataKinds: '',
    });
    const measures = await save(coordinator, card, 'incident.measures', {});
    await save(coordinator, measures, 'incident.measure.add', {
      measureText: 'Skift adgangskoder',
      measureOwner: emailOf(coordinator),
      measureDue: '2026-04-10',
    });
    const warned = await save(coordinator, await view(number), 'incident.triage', { state: 'closed' });
    expect(cardTexts(warned)).toContain(e.openMeasures);
    expect(inputOn(warned, 'confirmOpenMeasures')).toBeDefined();
    expect(cardTexts(await view(number))).toContain(`${number} · ${da.incidents.states.received}`);
    const noReason = await save(coordinator, warned, 'incident.triage', {
      state: 'closed',
      confirmOpenMeasures: 'true',
    });
    expect(cardTexts(noReason)).toContain(e.openMeasuresReason);
    const closed = await save(coordinator, noReason, 'incident.triage', {
      state: 'closed',
      confirmOpenMeasures: 'true',
      comment: 'Leverandøren skifter koderne i april; følges i driften',
    });
    expect(cardTexts(closed)).toContain(`${number} · ${da.incidents.states.closed}`);
    expect((await history(number)).at(-1)).toMatchObject({
      comment: 'Leverandøren skifter koderne i april; følges i driften',
      changes: { state: ['received', 'closed'], openMeasuresAtClose: [null, 1] },
    });
  });

  it("#15-8: an error shows at its field: the decision on its own card, the triage card's sections closed", async () => {
    const { card } = await reported();
    const sections = (shown: unknown) =>
      Object.fromEntries(['fMeasures', 'fAwareness'].map((id) => [id, inputOn(shown, id)?.isVisible]));
    expect(sections(card)).toEqual({ fMeasures: false, fAwareness: false });
    // The breach decision has its own card (#16), with nothing collapsed: the error is at its field.
    const breach = await save(coordinator, await decisionOf(card), 'incident.breach.decision', {
      ...decision,
      justification: '',
    });
    const shown = cardTexts(breach);
    expect(shown[shown.indexOf(tr.justification) + 1]).toBe(e.required);
    expect(inputOn(breach, 'consequences')?.value).toBe(decision.consequences);
    // The measures have a card of their own (#20), with nothing collapsed: the error is at its field.
    const measures = await save(coordinator, card, 'incident.measures', {});
    const measure = await save(coordinator, measures, 'incident.measure.add', { measureText: '' });
    const texts = cardTexts(measure);
    expect(texts[texts.indexOf(da.measures.card.text) + 1]).toBe(e.required);
  });

  it('12: the coordinator gets the text of each field of Datatilsynet’s form, in Danish, filled from the record', async () => {
    const { number, card } = await reported('2026-03-27T09:30');
    const decided = await save(coordinator, await decisionOf(card), 'incident.breach.decision', {
      ...decision,
      notifiedDate: '2026-03-27',
      notifiedTime: '10:45',
    });
    const form = await save(coordinator, decided, 'incident.breach.form', {});
    const texts = cardTexts(form);
    const f = da.incidents.notificationForm;
    const after = (label: string) => texts[texts.indexOf(label) + 1];
    expect(texts).toContain(`Tekst til Datatilsynets anmeldelsesblanket – ${number}`);
    expect(after(f.aware)).toBe('27.03.2026 kl. 09:30');
    expect(after(f.notified)).toBe('27.03.2026 kl. 10:45');
    expect(after(f.delay)).toBe(f.notLate);
    expect(after(f.dataKinds)).toBe('Almindelige personoplysninger, CPR-numre');
    expect(after(f.people)).toBe('ca. 40');
    expect(after(f.records)).toBe(f.missing);
    expect(after(f.consequences)).toBe('Risiko for identitetstyveri');
    expect(after(f.subjects)).toBe(tr.subjectsUndecided);
    // Only a coordinator gets it.
    const employee = newUser('Lars Holm');
    const refused = await h.teams.act(employee, 'incident.breach.form', { number });
    expect(JSON.stringify(refused.body)).not.toContain('S-toget');
  });

  it('#15-6 and 12: the auditors’ CSV log says what changed in each incident, with who, when and why', async () => {
    const { number, card } = await reported();
    await save(coordinator, card, 'incident.triage', {
      isBreach: 'false',
      comment: 'Ingen personoplysninger alligevel',
    });
    const form = await h.teams.act(coordinator, 'incident.export');
    const created = await save(coordinator, form.body?.value, 'incident.export', {
      from: '2026-03-01',
      to: '2026-03-31',
      create: true,
    });
    const link = JSON.stringify(created).match(/http:\/\/127\.0\.0\.1:\d+\/api\/export\/[A-Za-z0-9_-]+/)?.[0];
    const csv = await (await fetch(link as string)).text();
    const row = csv.split('\r\n').find((line) => line.startsWith(`${number};`)) ?? '';
    expect(row).toContain(
      '2026-03-27 11:00 Mette Kjær: behandlet – markering som brud på persondatasikkerheden fjernet – Ingen personoplysninger alligevel',
    );
    expect(csv.split('\r\n')[0]).toBe(da.incidents.csv.header);
  });
});
