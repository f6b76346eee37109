import { CARD_BUDGET_BYTES, cardBytes, type AdaptiveCard } from '../../src/platform/cards';
import { messageCard } from '../../src/platform/message-cards';
import { rolesCard } from '../../src/features/access/role-handlers';
import { roles, type RoleGrant } from '../../src/features/access/roles';
import { outcomeCard, screeningCard, screeningNoticeCard } from '../../src/features/dpia/cards';
import { noteId } from '../../src/features/dpia/form';
import { notedQuestions, screeningQuestions, type Screening } from '../../src/features/dpia/model';
import { screenForDpia, type ScreeningAnswers } from '../../src/features/dpia/screening-outcome';
import { policyCard, welcomeCard } from '../../src/features/help/cards';
import { annualPromptCard, reviewCard } from '../../src/features/reviews/cards';
import {
  criticalityCard,
  majorChangeNoticeCard,
  systemDetailCard,
  systemFormCard,
} from '../../src/features/systems/cards';
import { systemListCard } from '../../src/features/systems/list-card';
import type { SystemListItem } from '../../src/features/systems/list-item';
import { positionIn } from '../../src/features/systems/list-order';
import type { SystemHistoryEntry, SystemRecord } from '../../src/features/systems/model';
import { SYSTEM_PAGE_SIZE } from '../../src/features/systems/service';
import {
  referralCard,
  referralFormCard,
  referralListCard,
  referralNoticeCard,
} from '../../src/features/violations/cards';
import type { ViolationReferral } from '../../src/features/violations/model';
import { cardActions, cardTexts, inputOn } from '../support/cards';

/**
 * Every card the bot sends (besides incidents and approvals, tested on their own) at the worst the
 * server allows: every text at its limit, in Danish with quotes, ampersands and dashes (æøå and "
 * weigh two bytes in the card's JSON, – and … three), and every list as long as it can get.
 */
const danish = '"Ærø" – Æbleø & Ørsø… ';
const long = (length: number) => danish.repeat(Math.ceil(length / danish.length)).slice(0, length);
const url = (length: number) => `https://intranet.kommune.dk/${'å'.repeat(length - 28)}`;
const uuid = (n: number) => `a1b2c3d4-0000-4000-8000-${String(n).padStart(12, '0')}`;
const now = new Date('2027-03-01T08:00:00.000Z');
const at = now.toISOString();

const fits = (card: AdaptiveCard) => expect(cardBytes(card)).toBeLessThanOrEqual(CARD_BUDGET_BYTES);
const verbsOn = (card: AdaptiveCard) => new Set(cardActions(card).map((action) => action.verb));

const system: SystemRecord = {
  id: uuid(1),
  version: 999,
  createdAt: at,
  createdBy: uuid(2),
  name: long(120),
  purpose: long(1000),
  supplier: long(200),
  ownerId: uuid(2),
  ownerName: long(120),
  contingencyPlanUrl: url(500),
  personalData: true,
  personalDataKinds: ['ordinary', 'sensitive', 'cpr', 'criminal'],
  criticality: {
    answers: {
      lifeAndHealthRiskOnOutage: true,
      citizenServiceImpact: 'shortOutage',
      statutoryService: true,
      especiallySensitivePersonalData: true,
    },
    proposed: 'lifeAndDeath',
    reasons: ['lifeHealth', 'shortOutage', 'statutory', 'sensitive'] as never,
    category: 'critical',
    overrideReason: long(1000),
    answeredBy: uuid(2),
    answeredAt: '2027-02-01T08:00:00.000Z',
    confirmedAt: '2027-01-01T08:00:00.000Z',
  },
  lastRiskAssessment: { date: '2026-01-01', by: long(120), summary: long(1000), link: url(500), recordedAt: at },
  pendingChange: { area: 'supplier', description: long(2000), at, by: long(120) },
};

