import { TableRiskRepository } from '../../src/storage/risk-repository';
import { cardIn, cardOf, cardTexts, dataOf } from '../support/cards';
import { grant } from '../support/fault-records';
import { ManualClock, newUser, startHarness, TeamsClient, type Harness, type TeamsChannel } from '../support/harness';

/**
 * #19 fix: a risk acceptance decided in the management channel is recorded on the risk when it is
 * decided — not when somebody next opens the risk — so the register's lists, the quarterly review and
 * the annual overall risk assessment see it at once.
 */
describe('a risk acceptance is recorded on the risk when the management group decides it (#19)', () => {
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

  /** Creates, assesses at a high residual level and puts up for acceptance; answers the risk and approval ids. */
  async function putUp(title: string): Promise<{ id: string; approvalId: string }> {
    const created = cardIn(
      await h.teams.act(coordinator, 'risk.save', {
        title,
        scenario: 'Leverandørens supportkonto misbruges',
        area: 'suppliers',
        ownerPick: coordinator.aadObjectId,
        draftId: crypto.randomUUID(),
      }),
    );
    const id = String(dataOf(created, 'risk.assess').id);
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
        nextReview: new Date(clock.now().getTime() + 60 * 86_400_000).toISOString().slice(0, 10),
      }),
    );
    const before = h.connector.sentTo(management.id).length;
    await h.teams.act(coordinator, 'risk.accept', dataOf(assessed, 'risk.accept'));
    const shared = cardOf(h.connector.sentTo(management.id)[before]);
    return { id, approvalId: shared.refresh.action.data.id as string };
  }

  it('records the acceptance with its expiry on the risk and its list row, without the risk being opened', async () => {
    const { id, approvalId } = await putUp('Leverandøren har adgang til borgerdata');
    clock.advance(86_400_000); // 11 January
    const approved = await h.teams.act(
      manager,
      'approval.approve',
      { id: approvalId, round: 1 },
      { channel: management },
    );
    expect(approved.status).toBe(200);

    // Nobody opens the risk: the stored record and the register's list row already say accepted.
    const repo = new TableRiskRepository(h.bot.tables.client('Risks'));
    const stored = (await repo.get(id))?.risk;
    expect(stored?.acceptance).toMatchObject({
      state: 'accepted',
      expiresOn: '2027-07-11',
      decidedByName: 'Lars Holm',
    });
    const row = (await repo.listAll()).find((item) => item.id === id);
    expect(row).toMatchObject({ acceptedUntil: '2027-07-11' });
    expect(row?.acceptancePending).toBeUndefined();
    expect((await repo.history(id)).at(-1)).toMatchObject({ action: 'accepted', byName: 'Lars Holm' });

    // And so the quarterly review, which reads the list, flags it once expired.
    clock.advance(182 * 86_400_000); // 12 July
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

  it('records changes asked for on the risk at once, so the coordinator may put it up again', async () => {
    const { id, approvalId } = await putUp('Netværket kan lamme borgerservice');
    await h.teams.act(
      manager,
      'approval.requestChanges',
      { id: approvalId, round: 1, comment: 'Beskriv foranstaltningerne først' },
      { channel: management },
    );
    const repo = new TableRiskRepository(h.bot.tables.client('Risks'));
    expect((await repo.get(id))?.risk.acceptance).toMatchObject({ state: 'changesRequested' });
    expect((await repo.listAll()).find((item) => item.id === id)?.acceptancePending).toBeUndefined();
  });
});
