import { da } from '../../src/i18n/catalogs';
import type { Incident } from '../../src/features/incidents/model';
import { notificationFormFields } from '../../src/features/incidents/notification-text';
import { initialAwareness, nis2Awareness } from '../../src/features/incidents/awareness';
import { readBreachDecision, type BreachDecisionInputs } from '../../src/features/incidents/breach-form';
import { describeChanges } from '../../src/features/incidents/history-text';
import { dueReminders, overdueDeadlines } from '../../src/features/incidents/reminders';

const HOUR = 3_600_000;
const now = new Date('2026-03-31T08:00:00Z');

const inputs = (overrides: Partial<BreachDecisionInputs> = {}): BreachDecisionInputs => ({
  decision: 'notify',
  justification: 'CPR-numre',
  consequences: 'Identitetstyveri',
  notifiedDate: '2026-03-30',
  notifiedTime: '20:00',
  reference: '',
  delayReason: '',
  subjectsChoice: 'undecided',
  subjectsDate: '',
  subjectsTime: '',
  subjectsHow: '',
  subjectsGround: '',
  subjectsReason: '',
  ...overrides,
});

describe('the breach decision as read from the card (P3, art. 33–34)', () => {
  it('needs the notification time as well as the date, in Danish time (never midnight)', () => {
    expect(readBreachDecision(inputs({ notifiedTime: '' }), now).errors).toEqual({
      notifiedDate: 'incidents.errors.dateTime',
    });
    // 30.03 20:00 summer time is 18:00 UTC.
    expect(readBreachDecision(inputs(), now).draft.notifiedAt).toBe('2026-03-30T18:00:00.000Z');
  });

  it.each([
    [{ subjectsChoice: '' }, { subjectsChoice: 'incidents.errors.subjectsChoice' }],
    [{ subjectsChoice: 'notRequired' }, { subjectsChoice: 'incidents.errors.subjectsChoice' }],
    [{ subjectsChoice: 'notNotified' }, { subjectsReason: 'incidents.errors.subjectsGround' }],
    [{ subjectsChoice: 'notNotified', subjectsGround: 'd' }, { subjectsReason: 'incidents.errors.subjectsGround' }],
    [{ subjectsChoice: 'notNotified', subjectsGround: 'c' }, {}],
    [{ subjectsChoice: 'notNotified', subjectsReason: 'Ingen høj risiko' }, {}],
    [
      { subjectsChoice: 'notified', subjectsDate: '2026-03-30' },
      { subjectsDate: 'incidents.errors.dateTime', subjectsHow: 'incidents.errors.required' },
    ],
    [{ subjectsChoice: 'notified', subjectsDate: '2026-03-30', subjectsTime: '21:00', subjectsHow: 'e-Boks' }, {}],
    [{ subjectsChoice: 'undecided' }, {}],
  ])('art. 34 has no default: %j gives %j', (given, errors) => {
    expect(readBreachDecision(inputs(given), now).errors).toEqual(errors);
  });
});

describe('awareness (P3)', () => {
  it('starts at the reporter’s discovery, never after the report', () => {
    const reported = new Date('2026-03-27T10:00:00Z');
    expect(initialAwareness({ discoveredAt: '2026-03-26T21:00:00Z' }, reported).toISOString()).toBe(
      '2026-03-26T21:00:00.000Z',
    );
    expect(initialAwareness({ discoveredAt: '2026-03-28T21:00:00Z' }, reported)).toEqual(reported);
  });

  it('keeps NIS2 apart from GDPR once set; an old record shares the GDPR moment', () => {
    const base = { reportedAt: '2026-03-27T10:00:00Z', awarenessAt: '2026-03-27T08:00:00Z' };
    expect(nis2Awareness(base).toISOString()).toBe('2026-03-27T08:00:00.000Z');
    expect(nis2Awareness({ ...base, nis2AwarenessAt: '2026-03-27T09:00:00Z' }).toISOString()).toBe(
      '2026-03-27T09:00:00.000Z',
    );
  });
});