/** Major changes with their 2000-character descriptions, the longest comment the history holds. */
const history = (count: number): SystemHistoryEntry[] =>
  Array.from({ length: count }, (_, i) => ({
    version: i + 1,
    at,
    by: uuid(2),
    byName: long(120),
    action: 'majorChange',
    changes: {},
    comment: `Ændring ${i + 1}: ${long(2000)}`.slice(0, 2000),
  }));

const answers = Object.fromEntries(
  screeningQuestions.map((question) => [question, true]),
) as unknown as ScreeningAnswers;
const notes = Object.fromEntries(notedQuestions.map((question) => [question, long(500)]));
const screening: Screening = {
  id: uuid(3),
  systemId: system.id,
  systemName: long(120),
  trigger: 'majorChange',
  ownerId: uuid(2),
  requestedBy: uuid(4),
  requestedByName: long(120),
  requestedAt: at,
  answer: {
    answers,
    notes,
    result: {
      outcome: 'dpiaRequired',
      // Every reason that can hold at once: every criterion, the EDPB ones too, and the longest 2018 finding.
      reasons: screenForDpia({ ...answers, changedSince2018: false }).reasons,
    },
    answeredBy: uuid(2),
    answeredByName: long(120),
    answeredAt: at,
  },
  dpia: { link: url(500) },
};

const banner = { text: long(300), isError: true };

describe('the system register cards stay within the card budget', () => {
  const items: SystemListItem[] = Array.from({ length: SYSTEM_PAGE_SIZE }, (_, i) => ({
    id: uuid(100 + i),
    version: 1,
    name: `${String(i).padStart(2, '0')} ${long(117)}`,
    category: 'unclassified',
    ownerId: uuid(2),
    dueAt: at,
    dueReason: 'majorChange',
  }));
  const page = { items, after: positionIn('register', items[0]), next: positionIn('register', items[39]) };

  it('the register page of 40 long names, headed by 200 open DPIAs, shows fewer and continues after the last shown', () => {
    const card = systemListCard('da', {
      kind: 'all',
      page,
      now,
      isCoordinator: true,
      canRegister: true,
      viewerId: uuid(9),
      openDpias: Array.from({ length: 200 }, () => screening),
    });
    fits(card);
    const opened = cardActions(card).filter((action) => action.verb === 'system.view');
    const next = cardActions(card).find((action) => action.title === 'Næste side');
    expect(opened.length).toBeLessThan(40);
    expect(next?.data.after).toBe(positionIn('register', items[opened.length - 1]));
    const shownDpias = cardActions(card).filter((action) => action.verb === 'dpia.view').length;
    expect(cardTexts(card)).toContain(`${200 - shownDpias} flere vises ikke her; de står på systemernes kort.`);
    expect(verbsOn(card)).toEqual(new Set(['dpia.view', 'system.view', 'system.list', 'system.new', 'help.menu']));
  });

  it.each(['directory', 'mine', 'due'] as const)('a %s page of 40 long names', (kind) => {
    const card = systemListCard('en', { kind, page, now, isCoordinator: true, canRegister: true, viewerId: uuid(2) });
    fits(card);
    expect(cardActions(card).some((action) => action.title === 'Next page')).toBe(true);
  });

  it('a page of short names shows all 40 and goes on where the register said', () => {
    const short = items.map((item, i) => ({ ...item, name: `System ${i}` }));
    const card = systemListCard('da', {
      kind: 'all',
      page: { items: short, next: 'next-position' },
      now,
      isCoordinator: true,
      canRegister: true,
      viewerId: uuid(9),
      openDpias: [screening],
    });
    expect(cardActions(card).filter((action) => action.verb === 'system.view')).toHaveLength(40);
    expect(cardActions(card).find((action) => action.title === 'Næste side')?.data.after).toBe('next-position');
    expect(cardTexts(card)).toContain(long(120));
  });

  it('the register form re-shown with every field at its limit keeps every value in full', () => {
    const values = {
      name: long(120),
      purpose: long(1000),
      supplier: long(200),
      owner: long(200),
      plan: url(500),
      personalData: 'yes',
      personalDataKinds: 'ordinary,sensitive,cpr,criminal',
    };
    const errors = Object.fromEntries(Object.keys(values).map((key) => [key, 'systems.errors.tooLong']));
    const card = systemFormCard('da', { system, values, errors, banner: long(300) });
    fits(card);
    expect(inputOn(card, 'purpose')?.value).toBe(long(1000));
    expect(verbsOn(card)).toEqual(new Set(['system.save', 'system.list']));
  });

  it('the system card with every text at its limit and 500 long changes shows the newest and counts the rest', () => {
    const card = systemDetailCard('da', {
      system,
      history: history(500),
      screening,
      isCoordinator: true,
      now,
      banner,
      errors: { riskDate: 'systems.errors.required' },
    });
    fits(card);
    const shown = cardTexts(card).filter((text) => text.startsWith(' – Ændring'));
    expect(shown.at(-1)).toMatch(/^ – Ændring 500: /);
    expect(cardTexts(card)).toContain(`${500 - shown.length} ældre ændringer vises ikke her.`);
    expect(verbsOn(card)).toEqual(
      new Set([
        'system.new',
        'system.classify',
        'system.risk',
        'system.change',
        'dpia.start',
        'dpia.view',
        'system.list',
      ]),
    );
  });

  it('the system card with a few short changes shows them all, in full', () => {
    const card = systemDetailCard('en', {
      system: { ...system, purpose: 'Sagsbehandling' },
      history: history(3).map((entry) => ({ ...entry, comment: 'Ny leverandør' })),
      isCoordinator: false,
      now,
    });
    expect(cardTexts(card).filter((text) => text === ' – Ny leverandør')).toHaveLength(3);
    expect(cardTexts(card).some((text) => text.startsWith('Showing'))).toBe(false);
    expect(cardTexts(card)).toContain('Sagsbehandling');
  });

  it('the criticality card and the major-change notice', () => {
    const card = criticalityCard('da', { system, isCoordinator: true, banner });
    fits(card);
    expect(verbsOn(card)).toEqual(new Set(['system.classify', 'system.confirm', 'system.view']));
    fits(majorChangeNoticeCard('da', system));
  });
});

