import { CARD_BUDGET_BYTES, TEAMS_RECOMMENDED_BYTES, cardBytes, teamsBytes } from '../../src/platform/cards';
import { listCard, reportCard } from '../../src/features/incidents/cards';
import { triageCard } from '../../src/features/incidents/triage-card';
import { toListItem } from '../../src/features/incidents/list-item';
import { limits, matchSystem, reportFieldIds } from '../../src/features/incidents/report-form';
import { triageInputLimits } from '../../src/features/incidents/handlers/triage-inputs';
import { breachDecisionCard, breachDecisionInputLimits } from '../../src/features/incidents/breach-decision-card';
import type { HistoryEntry, Incident, Measure } from '../../src/features/incidents/model';
import { da } from '../../src/i18n/catalogs';
import { cardSchemaErrors } from '../support/card-schema';
import { cardActions, cardTexts, inputOn } from '../support/cards';

const now = new Date('2026-11-29T12:00:00Z');
const prose = 'Medarbejderen modtog en mail med et link til en falsk loginside og indtastede sin adgangskode. ';
/** Ordinary Danish text of exactly `n` characters. */
const text = (n: number, start = '') => (start + prose.repeat(Math.ceil(n / prose.length))).slice(0, n);
/** Text that costs the most bytes per character: Danish letters and quotes (escaped in JSON). */
const heavy = (n: number) => 'Æble "ø" å '.repeat(Math.ceil(n / 11)).slice(0, n);

const coordinatorIds = Array.from({ length: 60 }, (_, i) => `00000000-0000-4000-8000-${String(i).padStart(12, '0')}`);

function measures(count: number, length: number, fill = text): Measure[] {
  return Array.from({ length: count }, (_, i) => ({
    id: `m${String(i).padStart(7, '0')}`,
    text: fill(length).replace(/^./, String(i % 10)),
    owner: fill(120),
    dueDate: i % 2 ? '2026-11-20' : '2026-12-20',
    done: false,
  }));
}

function history(count: number, comment: number, fill = text): HistoryEntry[] {
  return Array.from({ length: count }, (_, i) => ({
    version: i + 1,
    at: new Date(now.getTime() - (count - i) * 60_000).toISOString(),
    by: 'coordinator',
    byName: `Koordinator ${i + 1}`,
    action: 'triaged',
    changes: {},
    comment: fill(comment),
  }));
}

/** A breach and NIS2 incident with every stored text at its limit (what the service lets in). */
function incident(overrides: Partial<Incident> = {}, fill = text): Incident {
  return {
    number: 'HÆN-2026-0042',
    year: 2026,
    seq: 42,
    version: 300,
    reporterId: 'reporter',
    reporterName: fill(120),
    reportedAt: now.toISOString(),
    state: 'inProgress',
    severity: 'high',
    assignee: fill(120),
    isBreach: true,
    awarenessAt: now.toISOString(),
    awarenessReason: fill(500),
    breachDecision: {
      notify: true,
      justification: fill(2000, 'Begrundelse: '),
      consequences: fill(2000, 'Konsekvenser: '),
      notifiedAt: now.toISOString(),
      reference: fill(100),
      dataSubjectsInformed: 'yes',
      delayReason: fill(2000, 'Forsinkelse: '),
      decidedBy: fill(120),
      decidedAt: now.toISOString(),
    },
    nis2Significant: true,
    nis2Reports: {},
    measures: measures(50, 500, fill),
    title: fill(limits.title),
    description: fill(limits.description),
    discoveredAt: now.toISOString(),
    occurredAt: now.toISOString(),
    kind: 'system',
    systemName: fill(limits.systemName),
    personalData: 'yes',
    personalDataKinds: ['ordinary', 'sensitive', 'cpr', 'criminal'],
    affectedPeople: 1_000_000,
    affectedRecords: 1_000_000,
    actionsTaken: fill(limits.actionsTaken),
    contact: fill(limits.contact),
    ...overrides,
  };
}

const render = (shown: Incident, entries: HistoryEntry[], entered?: Record<string, string>) =>
  triageCard('da', { incident: shown, history: entries, coordinatorIds, links: {}, now, entered });

const inputValue = (card: unknown, id: string) => inputOn(card, id)?.value;

