import { parse } from 'csv-parse/sync';
import { da } from '../../src/i18n/catalogs';
import { cardActions, cardTexts, inputOn } from '../support/cards';
import { ManualClock, newUser, startHarness, type Harness, type TestUser } from '../support/harness';
import { numberOn, submitReport } from '../support/incidents';
import { storedIncident } from '../support/fault-records';
import { TableIncidentRepository } from '../../src/storage/incident-repository';
import { TableRoleRepository } from '../../src/storage/role-repository';
import type { HistoryEntry } from '../../src/features/incidents/model';

const e = da.incidents.errors;
const d = da.incidents.breachDetails;
const f = da.incidents.notificationForm;

/**
 * The art. 33(3)–(4) facts (#16 item 7): categories of data subjects, the coordinator's estimates
 * beside the reporter's numbers, the DPO as contact point, and notification in phases — on their
 * own card, reached from "Tekst til Datatilsynet", kept in the history, the text for Datatilsynet
 * and the auditors' CSV.
 */
describe('the notification details: art. 33(3) facts and phased notification (P3)', () => {
  const clock = new ManualClock(new Date('2026-03-27T10:00:00Z'));
  const coordinator = newUser('Mette Kjær');
  const dpo = newUser('Karen Lund');
  let h: Harness;
  let repo: TableIncidentRepository;
  beforeAll(async () => {
    h = await startHarness({ coordinators: [coordinator], clock });
    repo = new TableIncidentRepository(h.bot.tables.client('Incidents'), h.bot.tables.client('IncidentIndex'));
    await new TableRoleRepository(h.bot.tables.client('Roles')).grant(
      dpo.aadObjectId,
      'dpo',
      'test setup',
      'Karen Lund',
      {
        email: 'karen.lund@kommune.dk',
      },
    );
  });
  afterAll(() => h.close());
  beforeEach(() => clock.set('2026-03-27T10:00:00Z'));

  /** A breach discovered 27.03 10:30 Danish time, reported by an employee who counted 40 people; its number. */
  const reported = async () =>
    numberOn(
      await submitReport(h.teams, newUser('Sofie Jensen'), {
        discoveredDate: '2026-03-27',
        discoveredTime: '10:30',
        occurredDate: '',
        occurredTime: '',
        affectedPeople: '40',
      }),
    );
  const act = (user: TestUser, card: unknown, verb: string, inputs: Record<string, unknown> = {}) =>
    h.teams.pressOn(user, card, verb, inputs);
  const view = async (number: string) => (await h.teams.act(coordinator, 'incident.view', { number })).body?.value;
  /** The breach decision card as the coordinator reaches it: the incident, then its breach button. */
  const decisionCard = async (number: string) => act(coordinator, await view(number), 'incident.breach.assess');
  /** The details card as the coordinator reaches it: the incident, "Tekst til Datatilsynet", then its button. */
  const details = async (number: string) =>
    act(coordinator, await act(coordinator, await view(number), 'incident.breach.form'), 'incident.breach.details');
  const history = async (number: string): Promise<HistoryEntry[]> =>
    repo.history(Number(number.slice(4, 8)), Number(number.slice(9)));
  const formText = async (number: string) => {
    const texts = cardTexts(await act(coordinator, await view(number), 'incident.breach.form'));
    return (label: string) => texts[texts.indexOf(label) + 1];
  };
  const facts = {
    subjectCategories: 'citizens,children,others',
    otherSubjects: 'Plejefamilier',
    estimatedPeople: '45',
    estimatedRecords: '1.200',
    dpoName: 'Karen Lund',
    dpoContact: 'karen.lund@kommune.dk, 7012 3456',
  };
  const decision = {
    decision: 'notify',
    justification: 'CPR-numre på 40 borgere i en mail til forkert modtager',
    consequences: 'Risiko for identitetstyveri',
    notifiedDate: '2026-03-27',
    notifiedTime: '14:00',
    reference: '2026-431-0077',
    subjectsChoice: 'undecided',
  };

  it('records the categories, the estimates beside the reporter’s numbers and the DPO as contact point', async () => {
    const number = await reported();
    const card = await details(number);
    // The reporter's numbers as reported; the contact point offered from the DPO role's holder.
    expect(cardTexts(card)).toContain(
      'Indberettet af den, der meldte hændelsen: berørte personer 40 · berørte registreringer ikke oplyst',
    );
    expect(inputOn(card, 'dpoName')?.value).toBe('Karen Lund');
    expect(inputOn(card, 'dpoContact')?.value).toBe('karen.lund@kommune.dk');
    expect(cardTexts(card)).toContain(d.dpoSuggested);

    const saved = await act(coordinator, card, 'incident.breach.details.save', facts);
    expect(cardTexts(saved)).toContain(d.saved);
    expect(inputOn(saved, 'subjectCategories')?.value).toBe('citizens,children,others');
    expect(inputOn(saved, 'estimatedRecords')?.value).toBe('1200');
    const stored = await storedIncident(h, number);
    expect(stored?.affectedPeople).toBe(40); // the reporter's number stays as reported
    expect(stored?.breachDetails).toMatchObject({
      subjectCategories: ['citizens', 'children', 'others'],
      otherSubjects: 'Plejefamilier',
      estimatedPeople: 45,
      estimatedRecords: 1200,
      dpoName: 'Karen Lund',
      dpoContact: 'karen.lund@kommune.dk, 7012 3456',
      recordedBy: 'Mette Kjær',
    });
    expect((await history(number)).at(-1)).toMatchObject({
      action: 'breachDetails',
      byName: 'Mette Kjær',
      changes: {
        breachSubjectCategories: [null, 'citizens,children,others'],
        breachEstimatedPeople: [null, 45],
        breachEstimatedRecords: [null, 1200],
        breachDpoName: [null, 'Karen Lund'],
      },
    });
    // The coordinator's history line says what changed, in words.
    expect(cardTexts(await view(number)).join('\n')).toContain(
      'kategorier af registrerede: – → Borgere, Børn, Andre; andre registrerede ændret; skøn over berørte personer: – → 45',
    );
    const field = await formText(number);
    expect(field(f.categories)).toBe('Borgere, Børn, Andre: Plejefamilier');
    expect(field(f.people)).toBe('ca. 45 (kommunens skøn; indberettet: 40)');
    expect(field(f.records)).toBe('ca. 1200');
    expect(field(f.contact)).toBe('Karen Lund, karen.lund@kommune.dk, 7012 3456');

    // Saved again unchanged: nothing to record.
    const again = await act(coordinator, saved, 'incident.breach.details.save', facts);
    expect(cardTexts(again)).toContain(e.nothingChanged);
    expect((await storedIncident(h, number))?.version).toBe(stored?.version);
  });

  it('an error shows the card again with every value typed, and stores nothing', async () => {
    const number = await reported();
    const card = await details(number);
    const typed = {
      ...facts,
      subjectCategories: 'employees,others',
      otherSubjects: '',
      estimatedPeople: 'mange',
      dpoContact: 'telefon 7012 3456',
    };
    const refused = await act(coordinator, card, 'incident.breach.details.save', typed);
    expect(cardTexts(refused)).toEqual(expect.arrayContaining([e.otherSubjects, e.number]));
    for (const [id, value] of Object.entries(typed)) expect([id, inputOn(refused, id)?.value]).toEqual([id, value]);
    expect((await storedIncident(h, number))?.breachDetails).toBeUndefined();
  });

  it('a card from before another save is answered with the current record, never an overwrite', async () => {
    const number = await reported();
    const card = await details(number);
    await act(coordinator, card, 'incident.breach.details.save', facts);
    const stale = await act(coordinator, card, 'incident.breach.details.save', { ...facts, estimatedPeople: '3' });
    expect(cardTexts(stale)).toContain(da.common.errorConflict);
    expect(inputOn(stale, 'estimatedPeople')?.value).toBe('45');
    expect((await storedIncident(h, number))?.breachDetails?.estimatedPeople).toBe(45);
  });

  it('art. 33(4): supplementary notifications follow the initial one, each with its time and reference or note', async () => {
    const number = await reported();
    const before = await details(number);
    // No initial notification yet: nothing to supplement, and the action is refused if sent anyway.
    expect(cardTexts(before)).toContain(d.noInitial);
    expect(cardActions(before).some((a) => a.verb === 'incident.breach.supplement')).toBe(false);
    const forced = await h.teams.act(coordinator, 'incident.breach.supplement', {
      number,
      version: (await storedIncident(h, number))?.version,
      supplementDate: '2026-03-27',
      supplementTime: '11:00',
      supplementNote: 'Mere om omfanget',
    });
    expect(cardTexts(forced.body?.value)).toContain(e.noInitialNotification);

    clock.set('2026-03-28T09:00:00Z');
    await act(coordinator, await decisionCard(number), 'incident.breach.decision', decision);
    const card = await details(number);
    expect(cardTexts(card)).toContain('Første anmeldelse: 27.03.2026 kl. 14:00 · journalnummer 2026-431-0077');

    // Without its time; before the initial notification; in the future; with neither reference nor note.
    const tries: [Record<string, string>, string][] = [
      [{ supplementDate: '2026-03-28', supplementTime: '', supplementNote: 'Antal opdateret' }, e.dateTime],
      [
        { supplementDate: '2026-03-27', supplementTime: '13:59', supplementNote: 'Antal opdateret' },
        e.beforeInitialNotification,
      ],
      [{ supplementDate: '2026-03-28', supplementTime: '11:30', supplementNote: 'Antal opdateret' }, e.future],
      [
        { supplementDate: '2026-03-28', supplementTime: '09:15', supplementReference: '', supplementNote: '' },
        e.supplementNote,
      ],
    ];
    for (const [inputs, error] of tries) {
      const refused = await act(coordinator, card, 'incident.breach.supplement', inputs);
      expect(cardTexts(refused)).toContain(error);
      for (const [id, value] of Object.entries(inputs)) expect([id, inputOn(refused, id)?.value]).toEqual([id, value]);
    }
    expect((await storedIncident(h, number))?.supplements).toBeUndefined();

    // 28.03 09:15 Danish time (CET) is 08:15 UTC; then a second one at 10:40.
    const first = await act(coordinator, card, 'incident.breach.supplement', {
      supplementDate: '2026-03-28',
      supplementTime: '09:15',
      supplementReference: '2026-431-0077',
      supplementNote: 'Antal berørte opdateret efter gennemgang af loggen',
    });
    expect(cardTexts(first)).toContain(d.supplementSaved);
    const second = await act(coordinator, first, 'incident.breach.supplement', {
      supplementDate: '2026-03-28',
      supplementTime: '09:40',
      supplementNote: 'Modtageren har bekræftet sletning',
    });
    expect(cardTexts(second)).toEqual(
      expect.arrayContaining([
        'Supplerende anmeldelse 1: 28.03.2026 kl. 09:15 (registreret af Mette Kjær) ',
        '2026-431-0077 – Antal berørte opdateret efter gennemgang af loggen',
        'Supplerende anmeldelse 2: 28.03.2026 kl. 09:40 (registreret af Mette Kjær) ',
        'Modtageren har bekræftet sletning',
      ]),
    );
    expect((await storedIncident(h, number))?.supplements?.map((s) => s.sentAt)).toEqual([
      '2026-03-28T08:15:00.000Z',
      '2026-03-28T08:40:00.000Z',
    ]);
    const entries = (await history(number)).filter((entry) => entry.action === 'breachSupplement');
    expect(entries.map((entry) => entry.changes)).toEqual([
      {
        breachSupplementAt: [null, '2026-03-28T08:15:00.000Z'],
        breachSupplementReference: [null, '2026-431-0077'],
        breachSupplementNote: [null, 'Antal berørte opdateret efter gennemgang af loggen'],
      },
      {
        breachSupplementAt: [null, '2026-03-28T08:40:00.000Z'],
        breachSupplementNote: [null, 'Modtageren har bekræftet sletning'],
      },
    ]);
    const field = await formText(number);
    expect(field(f.phases)).toBe(
      '28.03.2026 kl. 09:15 – 2026-431-0077 – Antal berørte opdateret efter gennemgang af loggen\n' +
        '28.03.2026 kl. 09:40 – Modtageren har bekræftet sletning',
    );
  });

  it('the auditors’ CSV has the categories, the estimates, the contact point and every supplementary notification', async () => {
    const number = await reported();
    clock.set('2026-03-28T09:00:00Z');
    await act(coordinator, await decisionCard(number), 'incident.breach.decision', decision);
    const card = await details(number);
    const saved = await act(coordinator, card, 'incident.breach.details.save', facts);
    await act(coordinator, saved, 'incident.breach.supplement', {
      supplementDate: '2026-03-28',
      supplementTime: '09:15',
      supplementNote: 'Antal opdateret',
    });
    const form = await h.teams.act(coordinator, 'incident.export');
    const download = cardActions(form.body?.value).find((a) => a.verb === 'incident.export');
    const created = await h.teams.act(coordinator, 'incident.export', {
      ...download?.data,
      from: '2026-03-27',
      to: '2026-03-27',
      create: true,
    });
    const link = JSON.stringify(created.body?.value).match(
      /http:\/\/127\.0\.0\.1:\d+\/api\/export\/[A-Za-z0-9_-]+/,
    )?.[0];
    const [header, ...rows] = parse(await (await fetch(link as string)).text(), {
      delimiter: ';',
      bom: true,
    }) as string[][];
    const row = rows.find((cells) => cells[0] === number) ?? [];
    const cell = (name: string) => row[header.indexOf(name)];
    expect(cell('Kategorier af registrerede')).toBe('Borgere, Børn, Andre, Plejefamilier');
    expect(cell('Berørte personer')).toBe('40');
    expect(cell('Skøn, berørte personer')).toBe('45');
    expect(cell('Skøn, berørte registreringer')).toBe('1200');
    expect(cell('Kontaktpunkt (DPO)')).toBe('Karen Lund, karen.lund@kommune.dk, 7012 3456');
    expect(cell('Supplerende anmeldelser')).toBe('2026-03-28 09:15 – Antal opdateret');
    expect(cell('Historik')).toContain('Mette Kjær: supplerende anmeldelse til Datatilsynet registreret');
  });

  it('is the coordinator’s alone: the DPO and an employee get no details card and change nothing', async () => {
    const number = await reported();
    const version = (await storedIncident(h, number))?.version;
    for (const user of [dpo, newUser('Lars Holm')]) {
      const open = await h.teams.act(user, 'incident.breach.details', { number });
      expect(JSON.stringify(open.body)).not.toContain('Karen Lund');
      await h.teams.act(user, 'incident.breach.details.save', { number, version, ...facts });
    }
    expect((await storedIncident(h, number))?.breachDetails).toBeUndefined();
  });
});
