import { cardBytes, CARD_BUDGET_BYTES } from '../../src/platform/cards';
import { dpoBreachCard } from '../../src/features/incidents/dpo-cards';
import type { HistoryEntry, Incident } from '../../src/features/incidents/model';
import { cardActions, cardTexts, inputOn } from '../support/cards';
import { draft } from '../support/incidents';

/** Danish worst case: æøå and " weigh two bytes in the card's JSON, – and … three. */
const danish = '"Ærø" – Æbleø & Ørsø… ';
const long = (length: number) => danish.repeat(Math.ceil(length / danish.length)).slice(0, length);

const breach: Incident = {
  ...draft('reporter-1', long(200)),
  description: long(4000),
  number: 'HÆN-2026-0042',
  year: 2026,
  seq: 42,
  version: 60,
  kind: 'personalData',
  isBreach: true,
  personalData: 'yes',
  personalDataKinds: ['ordinary', 'sensitive', 'cpr', 'criminal'],
  affectedPeople: 1_000_000,
  breachDecision: {
    notify: true,
    justification: long(2000),
    consequences: long(2000),
    notifiedAt: '2026-11-29T10:00:00.000Z',
    reference: long(200),
    dataSubjectsInformed: 'yes',
    delayReason: long(2000),
    decidedBy: long(256),
    decidedAt: '2026-11-29T10:00:00.000Z',
  },
};
const advice = (n: number): HistoryEntry => ({
  version: n + 2,
  at: '2026-11-28T10:00:00.000Z',
  by: 'dpo',
  byName: long(256),
  action: 'dpoAdvice',
  changes: {},
  comment: long(2000),
});

describe("the DPO's breach card (#16 item 8)", () => {
  it('stays within the card budget with every text at its limit and 50 pieces of advice, keeping the advice typed', () => {
    const card = dpoBreachCard('da', breach, {
      history: Array.from({ length: 50 }, (_, i) => advice(i)),
      banner: { text: long(300), isError: true },
      adviceValue: long(2000),
      adviceError: 'dpo.breach.adviceRequired',
    });
    expect(cardBytes(card)).toBeLessThanOrEqual(CARD_BUDGET_BYTES);
    expect(inputOn(card, 'advice')?.value).toBe(long(2000));
    expect(cardActions(card).map((action) => action.verb)).toEqual([
      'incident.dpo.advice',
      'incident.breach.record',
      'help.menu',
    ]);
    expect(cardTexts(card).some((text) => /^Kun de seneste \d+ af 50 råd vises her/.test(text))).toBe(true);
  });
});

describe("the DPO's breach card shows the notification's facts (#16 items 7 and 8)", () => {
  const recorded: Incident = {
    ...breach,
    breachDetails: {
      subjectCategories: ['children', 'others'],
      otherSubjects: 'Forældre',
      estimatedPeople: 45,
      estimatedRecords: 120,
      recordedBy: 'Mette Kjær',
      recordedAt: '2026-11-29T11:00:00.000Z',
    },
    supplements: [
      {
        sentAt: '2026-12-01T09:30:00.000Z',
        reference: '2026-431-0077',
        recordedBy: 'Mette Kjær',
        recordedAt: '2026-12-01T09:40:00.000Z',
      },
    ],
  };

  it('lists the categories of data subjects, the coordinator’s estimates and each supplementary notification', () => {
    const texts = cardTexts(dpoBreachCard('da', recorded, { history: [] }));
    expect(texts).toEqual(
      expect.arrayContaining([
        'Kategorier af registrerede',
        'Børn, Andre (Forældre)',
        'Koordinatorens skøn (personer / registreringer)',
        '45 / 120',
        'Supplerende anmeldelser',
        '01.12.2026 kl. 10:30',
      ]),
    );
  });

  it('shows none of them before the coordinator has recorded them', () => {
    const texts = cardTexts(dpoBreachCard('da', breach, { history: [] }));
    expect(texts).not.toContain('Kategorier af registrerede');
    expect(texts).not.toContain('Supplerende anmeldelser');
  });
});