describe('reminders after a deadline (P3)', () => {
  const awareness = new Date('2026-03-27T10:00:00Z');
  const breach = {
    number: 'HÆN-2026-0001',
    reportedAt: awareness.toISOString(),
    awarenessAt: awareness.toISOString(),
    isBreach: true,
    breachDecided: false,
    nis2Significant: false,
  };
  const at = (hours: number) => new Date(awareness.getTime() + hours * HOUR);

  it.each([
    [71, 'gdpr66', false],
    [72, 'gdpr72', true],
    [95, 'gdpr72', true],
    [96, 'gdpr-overdue1', true],
    [24 * 10 + 72, 'gdpr-overdue10', true],
  ])('GDPR at %i hours: the latest is %s (overdue: %s)', (hours, mark, overdue) => {
    const [latest] = dueReminders(breach, at(hours)).due;
    expect(latest?.key.endsWith(`|${mark}`)).toBe(true);
    expect(latest?.overdue).toBe(overdue);
  });

  it('a NIS2 step reminds at its deadline and daily after, until it is recorded as sent', () => {
    const nis2 = { ...breach, isBreach: false, nis2Significant: true, nis2SentAt: {} };
    const marks = (hours: number) => dueReminders(nis2, at(hours)).due.map((r) => r.key.split('|')[2]);
    expect(marks(20)).toEqual(['nis2early']);
    expect(marks(24)).toEqual(['nis2early-deadline']);
    expect(marks(49)).toEqual(['nis2early-overdue1']);
    expect(dueReminders({ ...nis2, nis2SentAt: { earlyWarning: at(30).toISOString() } }, at(49)).due).toEqual([]);
  });

  it('lists every deadline passed with nothing recorded, for the quarterly review', () => {
    const both = { ...breach, nis2Significant: true, nis2SentAt: { earlyWarning: at(20).toISOString() } };
    expect(overdueDeadlines(both, at(80)).map((d) => d.kind)).toEqual(['gdpr', 'nis2Notification']);
    expect(overdueDeadlines({ ...both, breachDecided: true }, at(80)).map((d) => d.kind)).toEqual(['nis2Notification']);
  });
});

describe('the history says what changed (#15)', () => {
  it.each([
    [
      { action: 'triaged', changes: { state: ['received', 'inProgress'], severity: [null, 'high'] } },
      'status: Modtaget → Under behandling; alvorlighed: – → Høj',
    ],
    [{ action: 'triaged', changes: { state: ['closed', 'inProgress'] } }, 'genåbnet (Under behandling)'],
    [
      { action: 'triaged', changes: { isBreach: [true, false] } },
      'markering som brud på persondatasikkerheden fjernet',
    ],
    [
      { action: 'breachDecision', changes: { breachDecision: [null, 'notify'], breachJustification: [null, 'x'] } },
      'beslutning: – → Anmeldes til Datatilsynet; begrundelse ændret',
    ],
    [{ action: 'measureDone', changes: { measure: ['Skift koder', 'done'] } }, 'foranstaltning udført: Skift koder'],
  ] as const)('%j reads %s', (entry, text) => {
    expect(describeChanges('da', entry as never)).toBe(text);
  });
});

describe('the text for Datatilsynet’s form (P3)', () => {
  const incident = {
    number: 'HÆN-2026-0001',
    title: 'Mail til forkert modtager',
    description: 'CPR-numre',
    reportedAt: '2026-03-27T10:00:00Z',
    awarenessAt: '2026-03-27T09:00:00Z',
    personalDataKinds: ['cpr'],
    measures: [],
  } as unknown as Incident;
  const value = (fields: { label: string; value: string }[], label: string) =>
    fields.find((field) => field.label === label)?.value;

  it('says a late notification’s reason, and nothing about delay before anything is notified', () => {
    const f = da.incidents.notificationForm;
    expect(value(notificationFormFields(incident), f.delay)).toBe(f.missing);
    const late = {
      ...incident,
      breachDecision: { notify: true, notifiedAt: '2026-03-31T09:00:00Z', delayReason: 'Omfanget var uklart' },
    } as unknown as Incident;
    expect(value(notificationFormFields(late), f.delay)).toBe('Omfanget var uklart');
    expect(value(notificationFormFields(late), f.notified)).toBe('31.03.2026 kl. 11:00');
  });
});
