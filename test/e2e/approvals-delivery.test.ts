import { da, en } from '../../src/i18n/catalogs';
import { cardActions, cardOf, cardTexts } from '../support/cards';
import { grant } from '../support/fault-records';
import { newUser, startHarness, TeamsClient, TENANT, type Harness, type TestUser } from '../support/harness';

const TEAM = '19:team@thread.tacv2';

/**
 * Approvals handed between people (P7, P8): the coordinator is told the truth about the post to
 * the management channel, a channel Teams called gone comes back when it is heard from, what was
 * not posted stays visible in everyone's `godkendelser` list, a member decides from that list, and
 * the channel card is updated for everyone (clients without per-user refresh, like the Agents
 * Playground, show only the shared card).
 */
describe('approvals between the coordinator and the management group', () => {
  const coordinator = newUser('Mette Kjær');
  const manager = newUser('Lars Holm');
  const englishManager = newUser('Anne Berg', 'en-US');
  const steering = newUser('Peter Smith');
  const employee = newUser('Sofie Jensen');
  let h: Harness;
  let channel: string;
  beforeAll(async () => {
    h = await startHarness({ coordinators: [coordinator] });
    await grant(h, manager.aadObjectId, 'management');
    await grant(h, englishManager.aadObjectId, 'management');
    await grant(h, steering.aadObjectId, 'steering');
    channel = await h.registerChannel('management');
  });
  afterAll(() => h.close());

  const personal = async (user: TestUser, text: string) => {
    h.connector.clear();
    await h.teams.say(user, text);
    return cardOf(h.connector.sentTo(TeamsClient.personalChat(user)).at(-1));
  };
  const inChannel = (user: TestUser, text: string) =>
    h.teams.post({
      ...h.teams.base(user, channel, 'channel', TENANT, { id: channel, teamId: TEAM }),
      type: 'message',
      text,
    });
  const submit = (title: string) =>
    h.teams.act(coordinator, 'approval.submit', {
      kind: 'majorChange',
      title,
      link: 'https://intranet.kommune.dk/aendring.pdf',
    });
  const button = (card: unknown, verb: string) => cardActions(card).find((action) => action.verb === verb);
  const postsTo = (conversationId: string) =>
    h.connector.calls.filter((call) => call.method === 'POST' && call.conversationId === conversationId);

  it('tells the coordinator the card could not be posted, keeps it visible, and posts it once the channel is heard from again', async () => {
    h.connector.rule = (call) => (call.conversationId === channel ? { status: 404 } : undefined);
    const answer = (await submit('Nyt lønsystem')).body?.value;
    expect(cardTexts(answer)).toContain(
      `Godkendelsen er gemt, men kunne ikke sendes til ${da.channels.purposes.management}. Tjek at botten er med i kanalen, og skriv »opsætning« i kanalen; tryk så »Send til kanalen igen«. Indtil da ser medlemmerne den under »godkendelser« i chatten med botten.`,
    );
    expect(cardTexts(answer)).not.toContain(`Sendt til godkendelse i ${da.channels.purposes.management}.`);
    const id = String(answer.refresh.action.data.id);
    h.connector.rule = undefined;

    // The coordinator's list marks it; a member's list offers it for decision.
    const coordinatorList = await personal(coordinator, 'godkendelser');
    expect(cardTexts(coordinatorList)).toEqual(
      expect.arrayContaining(['Nyt lønsystem', da.approvals.list.notes.notPosted]),
    );
    const managerList = await personal(manager, 'godkendelser');
    expect(cardTexts(managerList)).toEqual(
      expect.arrayContaining(['Nyt lønsystem', da.approvals.list.notes.awaitsYou]),
    );

    // The channel is marked gone: posting again is not even tried, and the coordinator hears that.
    const notYet = (await h.teams.press(coordinator, button(answer, 'approval.post'))).body?.value;
    expect(cardTexts(notYet).join('\n')).toContain('kunne ikke sendes til');
    expect(postsTo(channel)).toHaveLength(0);

    // Someone writes in the channel: the bot hears from it, and the card is posted.
    await inChannel(manager, 'hjælp');
    h.connector.clear();
    const reposted = (await h.teams.press(coordinator, button(notYet, 'approval.post'))).body?.value;
    expect(cardTexts(reposted)).toContain(`Kortet er sendt til ${da.channels.purposes.management} igen.`);
    expect(button(reposted, 'approval.post')).toBeUndefined();
    const [posted] = postsTo(channel);
    expect(cardTexts(cardOf(posted?.activity))).toEqual(
      expect.arrayContaining(['Nyt lønsystem', 'Afventer godkendelse (0 af 1)']),
    );
    expect(cardTexts(await personal(coordinator, 'godkendelser'))).not.toContain(da.approvals.list.notes.notPosted);

    // A member decides from the list in personal chat; the channel card is replaced for everyone.
    const list = await personal(englishManager, 'approvals');
    const open = cardActions(list).find((action) => action.verb === 'approval.refresh' && action.data.id === id);
    const view = (await h.teams.press(englishManager, open)).body?.value;
    expect(cardActions(view).map((action) => action.verb)).toEqual(['approval.approve', 'approval.requestChanges']);
    const decided = (await h.teams.press(englishManager, button(view, 'approval.approve'), { comment: 'Fine' })).body
      ?.value;
    expect(cardTexts(decided)).toEqual(
      expect.arrayContaining([en.approvals.messages.recorded, en.approvals.states.approved]),
    );
    const update = await h.connector.waitFor(
      (call) => call.method === 'PUT' && call.conversationId === channel && call.activityId === posted?.id,
    );
    expect(cardTexts(cardOf(update.activity))).toEqual(
      expect.arrayContaining([da.approvals.states.approved, 'Nyt lønsystem']),
    );
    expect(cardTexts(cardOf(update.activity)).join('\n')).toContain('Godkendt af Anne Berg');
    expect(cardTexts(await personal(manager, 'godkendelser'))).not.toContain('Nyt lønsystem');
  });

  it('says posted only when Teams took the card', async () => {
    const answer = (await submit('Ny backup-leverandør')).body?.value;
    expect(cardTexts(answer)).toContain(`Sendt til godkendelse i ${da.channels.purposes.management}.`);
    expect(button(answer, 'approval.post')).toBeUndefined();
  });

  it('lists nothing for a steering member while only management items wait, and refuses a person without an approving role', async () => {
    expect(cardTexts(await personal(steering, 'godkendelser'))).toContain(da.approvals.list.empty);
    const refused = await personal(employee, 'godkendelser');
    expect(cardTexts(refused)).toContain(da.common.errorForbidden);
    expect(cardActions(refused).map((action) => action.verb)).not.toContain('approval.refresh');
    expect((await h.teams.act(employee, 'approval.list')).body?.value).toBe(da.common.errorForbidden);
    expect((await h.teams.act(manager, 'approval.post', { id: 'whatever-id-1' })).body?.value).toBe(
      da.common.errorForbidden,
    );
  });
});
