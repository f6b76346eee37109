import { da } from '../../src/i18n/catalogs';
import { cardActions, cardIn, cardOf, cardTexts, dataOf } from '../support/cards';
import { grant } from '../support/fault-records';
import { ManualClock, newUser, startHarness, TeamsClient, type Harness, type TeamsChannel } from '../support/harness';

/**
 * #19 acceptance (P7): a residual risk above the threshold (RISK_ACCEPTANCE_ABOVE, here the default
 * "medium") is put up by the coordinator and accepted by the management group through the approval
 * mechanism; the acceptance and its expiry are recorded on the risk, and an expired one is flagged on
 * the risk card and in the quarterly review.
 */
describe('acceptance of a residual risk by the management group (#19)', () => {
  const clock = new ManualClock(new Date('2027-01-10T09:00:00Z'));
  const coordinator = newUser('Mette Kjær');
  const manager = newUser('Lars Holm');
  let h: Harness;
  let management: TeamsChannel;
  beforeAll(async () => {
    h = await startHarness({ coordinators: [coordinator], clock, env: { RISK_ACCEPTANCE_MONTHS: '6' } });
    await grant(h, manager.aadObjectId, 'management');
    management = { id: await h.registerChannel('management'), teamId: '19:team@thread.tacv2' };
  });
  afterAll(() => h.close());

  const view = async (id: string) => cardIn(await h.teams.act(coordinator, 'risk.view', { id }));

  it('puts a high residual risk up, records the acceptance with its expiry, and flags it once expired', async () => {
    const created = cardIn(
      await h.teams.act(coordinator, 'risk.save', {
        title: 'Leverandøren har adgang til borgerdata',
        scenario: 'Leverandørens supportkonto misbruges',
        area: 'suppliers',
        ownerPick: coordinator.aadObjectId,
        draftId: crypto.randomUUID(),
      }),
    );
    const id = String(dataOf(created, 'risk.assess').id);
    expect(cardActions(created).map((action) => action.verb)).not.toContain('risk.accept');
    const form = cardIn(await h.teams.act(coordinator, 'risk.assess', { id }));
    const assessed = cardIn(
      await h.teams.act(coordinator, 'risk.assess.save', {
        ...dataOf(form, 'risk.assess.save'),
        likelihood: '3',
        confidentiality: '3',
        integrity: '1',
        availability: '1',
        treatment: 'accept',
        residualLikelihood: '3',
        residualConsequence: '3',
        nextReview: '2027-04-01',
      }),
    );
    expect(cardTexts(assessed)).toContain(da.risks.acceptance.needed);

    // The manager cannot put it up; the generic approval form cannot submit this kind either.
    const accept = dataOf(assessed, 'risk.accept');
    expect((await h.teams.act(manager, 'risk.accept', accept)).body?.value).toBe(da.common.errorForbidden);
    const forged = await h.teams.act(coordinator, 'approval.submit', {
      kind: 'riskAcceptance',
      title: 'Snydt',
      version: '1',
      link: 'https://intranet.kommune.dk/x.pdf',
      summary: 'x',
    });
    expect(cardTexts(cardIn(forged))).toContain(da.approvals.errors.invalid);
    expect(h.connector.sentTo(management.id)).toHaveLength(0);

    const requested = cardIn(await h.teams.act(coordinator, 'risk.accept', accept));
    expect(cardTexts(requested)).toEqual(
      expect.arrayContaining([da.risks.acceptance.requested, da.risks.acceptance.pending]),
    );
    const [shared] = h.connector.sentTo(management.id).map(cardOf);
    expect(cardTexts(shared)).toEqual(
      expect.arrayContaining([
        'Godkendelse: accept af restrisiko',
        'Restrisiko: Leverandøren har adgang til borgerdata',
        'vurderet 10.01.2027', // the assessment put up, named by its day (not the record's version number)
      ]),
    );
    // A second press (a double click on the old card) puts up nothing more.
    await h.teams.act(coordinator, 'risk.accept', accept);
    expect(h.connector.sentTo(management.id)).toHaveLength(1);

    const approvalId = shared!.refresh.action.data.id as string;
    clock.advance(86_400_000); // 11 January
    const approved = await h.teams.act(
      manager,
      'approval.approve',
      { id: approvalId, round: 1 },
      { channel: management },
    );
    expect(approved.status).toBe(200);

    const accepted = await view(id);
    expect(cardTexts(accepted)).toEqual(
      expect.arrayContaining([
        'Accepteret af ledergruppen til og med 11.07.2027',
        `11.01.2027 · Lars Holm · ${da.risks.detail.actions.accepted}`,
      ]),
    );
    expect(cardActions(accepted).map((action) => action.verb)).not.toContain('risk.accept');

    clock.advance(182 * 86_400_000); // 12 July: the acceptance held through 11 July.
    const expired = await view(id);
    expect(cardTexts(expired)).toContain('Accepten udløb 11.07.2027 – skal accepteres igen');
    expect(cardActions(expired).map((action) => action.verb)).toContain('risk.accept');

    h.connector.clear();
    await h.teams.say(manager, 'gennemgang');
    const review = cardTexts(cardOf(h.connector.sentTo(TeamsClient.personalChat(manager)).at(-1)));
    expect(review).toEqual(
      expect.arrayContaining([
        'Udløbne accepter: 1',
        'Leverandøren har adgang til borgerdata – accepten udløb 11.07.2027',
      ]),
    );
  });
});