describe('the DPIA cards stay within the card budget', () => {
  it('the screening re-shown with every note at its limit keeps every note in full', () => {
    const values = Object.fromEntries(
      screeningQuestions.flatMap((question) => [
        [question, 'yes'],
        [noteId(question), long(500)],
      ]),
    );
    const errors = Object.fromEntries(screeningQuestions.map((question) => [question, 'dpia.errors.required']));
    const card = screeningCard('da', { screening, values, errors, banner: long(300) });
    fits(card);
    for (const question of notedQuestions) expect(inputOn(card, noteId(question))?.value).toBe(long(500));
    expect(verbsOn(card)).toContain('dpia.answer');
  });

  it('the outcome preview with every note at its limit still confirms every note in full', () => {
    const card = outcomeCard('da', {
      screening,
      answers,
      notes,
      result: screening.answer!.result,
      preview: true,
      isLatest: true,
      isCoordinator: true,
      canOpenSystem: true,
      now,
      banner,
    });
    fits(card);
    const confirm = cardActions(card).find((action) => action.verb === 'dpia.confirm');
    for (const question of notedQuestions) expect(confirm?.data[noteId(question)]).toBe(long(500));
  });

  it('the stored outcome and the screening notice', () => {
    const card = outcomeCard('en', {
      screening,
      answers,
      notes,
      result: screening.answer!.result,
      preview: false,
      isLatest: true,
      isCoordinator: true,
      canOpenSystem: true,
      now,
    });
    fits(card);
    expect(verbsOn(card)).toContain('dpia.done');
    fits(screeningNoticeCard(long(300), long(1000), 'Åbn screeningen', screening.id));
  });
});

