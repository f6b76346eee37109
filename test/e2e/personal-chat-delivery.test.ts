import { t } from '../../src/i18n';
import { da } from '../../src/i18n/catalogs';
import { cardActions, cardOf, cardTexts } from '../support/cards';
import { ManualClock, newUser, startHarness, TeamsClient, type Harness, type TestUser } from '../support/harness';
import { numberOn, submitReport } from '../support/incidents';

const HOUR = 3_600_000;

/**
 * A person's personal chat is not given up for good after one 404 (P1): the reporter who was not
 * told that her incident was closed sees it where she looks (`mine hændelser`), and her chat comes
 * back as soon as she writes to the bot again — or, if she does not, a day later.
 */
describe('a personal chat Teams once called gone', () => {
  const clock = new ManualClock(new Date('2026-12-07T09:00:00Z'));
  const coordinator = newUser('Mette Kjær');
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness({ coordinators: [coordinator], clock });
    await h.registerChannel('coordinator');
  });
  afterAll(() => {
    h.connector.rule = undefined;
    return h.close();
  });

  const chatOf = (user: TestUser) => TeamsClient.personalChat(user);
  const statusNotices = (user: TestUser) =>
    h.connector
      .sentTo(chatOf(user))
      .map(cardOf)
      .filter((card) =>
        cardTexts(card).some((text) => text.startsWith(t('da', 'incidents.status.title', { number: '' }))),
      );
  const report = async (reporter: TestUser) =>
    numberOn(await submitReport(h.teams, reporter, { kind: 'general', personalData: 'no', personalDataKinds: '' }));
  /** Moves an incident to `state` as the coordinator (the reporter is told when it is closed). */
  const setState = async (number: string, state: string) => {
    const card = (await h.teams.act(coordinator, 'incident.view', { number })).body?.value;
    const triage = cardActions(card).find((action) => action.verb === 'incident.triage');
    await h.teams.act(coordinator, 'incident.triage', { ...triage?.data, state, severity: 'low' });
  };
  /** Reports as `reporter` and moves the incident to `state` as the coordinator. */
  const reportAndSet = async (reporter: TestUser, state: string) => {
    const number = await report(reporter);
    await setState(number, state);
    return number;
  };
  const until = async (check: () => boolean, what: string) => {
    for (let i = 0; i < 200 && !check(); i++) await new Promise((resolve) => setTimeout(resolve, 25));
    if (!check()) throw new Error(`not seen: ${what}`);
  };

  it('comes back when the person writes again, and what was not delivered is in her list', async () => {
    const reporter = newUser('Sofie Jensen');
    await h.teams.say(reporter, 'hej');
    let refused = 0;
    h.connector.rule = (call) => (call.conversationId === chatOf(reporter) ? (refused++, { status: 404 }) : undefined);
    const first = await reportAndSet(reporter, 'closed');
    await until(() => refused === 1, 'the 404');
    await until(() => h.logs.some((line) => line.includes('conversation gone')), 'the chat marked gone');
    h.connector.rule = undefined;

    // She looks at her list: the incident is closed there, and her chat is heard from again.
    h.connector.clear();
    await h.teams.say(reporter, 'mine hændelser');
    const [list] = h.connector.sentTo(chatOf(reporter)).map(cardOf);
    expect(cardTexts(list).join('\n')).toContain(first);
    expect(cardTexts(list).join('\n')).toContain(da.incidents.states.closed);

    const second = await reportAndSet(reporter, 'closed');
    await until(() => statusNotices(reporter).length === 1, 'the next notice');
    expect(cardTexts(statusNotices(reporter)[0])).toContain(t('da', 'incidents.status.title', { number: second }));
  });

  it('is tried again a day later even if the person has not written', async () => {
    const reporter = newUser('Jonas Berg');
    await h.teams.say(reporter, 'hej');
    // Reported before the 404: from then on the bot does not hear from him.
    const [first, second, third] = [await report(reporter), await report(reporter), await report(reporter)];
    let refused = 0;
    h.connector.rule = (call) => (call.conversationId === chatOf(reporter) ? (refused++, { status: 404 }) : undefined);
    await setState(first as string, 'closed');
    await until(() => refused === 1, 'the 404');
    h.connector.rule = undefined;
    h.connector.clear();

    // Within the day nothing is tried; after it, the chat is tried again and the notice arrives.
    await setState(second as string, 'closed');
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(statusNotices(reporter)).toHaveLength(0);
    clock.advance(25 * HOUR);
    await setState(third as string, 'closed');
    await until(() => statusNotices(reporter).length === 1, 'the notice a day later');
    expect(cardTexts(statusNotices(reporter)[0])).toContain(
      t('da', 'incidents.status.title', { number: third as string }),
    );
  });
});
