import { systemClock } from '../../src/clock';
import { da } from '../../src/i18n/catalogs';
import { TableAuditLog } from '../../src/storage/audit-repository';
import { TableReviewRepository } from '../../src/storage/review-repository';
import { cardActions, cardIn, cardOf, cardTexts, dataOf } from '../support/cards';
import { grant } from '../support/fault-records';
import { ManualClock, newUser, startHarness, TeamsClient, type Harness, type TestUser } from '../support/harness';

/**
 * P6: the quarterly review shows the risk register — the heat map, the risks at high or critical
 * level, those whose level changed since the last review held, those past their review date — and
 * recording the review as held records which risks were reviewed, with their levels then.
 */
describe('the risk register in the quarterly review (P6)', () => {
  const clock = new ManualClock(new Date('2027-01-10T09:00:00Z'));
  const coordinator = newUser('Mette Kjær');
  const manager = newUser('Lars Holm');
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness({ coordinators: [coordinator], clock });
    await grant(h, manager.aadObjectId, 'management');
  });
  afterAll(() => h.close());

  const ask = async (user: TestUser) => {
    h.connector.clear();
    await h.teams.say(user, 'gennemgang');
    return cardOf(h.connector.sentTo(TeamsClient.personalChat(user)).at(-1));
  };
  const create = async (title: string) => {
    const card = cardIn(
      await h.teams.act(coordinator, 'risk.save', {
        title,
        scenario: 'Scenarie',
        area: 'network',
        ownerPick: coordinator.aadObjectId,
        draftId: crypto.randomUUID(),
      }),
    );
    return String(dataOf(card, 'risk.assess').id);
  };
  const assess = async (id: string, values: Record<string, string>) => {
    const form = cardIn(await h.teams.act(coordinator, 'risk.assess', { id }));
    const saved = cardIn(
      await h.teams.act(coordinator, 'risk.assess.save', {
        ...dataOf(form, 'risk.assess.save'),
        confidentiality: '1',
        integrity: '1',
        dataSubjects: '',
        treatment: 'reduce',
        ...values,
      }),
    );
    expect(cardTexts(saved)).toContain(da.risks.detail.assessed);
  };

  it('lists the critical risk, the risk past its review date and the heat map; records the risks reviewed; then shows a changed level', async () => {
    const outage = await create('Udfald af kernenetværket');
    const phishing = await create('Phishing mod hjemmeplejen');
    const pending = await create('Ikke vurderet endnu');
    await assess(outage, {
      likelihood: '3',
      availability: '4',
      residualLikelihood: '2',
      residualConsequence: '2',
      nextReview: '2027-02-01',
    });
    await assess(phishing, {
      likelihood: '2',
      availability: '2',
      residualLikelihood: '1',
      residualConsequence: '2',
      nextReview: '2027-06-01',
    });

    clock.advance(14 * 86_400_000); // 24 January: the outage's review date has not passed yet.
    const first = cardTexts(await ask(manager));
    expect(first).toEqual(
      expect.arrayContaining([
        '3 risici i registret',
        'Høj eller kritisk risiko: 1',
        'Udfald af kernenetværket – Kritisk → Mellem',
        da.risks.review.changedFirst,
        'Gennemgangsdato overskredet: 0',
      ]),
    );
    expect(first).not.toContain('Phishing mod hjemmeplejen – Mellem → Lav');

    clock.advance(10 * 86_400_000); // 3 February.
    const card = await ask(coordinator);
    expect(cardTexts(card)).toEqual(
      expect.arrayContaining([
        'Gennemgangsdato overskredet: 1',
        'Udfald af kernenetværket – skulle gennemgås 01.02.2027',
      ]),
    );
    const record = cardActions(card).find((action) => action.verb === 'review.done');
    const done = await h.teams.press(coordinator, record, { heldOn: '2027-02-03', notes: 'Gennemgået' });
    expect(cardTexts(done.body?.value)).toContain(da.reviews.card.recorded);

    const stored = await new TableReviewRepository(h.bot.tables.client('Reviews')).get('2027-Q1');
    expect(stored?.review.reviewedRisks).toEqual({
      [outage]: 'critical/medium',
      [phishing]: 'medium/low',
      [pending]: 'unassessed',
    });
    const audit = await new TableAuditLog(h.bot.tables.client('Audit'), systemClock).read('reviews');
    expect(audit.at(-1)?.details).toEqual(expect.objectContaining({ risksReviewed: 3 }));

    // An hour after the review, phishing is assessed higher: the review shows it as changed since.
    clock.advance(3_600_000);
    await assess(phishing, {
      likelihood: '3',
      availability: '3',
      residualLikelihood: '2',
      residualConsequence: '2',
      nextReview: '2027-06-01',
    });
    const after = cardTexts(await ask(manager));
    expect(after).toEqual(
      expect.arrayContaining([
        'Ændret niveau siden sidste gennemgang: 1',
        'Phishing mod hjemmeplejen – Høj → Mellem (før: Mellem → Lav)',
        'Høj eller kritisk risiko: 2',
      ]),
    );
  });
});