describe('the review cards stay within the card budget', () => {
  it('the quarterly review with long notes, names and 60 people in its refresh', () => {
    const review = {
      id: '2027-Q1',
      dueAt: at,
      doneAt: at,
      doneByName: long(120),
      heldOn: '2027-03-01',
      notes: long(2000),
    };
    const summary = {
      openTotal: 99999,
      openBySeverity: { low: 99999, medium: 99999, high: 99999, critical: 99999, unrated: 99999 },
      overdueMeasures: 99999,
      breachesWithoutDecision: 99999,
      pendingApprovals: 99999,
      systemsOverdue: 99999,
      dpiasPending: 99999,
    };
    const userIds = Array.from({ length: 60 }, (_, i) => `29:1${'x'.repeat(90)}${i}`);
    const view = { canRecord: true, notice: long(300), banner, dateError: long(100), userIds, now };
    fits(reviewCard('da', review, summary, view));
    fits(reviewCard('da', { ...review, doneAt: undefined }, summary, view));
    fits(annualPromptCard('da', 2027, true, true));
  });
});

const range = (from: number, to: number): number[] => Array.from({ length: to - from + 1 }, (_, i) => from + i);

describe('the violation cards stay within the card budget', () => {
  const referral = (n: number, decided: boolean): ViolationReferral => ({
    id: uuid(n),
    person: long(200),
    what: long(4000),
    incidentNumber: long(40),
    referredBy: uuid(4),
    referredByName: long(120),
    referredAt: at,
    decision: decided
      ? { text: long(4000), date: '2027-03-01', decidedBy: uuid(5), decidedByName: long(120), decidedAt: at }
      : undefined,
  });

  it('the referral form re-shown with every field at its limit keeps every value in full', () => {
    const card = referralFormCard('da', {
      values: { person: long(200), what: long(4000), incidentNumber: long(40) },
      errors: { person: 'violations.errors.required' },
      banner: long(300),
    });
    fits(card);
    expect(inputOn(card, 'what')?.value).toBe(long(4000));
  });

  it.each([true, false])('a referral with the longest texts (decided: %s)', (decided) => {
    const card = referralCard('da', referral(1, decided), {
      canDecide: true,
      hrView: true,
      today: '2027-03-01',
      banner,
      errors: { decision: 'violations.errors.required' },
    });
    fits(card);
    if (!decided) expect(verbsOn(card)).toContain('violation.decide');
    fits(referralNoticeCard('da', referral(1, decided)));
  });

  it('the HR lead’s list of 500 referrals pages 20 at a time, those awaiting HR first', () => {
    const referrals = Array.from({ length: 500 }, (_, i) => referral(i, i !== 3 && i !== 499));
    const opened = (card: unknown) =>
      cardActions(card)
        .filter((action) => action.verb === 'violation.view')
        .map((action) => action.data.id);
    const first = referralListCard('da', referrals, true);
    fits(first);
    expect(opened(first)).toEqual([uuid(3), uuid(499), ...[0, 1, 2, 4, 5].map(uuid), ...range(6, 18).map(uuid)]);
    expect(cardTexts(first)).toContain('Viser 1–20 af 500; dem, der afventer HR, står først.');
    const next = cardActions(first).find((action) => action.title === 'Næste side');
    expect(next?.data).toEqual({ from: 20 });
    expect(cardActions(first).some((action) => action.title === 'Første side')).toBe(false);

    const last = referralListCard('da', referrals, true, 480);
    fits(last);
    expect(opened(last)).toEqual(range(479, 498).map(uuid));
    expect(cardActions(last).some((action) => action.title === 'Næste side')).toBe(false);
    expect(cardActions(last).find((action) => action.title === 'Første side')?.data).toEqual({ from: 0 });
    // A page card data cannot name is the first page.
    for (const from of [-1, 500, 2.5, '20', null])
      expect(opened(referralListCard('da', referrals, true, from))).toEqual(opened(first));
  });

  it('a list of a few referrals shows every name in full', () => {
    const card = referralListCard('en', [referral(1, true), referral(2, false)], true);
    expect(cardTexts(card).filter((text) => text === long(200))).toHaveLength(2);
    expect(cardTexts(card).some((text) => text.startsWith('Showing'))).toBe(false);
  });
});

