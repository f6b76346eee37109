import { parse } from 'csv-parse/sync';
import { da } from '../../src/i18n/catalogs';
import { en } from '../../src/i18n/catalogs';
import { cardActions, cardOf, cardTexts, inputOn } from '../support/cards';
import {
  emailOf,
  ManualClock,
  newUser,
  startHarness,
  TeamsClient,
  type Harness,
  type TestUser,
} from '../support/harness';
import { numberOn, submitReport } from '../support/incidents';
import { TableIncidentRepository } from '../../src/storage/incident-repository';

const HOUR = 3_600_000;

describe('the coordinator triages and keeps the log (P1–P3)', () => {
  const clock = new ManualClock(new Date('2026-11-28T09:00:00Z'));
  const coordinator = newUser('Mette Kjær');
  const englishCoordinator = newUser('Emma Hall', 'en-US');
  const assignee = newUser('Ida Thomsen');
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness({
      coordinators: [coordinator, englishCoordinator],
      clock,
      env: { CONTINGENCY_PLAN_BREACH_URL: 'https://intranet.example.dk/beredskab/persondata' },
    });
    await h.registerChannel('coordinator');
  });
  afterAll(() => h.close());

  /** Reports an incident as a new employee and returns the number, the reporter and the coordinator's triage card. */
  async function reported(overrides: Record<string, unknown> = {}) {
    const reporter = newUser('Sofie Jensen');
    await h.teams.say(reporter, 'hej'); // the reporter's personal chat is known, as in Teams
    const number = numberOn(await submitReport(h.teams, reporter, overrides));
    const view = await h.teams.act(coordinator, 'incident.refresh', { number }, { trigger: 'automatic' });
    return { number, reporter, card: view.body?.value };
  }
  const save = (user: TestUser, card: any, verb: string, inputs: Record<string, unknown>) => {
    const action = cardActions(card).find((a) => a.verb === verb);
    if (!action) throw new Error(`no ${verb} button on the card`);
    return h.teams.act(user, verb, { ...action.data, ...inputs });
  };

  it('shows the coordinator the full triage card with the personal-data plan and the 72-hour deadline in Danish time', async () => {
    const { number, card } = await reported();
    const texts = cardTexts(card);
    expect(texts).toEqual(
      expect.arrayContaining([
        `${number} · ${da.incidents.states.received}`,
        'Bærbar computer glemt i S-toget',
        'Sofie Jensen',
      ]),
    );
    expect(texts).toContain(da.incidents.triage.planBreach);
    // Discovered by the reporter 27.11.2026 08:15 (CET), reported the day after: the 72 hours run
    // from the municipality's awareness, the discovery (P3).
    expect(texts).toContain('Frist for anmeldelse til Datatilsynet: 30.11.2026 kl. 08:15');
    expect(texts).toContain('46 timer tilbage');
    expect(texts).toContain('Kendskab (GDPR): 27.11.2026 kl. 08:15 (opdaget af den, der meldte hændelsen)');
    expect(JSON.stringify(card)).toContain('https://intranet.example.dk/beredskab/persondata');
  });

  it('records state, severity and assignee with who and when, and tells the reporter when resolved', async () => {
    const { number, reporter, card } = await reported();
    const saved = await save(coordinator, card, 'incident.triage', {
      state: 'inProgress',
      severity: 'high',
      assignee: emailOf(assignee),
      comment: 'Politiet er kontaktet',
    });
    const after = saved.body?.value;
    expect(cardTexts(after)).toEqual(
      expect.arrayContaining([`${number} · ${da.incidents.states.inProgress}`, da.incidents.triage.saved]),
    );
    expect(cardTexts(after).some((text) => text.includes('Mette Kjær · behandlet'))).toBe(true);
    expect(cardTexts(after)).toContain(' – Politiet er kontaktet');

    h.connector.clear();
    const resolved = await save(coordinator, after, 'incident.triage', { state: 'resolved', severity: 'high' });
    expect(cardTexts(resolved.body?.value)).toContain(`${number} · ${da.incidents.states.resolved}`);
    await h.connector.waitFor(
      (call) =>
        call.conversationId === TeamsClient.personalChat(reporter) &&
        JSON.stringify(call.activity).includes(da.incidents.status.resolved),
    );
    const told = h.connector.sentTo(TeamsClient.personalChat(reporter)).map(cardOf);
    expect(told.flatMap(cardTexts)).toEqual(
      expect.arrayContaining([`Nyt om din indberetning ${number}`, da.incidents.status.resolved]),
    );
  });

  it('answers an outdated card with the current card and never overwrites the newer change', async () => {
    const { number, card } = await reported();
    await save(coordinator, card, 'incident.triage', { state: 'inProgress', severity: 'critical' });
    const stale = await save(englishCoordinator, card, 'incident.triage', { state: 'notAnIncident', severity: 'low' });
    const current = stale.body?.value;
    expect(cardTexts(current)).toEqual(
      expect.arrayContaining([en.common.errorConflict, `${number} · ${en.incidents.states.inProgress}`]),
    );
    const again = await h.teams.act(coordinator, 'incident.view', { number });
    expect(JSON.stringify(again.body?.value)).toContain('"value":"critical"');
  });

  it('refuses triage from anyone without the coordinator role, whatever the card carried', async () => {
    const { number, card, reporter } = await reported();
    const intruder = newUser('Lars Holm');
    for (const user of [intruder, reporter]) {
      const refused = await save(user, card, 'incident.triage', { state: 'closed' });
      expect(refused.body?.type).toBe('application/vnd.microsoft.activity.message');
      expect(refused.body?.value).toBe(da.common.errorForbidden);
    }
    const refresh = await h.teams.act(intruder, 'incident.refresh', { number }, { trigger: 'automatic' });
    expect(JSON.stringify(refresh.body)).not.toContain('S-toget');
    expect(cardTexts(refresh.body?.value)).toContain(da.incidents.notice.restricted);
    const view = await h.teams.act(coordinator, 'incident.view', { number });
    expect(cardTexts(view.body?.value)).toContain(`${number} · ${da.incidents.states.received}`);
  });

  it('keeps remedial measures with owner and due date, flags them overdue, and marks them done', async () => {
    const { number, card } = await reported({ kind: 'general', personalData: 'no', personalDataKinds: '' });
    const owner = newUser('Ida Thomsen');
    // The measures have a card of their own, opened from the triage card (#20: an owner is a person).
    const measures = (await save(coordinator, card, 'incident.measures', {})).body?.value;
    const missing = await save(coordinator, measures, 'incident.measure.add', {
      measureText: '',
      measureOwner: emailOf(owner),
      measureDue: 'i morgen',
    });
    expect(cardTexts(missing.body?.value)).toEqual(
      expect.arrayContaining([da.incidents.errors.required, da.incidents.errors.dueDate]),
    );
    const added = await save(coordinator, missing.body?.value, 'incident.measure.add', {
      measureText: 'Fjernslet computeren',
      measureOwner: emailOf(owner),
      measureDue: '2026-11-30',
    });
    expect(cardTexts(added.body?.value)).toEqual(
      expect.arrayContaining(['Fjernslet computeren', 'Ida Thomsen · frist 30.11.2026']),
    );

    clock.advance(3 * 24 * HOUR);
    const open = await h.teams.act(coordinator, 'incident.open');
    expect(cardTexts(open.body?.value)).toEqual(
      expect.arrayContaining([da.incidents.list.overdueTitle, 'Fjernslet computeren']),
    );
    const triage = (await h.teams.act(coordinator, 'incident.view', { number })).body?.value;
    const done = await save(coordinator, triage, 'incident.measure.done', {});
    expect(cardTexts(done.body?.value).some((text) => text.startsWith('Udført 01.12.2026 af Mette Kjær'))).toBe(true);
    clock.set('2026-11-28T09:00:00Z');
  });

  it('picks the assignee as a person (the Teams people picker, or a work e-mail), refusing anyone Teams does not know', async () => {
    const { number, card } = await reported({ kind: 'general', personalData: 'no', personalDataKinds: '' });
    expect(inputOn(card, 'assigneePick')).toMatchObject({
      type: 'Input.ChoiceSet',
      'choices.data': { type: 'Data.Query', dataset: 'graph.microsoft.com/users' },
    });
    const refused = (await save(coordinator, card, 'incident.triage', { assignee: 'IT-drift', severity: 'low' })).body
      ?.value;
    expect(cardTexts(refused)).toEqual(expect.arrayContaining([da.incidents.triage.fixErrors, da.assignee.notFound]));
    expect(inputOn(refused, 'assignee')?.value).toBe('IT-drift');
    expect(inputOn(refused, 'severity')?.value).toBe('low');
    const repo = new TableIncidentRepository(h.bot.tables.client('Incidents'), h.bot.tables.client('IncidentIndex'));
    const seq = Number(number.slice(-4));
    expect((await repo.get(2026, seq))?.incident.version).toBe(1);

    const picked = (await save(coordinator, card, 'incident.triage', { assigneePick: assignee.aadObjectId })).body
      ?.value;
    expect(cardTexts(picked)).toContain(da.incidents.triage.saved);
    expect(inputOn(picked, 'assignee')?.value).toBe('Ida Thomsen');
    expect((await repo.get(2026, seq))?.incident).toMatchObject({
      assignee: 'Ida Thomsen',
      assigneeId: assignee.aadObjectId,
    });
    // Saving again with the name shown changes nothing about the assignee; emptying it removes them.
    const again = (await save(coordinator, picked, 'incident.triage', { severity: 'medium' })).body?.value;
    expect((await repo.get(2026, seq))?.incident.assigneeId).toBe(assignee.aadObjectId);
    await save(coordinator, again, 'incident.triage', { assignee: '' });
    const cleared = (await repo.get(2026, seq))?.incident;
    expect([cleared?.assignee, cleared?.assigneeId]).toEqual([undefined, undefined]);
  });

  it('records the breach decision with justification and likely consequences, and requires the reason for a late notification (art. 33)', async () => {
    const { number, card } = await reported();
    const decisionCard = (await save(coordinator, card, 'incident.breach.assess', {})).body?.value;
    const noReason = await save(coordinator, decisionCard, 'incident.breach.decision', {
      decision: 'notNotify',
      justification: '',
      consequences: '',
    });
    const noReasonTexts = cardTexts(noReason.body?.value);
    expect(noReasonTexts.filter((text) => text === da.incidents.errors.required)).toHaveLength(2);
    expect(noReasonTexts).toContain(da.incidents.triage.consequences);
    clock.advance(80 * HOUR);
    const late = await save(coordinator, noReason.body?.value, 'incident.breach.decision', {
      decision: 'notify',
      justification: 'CPR-numre på 40 borgere',
      consequences: 'Risiko for identitetstyveri for 40 borgere',
      notifiedDate: '2026-12-01',
      notifiedTime: '17:00',
      reference: '2026-431-0077',
      subjectsChoice: 'undecided',
    });
    expect(cardTexts(late.body?.value)).toContain(da.incidents.errors.delayReason);
    const recorded = await save(coordinator, late.body?.value, 'incident.breach.decision', {
      decision: 'notify',
      justification: 'CPR-numre på 40 borgere',
      consequences: 'Risiko for identitetstyveri for 40 borgere',
      notifiedDate: '2026-12-01',
      notifiedTime: '17:00',
      reference: '2026-431-0077',
      delayReason: 'Omfanget blev først kendt sent',
      subjectsChoice: 'undecided',
    });
    expect(
      cardTexts(recorded.body?.value).some(
        (text) => text.startsWith('Beslutning registreret') && text.endsWith(da.incidents.triage.decisionNotify),
      ),
    ).toBe(true);
    // The card shows what was recorded when the coordinator opens the decision again.
    const triage = (await h.teams.act(coordinator, 'incident.view', { number })).body?.value;
    const shown = (await save(coordinator, triage, 'incident.breach.assess', {})).body?.value;
    const recordedValues = ['consequences', 'reference', 'notifiedDate', 'notifiedTime', 'delayReason'].map(
      (id) => inputOn(shown, id)?.value,
    );
    expect(recordedValues).toEqual([
      'Risiko for identitetstyveri for 40 borgere',
      '2026-431-0077',
      '2026-12-01',
      '17:00',
      'Omfanget blev først kendt sent',
    ]);
    expect(cardTexts(shown)).toContain(
      `Anmeldt til Datatilsynet 01.12.2026 kl. 17:00 · journalnr. 2026-431-0077 · De registrerede underrettet (art. 34): ${da.incidents.triage.subjectsUndecided}`,
    );

    // Recorded again, differently: the history keeps what the first decision said (P10).
    await save(coordinator, shown, 'incident.breach.decision', {
      decision: 'notNotify',
      justification: 'Disken var krypteret alligevel',
      consequences: 'Ingen',
      subjectsChoice: 'notNotified',
      subjectsGround: 'a',
    });
    const [year, seq] = [Number(number.slice(4, 8)), Number(number.slice(9))];
    const history = await new TableIncidentRepository(
      h.bot.tables.client('Incidents'),
      h.bot.tables.client('IncidentIndex'),
    ).history(year, seq);
    const decisions = history.filter((entry) => entry.action === 'breachDecision').map((entry) => entry.changes);
    expect(decisions.at(-1)).toMatchObject({
      breachDecision: ['notify', 'notNotify'],
      breachJustification: ['CPR-numre på 40 borgere', 'Disken var krypteret alligevel'],
      breachConsequences: ['Risiko for identitetstyveri for 40 borgere', 'Ingen'],
      breachReference: ['2026-431-0077', null],
    });
    clock.set('2026-11-28T09:00:00Z');
  });

  it('asks the coordinator to decide soon when the reporter did not know whether personal data is involved', async () => {
    const { card } = await reported({ kind: 'general', personalData: 'unknown', personalDataKinds: '' });
    expect(cardTexts(card)).toContain(da.incidents.triage.personalDataUnknown);
    const marked = await save(coordinator, card, 'incident.triage', { isBreach: 'true' });
    const texts = cardTexts(marked.body?.value);
    expect(texts).not.toContain(da.incidents.triage.personalDataUnknown);
    expect(texts.some((text) => text.startsWith('Frist for anmeldelse til Datatilsynet'))).toBe(true);
  });

  it('will not close a personal-data breach before the art. 33 decision is recorded (P3)', async () => {
    const { number, card } = await reported();
    const refused = await save(coordinator, card, 'incident.triage', { state: 'closed', severity: 'low' });
    expect(cardTexts(refused.body?.value)).toContain(da.incidents.errors.breachUndecided);
    const stored = (await h.teams.act(coordinator, 'incident.view', { number })).body?.value;
    expect(cardTexts(stored)).toContain(`${number} · ${da.incidents.states.received}`);

    // Not a breach after all: clearing the mark and closing in one go is fine.
    const closed = await save(coordinator, stored, 'incident.triage', {
      state: 'notAnIncident',
      isBreach: 'false',
      comment: 'Papirerne lå i et aflåst skab',
    });
    expect(cardTexts(closed.body?.value)).toContain(`${number} · ${da.incidents.states.notAnIncident}`);
  });

  it('shows NIS2 deadlines when the coordinator marks a significant incident', async () => {
    const { card } = await reported();
    const marked = await save(coordinator, card, 'incident.triage', { nis2Significant: 'true' });
    expect(cardTexts(marked.body?.value)).toEqual(
      expect.arrayContaining([
        da.incidents.triage.nis2Steps.earlyWarning,
        'Frist: 28.11.2026 kl. 08:15',
        da.incidents.triage.nis2Steps.notification,
        'Frist: 30.11.2026 kl. 08:15',
        da.incidents.triage.nis2Steps.finalReport,
        'Frist: 30.12.2026 kl. 08:15',
      ]),
    );
  });

  describe('a bad submission re-shows the card with the error and what was typed, storing nothing', () => {
    /** The values the card's inputs hold, by id. */
    const valuesOn = (card: unknown, ids: string[]) =>
      Object.fromEntries(ids.map((id) => [id, inputOn(card, id)?.value]));

    it('the triage form: a state that cannot follow keeps the severity, assignee and comment typed', async () => {
      const { number, card } = await reported();
      const contained = (await save(coordinator, card, 'incident.triage', { state: 'contained' })).body?.value;
      const typed = {
        state: 'notAnIncident',
        severity: 'high',
        assignee: emailOf(assignee),
        comment: 'Ikke et brud alligevel',
      };
      const again = (await save(coordinator, contained, 'incident.triage', typed)).body?.value;
      expect(cardTexts(again)).toEqual(
        expect.arrayContaining([da.incidents.triage.fixErrors, da.incidents.errors.transition]),
      );
      expect(valuesOn(again, Object.keys(typed))).toEqual(typed);
      const stored = (await h.teams.act(coordinator, 'incident.view', { number })).body?.value;
      expect(cardTexts(stored)).toContain(`${number} · ${da.incidents.states.contained}`);
      expect(inputOn(stored, 'assignee')?.value).toBe('');
    });

    it('a remedial measure: a missing owner and a bad due date keep the text typed', async () => {
      const { card } = await reported({ kind: 'general', personalData: 'no', personalDataKinds: '' });
      const measures = (await save(coordinator, card, 'incident.measures', {})).body?.value;
      const typed = { measureText: 'Skift adgangskoder', measureOwner: '', measureDue: 'i morgen' };
      const again = (await save(coordinator, measures, 'incident.measure.add', typed)).body?.value;
      expect(cardTexts(again)).toEqual(
        expect.arrayContaining([da.measures.card.fixErrors, da.incidents.errors.required, da.incidents.errors.dueDate]),
      );
      expect(valuesOn(again, Object.keys(typed))).toEqual(typed);
      expect(cardTexts(again)).toContain(da.measures.card.none);
    });

    it('the breach decision: a notification without its time keeps the decision, justification and reference', async () => {
      const { number, card } = await reported();
      const typed = {
        decision: 'notify',
        justification: 'CPR-numre på 40 borgere',
        consequences: 'Risiko for identitetstyveri',
        notifiedDate: '',
        notifiedTime: '14:30',
        reference: '2026-431-0077',
        subjectsChoice: 'notified',
        subjectsDate: '2026-11-28',
        subjectsTime: '09:30',
        subjectsHow: 'Brev i e-Boks',
        delayReason: '',
      };
      const decisionCard = (await save(coordinator, card, 'incident.breach.assess', {})).body?.value;
      const again = (await save(coordinator, decisionCard, 'incident.breach.decision', typed)).body?.value;
      expect(cardTexts(again)).toEqual(
        expect.arrayContaining([da.incidents.triage.fixErrors, da.incidents.errors.dateTime]),
      );
      expect(valuesOn(again, Object.keys(typed))).toEqual(typed);
      const stored = (await h.teams.act(coordinator, 'incident.view', { number })).body?.value;
      expect(cardTexts(stored).some((text) => text.startsWith('Beslutning registreret'))).toBe(false);
    });

    it('the awareness time: a time in the future keeps the date, time and reason typed', async () => {
      const { card } = await reported();
      const typed = { awarenessDate: '2026-11-29', awarenessTime: '12:00', awarenessReason: 'Mailen kom først i dag' };
      const again = (await save(coordinator, card, 'incident.awareness', typed)).body?.value;
      expect(cardTexts(again)).toEqual(
        expect.arrayContaining([da.incidents.triage.fixErrors, da.incidents.errors.future]),
      );
      expect(valuesOn(again, Object.keys(typed))).toEqual(typed);
      expect(cardTexts(again)).toContain(
        'Kendskab (GDPR): 27.11.2026 kl. 08:15 (opdaget af den, der meldte hændelsen)',
      );
    });

    it('answers in English for an English coordinator, with what was typed', async () => {
      const { card } = await reported({ kind: 'general', personalData: 'no', personalDataKinds: '' });
      const measures = (await save(englishCoordinator, card, 'incident.measures', {})).body?.value;
      const typed = { measureText: '', measureOwner: 'IT operations', measureDue: '2026-12-01' };
      const again = (await save(englishCoordinator, measures, 'incident.measure.add', typed)).body?.value;
      expect(cardTexts(again)).toEqual(
        expect.arrayContaining([
          en.measures.card.fixErrors,
          en.incidents.errors.required,
          en.measures.errors.ownerNotFound,
        ]),
      );
      expect(cardTexts(again)).not.toContain(da.measures.card.fixErrors);
      expect(valuesOn(again, Object.keys(typed))).toEqual(typed);
    });
  });

  it('filters the open list by kind and severity', async () => {
    const general = await reported({ kind: 'general', personalData: 'no', personalDataKinds: '' });
    await save(coordinator, general.card, 'incident.triage', { severity: 'critical' });
    const breach = await reported();
    const byKind = await h.teams.act(coordinator, 'incident.open', { kind: 'general', severity: '' });
    const numbers = cardActions(byKind.body?.value)
      .filter((a) => a.verb === 'incident.view')
      .map((a) => a.data.number);
    expect(numbers).toContain(general.number);
    expect(numbers).not.toContain(breach.number);
    const bySeverity = await h.teams.act(coordinator, 'incident.open', { kind: '', severity: 'critical' });
    const critical = cardActions(bySeverity.body?.value)
      .filter((a) => a.verb === 'incident.view')
      .map((a) => a.data.number);
    expect(critical).toContain(general.number);
    expect(critical.every((number) => number !== breach.number)).toBe(true);
  });

  it('exports the log for a period as a one-time CSV that Excel opens with Danish characters', async () => {
    const { number } = await reported({ title: '=HYPERLINK("x") æøå' });
    const commaTrap = await reported({ title: 'x,=1+1,y', description: 'a; @SUM(1)\n-2+3, "=cmd|x"' });
    const form = await h.teams.act(coordinator, 'incident.export');
    const created = await save(coordinator, form.body?.value, 'incident.export', {
      from: '2026-11-01',
      to: '2026-11-30',
      create: true,
    });
    const link = JSON.stringify(created.body?.value).match(
      /http:\/\/127\.0\.0\.1:\d+\/api\/export\/[A-Za-z0-9_-]+/,
    )?.[0];
    expect(link).toBeDefined();
    const response = await fetch(link as string);
    expect(response.headers.get('content-type')).toBe('text/csv; charset=utf-8');
    expect(response.headers.get('x-content-type-options')).toBe('nosniff');
    const bytes = Buffer.from(await response.arrayBuffer());
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const csv = bytes.toString('utf8');
    expect(csv).toContain(`${number};`);
    expect(csv).toContain(`"'=HYPERLINK(""x"") æøå"`);
    expect(csv.split('\r\n')[0]).toBe(`\uFEFF${da.incidents.csv.header}`);
    // Read by a real CSV parser with the separator Danish Excel uses and with a comma, as an English
    // spreadsheet would: no cell may start (after spaces) with a formula character.
    for (const delimiter of [';', ',']) {
      const cells = parse(csv, { delimiter, bom: true, relax_quotes: true, relax_column_count: true }) as string[][];
      expect(cells.length).toBeGreaterThan(2);
      const formulas = cells.flat().filter((cell) => /^[\s]*[=+\-@]/.test(cell));
      expect({ delimiter, formulas }).toEqual({ delimiter, formulas: [] });
    }
    const rows = parse(csv, { delimiter: ';', bom: true }) as string[][];
    const trapRow = rows.find((row) => row[0] === commaTrap.number) as string[];
    expect(trapRow).toContain("x,'=1+1,y");
    const gone = await fetch(link as string);
    expect(gone.status).toBe(404);
    expect(gone.headers.get('x-content-type-options')).toBe('nosniff');
    const refusal = await gone.text();
    expect(refusal).toBe(da.incidents.export.linkGone);
    const inEnglish = await fetch(link as string, { headers: { 'accept-language': 'en-GB,en;q=0.9' } });
    expect(await inEnglish.text()).toBe(en.incidents.export.linkGone);
    const employee = newUser('Sofie Jensen');
    const refused = await h.teams.act(employee, 'incident.export', {
      from: '2026-11-01',
      to: '2026-11-30',
      create: true,
    });
    expect(refused.body?.value).toBe(da.common.errorForbidden);
  });
});
