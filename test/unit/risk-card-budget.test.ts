import { CARD_BUDGET_BYTES, cardBytes } from '../../src/platform/cards';
import { reviewCard } from '../../src/features/reviews/cards';
import { assessCard, riskDetailCard, riskFormCard, riskListCard } from '../../src/features/risks/cards';
import type { RiskHistoryEntry, RiskListItem, RiskRecord } from '../../src/features/risks/model';
import { reviewRisks } from '../../src/features/risks/review';
import { REVIEW_FITS } from '../../src/features/risks/review-card';
import { heatMapDelta } from '../../src/features/risks/level';
import { RISK_PAGE_SIZE, SYSTEM_CHOICES } from '../../src/features/risks/service';
import { cardActions, cardTexts, inputOn } from '../support/cards';
import { riskMeasuresCard } from '../../src/features/risks/measure-cards';

/** The risk register's cards at the worst the server allows: every text at its limit, in Danish with quotes and dashes. */
const danish = '"Ærø" – Æbleø & Ørsø… ';
const long = (length: number) => danish.repeat(Math.ceil(length / danish.length)).slice(0, length);
const id = (n: number) => n.toString(16).padStart(12, '0');
const at = '2027-03-01T08:00:00.000Z';
const now = new Date(at);

const risk: RiskRecord = {
  id: id(1),
  version: 999,
  title: long(200),
  scenario: long(2000),
  systemIds: Array.from({ length: 20 }, (_, i) => id(100 + i)),
  systemNames: Array.from({ length: 20 }, () => long(120)),
  ownerId: 'o',
  ownerName: long(120),
  createdAt: at,
  createdBy: long(120),
  assessment: {
    likelihood: 4,
    consequence: { confidentiality: 4, integrity: 4, availability: 4, dataSubjects: 4 },
    treatment: 'transfer',
    residualLikelihood: 3,
    residualConsequence: 3,
    nextReview: '2027-01-01',
    assessedAt: at,
    assessedBy: 'a',
    assessedByName: long(120),
  },
  acceptance: {
    approvalId: 'x',
    state: 'accepted',
    requestedAt: at,
    requestedBy: 'a',
    requestedByName: long(120),
    assessedAt: at,
    residual: 'high',
    expiresOn: '2027-02-01',
  },
  incidents: Array.from({ length: 50 }, (_, i) => ({
    number: `HÆN-2026-${String(1000 + i)}`,
    linkedAt: at,
    linkedBy: 'a',
    linkedByName: long(120),
  })),
  // 50 treatment measures at their limits, half done with the longest comment, half unreachable.
  measures: Array.from({ length: 50 }, (_, i) => ({
    id: `m${String(i).padStart(7, '0')}`,
    text: long(500),
    owner: long(120),
    ownerId: 'o',
    dueDate: '2026-12-01',
    done: i % 2 === 0,
    doneAt: at,
    doneBy: long(120),
    doneComment: long(1000),
    unreachableAt: at,
  })),
};
const history: RiskHistoryEntry[] = Array.from({ length: 400 }, (_, i) => ({
  version: i + 1,
  at,
  by: 'a',
  byName: long(120),
  action: 'assessed',
  changes: {},
}));
const item = (n: number): RiskListItem => ({
  id: id(n),
  title: long(200),
  systemNames: risk.systemNames,
  likelihood: 4,
  consequence: 4,
  residualLikelihood: 3,
  residualConsequence: 3,
  nextReview: '2027-01-01',
  acceptedUntil: '2027-02-01',
});
const items = Array.from({ length: 5000 }, (_, n) => item(n));