describe('the triage card within Teams’ size limit', () => {
  it('shows an ordinary incident in full: every measure with its own button, the last 30 changes, no note', () => {
    const shown = incident({ description: text(600), actionsTaken: text(200), measures: measures(4, 80) });
    const card = render(shown, history(12, 80));
    const texts = cardTexts(card);
    expect(texts).not.toContain(da.incidents.triage.shortened);
    expect(texts).toContain(shown.description);
    const done = cardActions(card).filter((action) => action.verb === 'incident.measure.done');
    expect(done.map((action) => action.data.measureId)).toEqual(shown.measures.map((measure) => measure.id));
    expect(inputOn(card, 'measureId')).toBeUndefined();
    expect(texts.filter((line) => line.includes('behandlet'))).toHaveLength(12);
  });

  it('keeps a busy incident within the budget: newest history, shorter texts, still a button per measure', () => {
    const shown = incident({ measures: measures(8, 200), breachDecision: undefined });
    const card = render(shown, history(40, 300));
    expect(cardBytes(card)).toBeLessThanOrEqual(CARD_BUDGET_BYTES);
    const texts = cardTexts(card);
    expect(texts).toContain(da.incidents.triage.shortened);
    expect(texts).toContain('Viser de seneste 10 ændringer af 40.');
    const done = cardActions(card).filter((action) => action.verb === 'incident.measure.done');
    expect(done.map((action) => action.data.measureId)).toEqual(shown.measures.map((measure) => measure.id));
  });

  it('keeps every text at its limit, 50 open measures and 300 changes within the budget, and loses no function', () => {
    const shown = incident();
    const card = render(shown, history(300, 1000));
    expect(cardBytes(card)).toBeLessThanOrEqual(CARD_BUDGET_BYTES);
    expect(cardSchemaErrors(card)).toEqual([]);
    const texts = cardTexts(card);
    expect(texts).toContain(da.incidents.triage.shortened);
    expect(texts).toContain('Viser de seneste 2 ændringer af 300.');
    // Every open measure can still be marked done: one choice each, one button.
    const choice = inputOn(card, 'measureId') as { choices: { value: string }[]; value: string };
    expect(choice.choices.map((option) => option.value)).toEqual(shown.measures.map((measure) => measure.id));
    expect(choice.value).toBe(shown.measures[0]?.id);
    const done = cardActions(card).filter((action) => action.verb === 'incident.measure.done');
    expect(done).toHaveLength(1);
    expect(done[0]?.data).toEqual({ number: shown.number, version: shown.version });
    // Forms keep the whole stored value: saving them again must never cut what is stored.
    expect(inputValue(card, 'assignee')).toBe(shown.assignee);
    // The breach decision is on its own card (#16), reached from the breach clock; so is the NIS2 card.
    expect(inputOn(card, 'justification')).toBeUndefined();
    expect(cardActions(card).map((action) => action.verb)).toEqual(
      expect.arrayContaining(['incident.breach.assess', 'incident.breach.form', 'incident.nis2.updates']),
    );
    // The card says what it leaves out; the description is cut, never silently.
    expect(texts).not.toContain(shown.description);
    expect(texts.some((line) => line.endsWith('…') && shown.description.startsWith(line.slice(0, -1)))).toBe(true);
  });

  it('counts measures done instead of listing them when the card must be compact', () => {
    const all = measures(50, 500).map((measure, i) =>
      i < 20 ? { ...measure, done: true, doneAt: now.toISOString(), doneBy: 'Mette' } : measure,
    );
    const card = render(incident({ measures: all }), history(300, 1000));
    expect(cardTexts(card)).toContain('Udførte foranstaltninger, der ikke vises her: 20.');
    const choice = inputOn(card, 'measureId') as { choices: { value: string }[] };
    expect(choice.choices.map((option) => option.value)).toEqual(all.slice(20).map((measure) => measure.id));
  });

  it('shows a form again with everything typed in full, within the card budget, even with the heaviest text', () => {
    const entered = Object.fromEntries(Object.entries(triageInputLimits).map(([id, max]) => [id, heavy(max)]));
    for (const fill of [text, heavy]) {
      // #16: every stored text at its limit, the heaviest text, art. 34 with its longest reason.
      const shown = incident({}, fill);
      shown.breachDecision!.subjects = { choice: 'notNotified', ground: 'a', justification: fill(2000) };
      const stored = render(shown, history(300, 1000, fill));
      expect(cardBytes(stored)).toBeLessThanOrEqual(CARD_BUDGET_BYTES);
      const card = render(shown, history(300, 1000, fill), entered);
      expect(cardBytes(card)).toBeLessThanOrEqual(CARD_BUDGET_BYTES);
      expect(teamsBytes(card)).toBeLessThanOrEqual(TEAMS_RECOMMENDED_BYTES);
      for (const id of ['comment', 'assignee', 'awarenessReason']) expect(inputValue(card, id)).toBe(entered[id]);
    }
  });

  it('keeps the breach decision card within the budget with every input at its limit, stored or typed again', () => {
    const typed = Object.fromEntries(
      Object.entries(breachDecisionInputLimits).map(([id, max]) => [id, heavy(max)]),
    ) as Record<string, string>;
    for (const fill of [text, heavy]) {
      const shown = incident({}, fill);
      shown.breachDecision!.subjects = { choice: 'notNotified', ground: 'a', justification: fill(2000) };
      const stored = breachDecisionCard('da', shown, { now });
      expect(cardBytes(stored)).toBeLessThanOrEqual(CARD_BUDGET_BYTES);
      expect(cardSchemaErrors(stored)).toEqual([]);
      const decision = shown.breachDecision!;
      expect(inputValue(stored, 'justification')).toBe(decision.justification);
      expect(inputValue(stored, 'consequences')).toBe(decision.consequences);
      expect(inputValue(stored, 'delayReason')).toBe(decision.delayReason);
      expect(inputValue(stored, 'subjectsReason')).toBe(fill(2000));
      const again = breachDecisionCard('da', shown, {
        now,
        entered: typed,
        errors: { justification: 'incidents.errors.required' },
      });
      expect(cardBytes(again)).toBeLessThanOrEqual(CARD_BUDGET_BYTES);
      for (const id of ['justification', 'consequences', 'delayReason', 'subjectsReason', 'subjectsHow', 'reference'])
        expect(inputValue(again, id)).toBe(typed[id]);
    }
  });
});