describe('the roles card stays within the card budget', () => {
  const grants = (count: number): RoleGrant[] =>
    Array.from({ length: count }, (_, i) => ({
      userId: uuid(i),
      role: roles[i % roles.length],
      name: `${i} ${long(118)}`,
      grantedBy: uuid(1),
      grantedAt: at,
    }));

  it('500 role holders with long names: some per role, the rest counted, revocable through the form', () => {
    const card = rolesCard('da', grants(500), banner, { person: long(200), role: 'hr' });
    fits(card);
    const revokes = cardActions(card).filter((action) => action.verb === 'role.revoke');
    const rows = revokes.filter((action) => action.data.userId);
    expect(rows.length).toBeGreaterThan(0);
    expect(revokes.length).toBe(rows.length + 1);
    expect(cardTexts(card).filter((text) => /^\d+ flere vises ikke her\. Fjern en af dem/.test(text))).toHaveLength(
      roles.length,
    );
    expect(verbsOn(card)).toEqual(new Set(['role.revoke', 'role.grant', 'role.list']));
    expect(inputOn(card, 'person')?.value).toBe(long(200));
    // Each role with holders not shown offers all of them, a page at a time.
    const showAll = cardActions(card).filter((action) => action.verb === 'role.list');
    expect(showAll.map((action) => action.data)).toEqual(roles.map((role) => ({ role, from: 0 })));
    const holders = (role: string) => grants(500).filter((grant) => grant.role === role).length;
    expect(showAll.map((action) => action.title)).toEqual(roles.map((role) => `Vis alle (${holders(role)})`));
  });

  it('shows every holder of one role, a page at a time, for an access review', () => {
    const all = grants(500);
    const owners = all.filter((grant) => grant.role === 'systemOwner');
    const seen: unknown[] = [];
    let from: unknown = 0;
    for (let page = 0; from !== undefined; page++) {
      const card = rolesCard('da', all, undefined, {}, { role: 'systemOwner', from: from as number });
      fits(card);
      const rows = cardActions(card).filter((action) => action.verb === 'role.revoke' && action.data.userId);
      expect(rows.every((action) => action.data.role === 'systemOwner')).toBe(true);
      seen.push(...rows.map((action) => action.data.userId));
      expect(cardTexts(card)).toContain(`Viser ${seen.length - rows.length + 1}–${seen.length} af ${owners.length}.`);
      expect(cardActions(card).some((action) => action.title === 'Alle roller')).toBe(true);
      from = cardActions(card).find((action) => action.title === 'Næste side')?.data.from;
      expect(page).toBeLessThan(10);
    }
    expect(seen).toEqual(owners.map((grant) => grant.userId));
  });

  it('a few role holders: every one with a revoke button and no revoke in the form', () => {
    const card = rolesCard('en', grants(10));
    const revokes = cardActions(card).filter((action) => action.verb === 'role.revoke');
    expect(revokes.map((action) => action.data.userId).sort()).toEqual(grants(10).map((grant) => grant.userId));
    expect(cardTexts(card)).toContain(`0 ${long(118)}`);
  });
});

describe('the help and error cards stay within the card budget', () => {
  it.each(['da', 'en'] as const)('in %s', (locale) => {
    fits(welcomeCard(locale, new Set(['coordinator', 'management', 'steering', 'hr', 'systemOwner'] as const)));
    fits(policyCard(locale, url(500)));
    fits(messageCard(locale, long(1000)));
  });
});