describe('risk cards within the card budget (worst case)', () => {
  it('the register: a full page of the longest risks, the heat map of 5,000', () => {
    const card = riskListCard('da', {
      page: items.slice(0, RISK_PAGE_SIZE),
      maps: heatMapDelta(undefined, items),
      next: id(99),
      mine: true,
      canCreate: true,
    });
    expect(cardBytes(card)).toBeLessThanOrEqual(CARD_BUDGET_BYTES);
    expect(cardActions(card).filter((action) => action.verb === 'risk.view')).toHaveLength(RISK_PAGE_SIZE);
    expect(cardTexts(card)).toContain('5000');
  });

  it('the risk card: the longest texts, 50 incidents, a long history, every button', () => {
    const card = riskDetailCard('da', {
      risk,
      history,
      canChange: true,
      now,
      banner: { text: long(300), isError: true },
      acceptance: 'expired',
      canAccept: true,
      canLink: true,
      incident: { typed: long(20), error: long(100) },
      reopenedBy: risk.systemNames,
    });
    expect(cardBytes(card)).toBeLessThanOrEqual(CARD_BUDGET_BYTES);
    expect(cardActions(card).map((action) => action.verb)).toEqual(
      expect.arrayContaining([
        'risk.accept',
        'risk.assess',
        'risk.new',
        'risk.incident.link',
        'risk.measures',
        'risk.list',
      ]),
    );
  });

  it('the measures card: 50 measures at their limits, every value typed at its limit and every error', () => {
    const card = riskMeasuresCard('da', risk, '2027-01-10', {
      canAdd: true,
      banner: { text: long(400), isError: true },
      errors: {
        measureText: 'incidents.errors.required',
        measureOwner: 'measures.errors.ownerNotFound',
        measureDue: 'incidents.errors.dueDate',
      },
      entered: { measureText: long(500), measureOwnerPick: long(200), measureOwner: long(120), measureDue: long(10) },
    });
    expect(cardBytes(card)).toBeLessThanOrEqual(CARD_BUDGET_BYTES);
    expect(inputOn(card, 'measureText')?.value).toBe(long(500));
    // Every open measure is on it; done ones beyond the budget are counted (they are in the history).
    expect(cardTexts(card)).toContain('Udførte foranstaltninger, der ikke vises her: 25.');
    expect(cardActions(card).map((action) => action.verb)).toEqual(['risk.measure.add', 'risk.view']);
  });

  it('the forms re-shown with every value typed at its limit and every error', () => {
    const form = riskFormCard('da', {
      risk,
      values: { title: long(201), scenario: long(2001), owner: long(201), ownerPick: long(201), systems: '', area: '' },
      errors: {
        title: 'risks.errors.tooLong',
        scenario: 'risks.errors.tooLong',
        systems: 'risks.errors.systemsOrArea',
      },
      banner: long(200),
      systemChoices: Array.from({ length: SYSTEM_CHOICES }, (_, n) => ({ id: id(n), name: long(120) })),
      showArea: true,
    });
    expect(cardBytes(form)).toBeLessThanOrEqual(CARD_BUDGET_BYTES);
    const assess = assessCard('da', { risk, banner: long(200), errors: { nextReview: 'risks.errors.reviewRange' } });
    expect(cardBytes(assess)).toBeLessThanOrEqual(CARD_BUDGET_BYTES);
  });

  it('the quarterly review at its worst: long notes, 60 people, 30 overdue notices, 30 undelivered, 5,000 risks all high, changed, overdue and expired, 5,000 late measures', () => {
    const shown = items.slice(0, REVIEW_FITS[0].lines).map((item) => ({ ...item, version: 1 }));
    const summary = {
      openTotal: 99999,
      openBySeverity: { low: 99999, medium: 99999, high: 99999, critical: 99999, unrated: 99999 },
      overdueMeasures: 99999,
      breachesWithoutDecision: 99999,
      pendingApprovals: 99999,
      systemsOverdue: 99999,
      dpiasPending: 99999,
      overdueNotifications: Array.from({ length: 30 }, (_, n) => ({
        number: `HÆN-2026-${String(1000 + n)}`,
        kind: 'gdpr' as const,
        deadline: at,
      })),
      undelivered: {
        from: at,
        notices: Array.from({ length: 30 }, () => ({
          at,
          what: 'scheduled' as const,
          ref: 'incidents.measure-owner-reminders',
          reason: 'failed' as const,
        })),
      },
      risks: reviewRisks(
        {
          // Every risk high, changed, overdue, expired and with a late measure; the first ten of each read.
          counts: {
            ...heatMapDelta(undefined, items),
            high: items.length,
            due: { '2027-01-01': items.length },
            accepted: { '2027-01-01': items.length },
            changed: { '2027-02-01': items.length },
            measures: { '2027-01-01': items.length },
          },
          high: shown,
          changed: shown,
          changedCount: items.length,
          overdue: shown,
          expired: shown,
          measures: shown.map((item, n) => ({
            parent: { kind: 'risk' as const, id: item.id, title: long(120) },
            measure: { id: `m${n}`, text: long(200), owner: long(60), ownerId: 'o', dueDate: '2027-01-01' },
          })),
        },
        '2027-03-01',
        { since: '2027-01-15T09:00:00.000Z', levels: {} },
      ),
    };
    const review = { id: '2027-Q1', dueAt: at, doneByName: long(120), notes: long(2000) };
    const userIds = Array.from({ length: 60 }, (_, i) => `29:1${'x'.repeat(90)}${i}`);
    const view = { canRecord: true, notice: long(300), banner: { text: long(300), isError: true }, userIds, now };
    const card = reviewCard('da', review, summary, view);
    expect(cardBytes(card)).toBeLessThanOrEqual(CARD_BUDGET_BYTES);
    expect(cardTexts(card)).toEqual(
      expect.arrayContaining([
        'Udløbne accepter: 5000',
        'Åbne foranstaltninger på risici: 5000 (5000 over fristen)',
        expect.stringMatching(/^4\.99\d flere vises i risikoregistret$/),
        // The incident lists cut to fit say how many are left out, and where to find them.
        expect.stringMatching(/^… og \d+ flere – se hele listen i hændelsesloggen\.$/),
        expect.stringMatching(/^… og \d+ flere, som ikke er plads til her\.$/),
      ]),
    );
  });
});