describe('the open list within the budget', () => {
  it('shows fewer rows of a full page with long titles, and the next page starts after the last one shown', () => {
    const page = Array.from({ length: 50 }, (_, i) =>
      toListItem(incident({ number: `HÆN-2026-${String(i + 1).padStart(4, '0')}`, seq: i + 1 })),
    );
    const card = listCard('da', { kind: 'open', incidents: page, isCoordinator: true, today: '2026-11-29' });
    expect(cardBytes(card)).toBeLessThanOrEqual(CARD_BUDGET_BYTES);
    expect(cardSchemaErrors(card)).toEqual([]);
    const opened = cardActions(card)
      .filter((action) => action.verb === 'incident.view')
      .map((action) => action.data.number);
    const rows = opened.length;
    expect(rows).toBeGreaterThanOrEqual(20);
    expect(opened).toEqual(page.slice(0, rows).map((item) => item.number));
    const texts = cardTexts(card);
    expect(texts).toContain(`Viser de første ${rows}. Der er flere på næste side.`);
    const next = cardActions(card).find((action) => action.title === da.incidents.list.nextPage);
    expect(next?.data.after).toBe(page[rows - 1]?.number);
    // Half of each shown incident's 50 measures are overdue: the first are listed, the rest counted.
    const listed = texts.filter((line) => /^HÆN-2026-\d{4}: $/.test(line)).length;
    expect(listed).toBeGreaterThan(0);
    expect(texts).toContain(
      `Flere forfaldne foranstaltninger på denne side, der ikke vises her: ${25 * rows - listed}. De står på hændelsernes kort.`,
    );
  });

  it('lists every overdue measure in full when they fit', () => {
    const few = incident({ measures: measures(3, 80) });
    const card = listCard('da', {
      kind: 'open',
      incidents: [toListItem(few)],
      isCoordinator: true,
      today: '2026-11-29',
    });
    const texts = cardTexts(card);
    expect(texts.filter((line) => line === 'HÆN-2026-0042: ')).toHaveLength(1);
    expect(texts).toContain(few.measures[1]?.text);
    expect(texts.some((line) => line.startsWith('Flere forfaldne'))).toBe(false);
  });
});

describe('the report card and the system register', () => {
  const register = (count: number) => Array.from({ length: count }, (_, i) => `${text(40)} ${i}`);

  it('lists a small register to choose from, as before', () => {
    const names = register(20);
    const card = reportCard('da', { now, systemNames: names });
    const choice = inputOn(card, 'systemName') as { type: string; choices: { value: string }[] };
    expect(choice.type).toBe('Input.ChoiceSet');
    expect(choice.choices.map((option) => option.value)).toEqual(names);
    expect(cardTexts(card).some((line) => line.startsWith('Skriv systemets navn'))).toBe(false);
  });

  it('asks for the name when the register is too big to list, even with every field typed at its limit', () => {
    const values = Object.fromEntries(reportFieldIds.map((id) => [id, text(limits[id as keyof typeof limits] ?? 10)]));
    const card = reportCard('da', { now, systemNames: register(400), values });
    expect(cardBytes(card)).toBeLessThanOrEqual(CARD_BUDGET_BYTES);
    expect(cardSchemaErrors(card)).toEqual([]);
    expect(inputOn(card, 'systemName')?.type).toBe('Input.Text');
    expect(inputOn(card, 'description')?.value).toBe(values.description);
    expect(cardTexts(card)).toContain(
      'Skriv systemets navn (eller en del af det), så finder vi det blandt de 400 systemer i registret.',
    );
  });

  it('finds a system by its name, by a part only it has, or offers the ones a part fits', () => {
    const names = ['KMD Nexus', 'Aula', 'Aula Skole', 'SBSYS'];
    expect(matchSystem('kmd  NEXUS', names)).toEqual({ name: 'KMD Nexus' });
    expect(matchSystem('nex', names)).toEqual({ name: 'KMD Nexus' });
    expect(matchSystem('aula', names)).toEqual({ name: 'Aula' });
    expect(matchSystem('au', names)).toEqual({ choices: ['Aula', 'Aula Skole'] });
    expect(matchSystem('Skolens app', names)).toEqual({ choices: [] });
  });
});
