import { da } from '../../src/i18n/catalogs';
import { cardActions, cardIn, cardOf, cardTexts } from '../support/cards';
import { storedHistory } from '../support/fault-records';
import { newUser, TeamsClient, withCoordinatorChannel, type TestUser } from '../support/harness';
import { numberOn, submitReport } from '../support/incidents';

/**
 * #15 item 2: when the reporter's status message (closed, resolved, not an incident) cannot be
 * delivered, the coordinator is told so in the answer — not "saved" alone — and the incident's
 * history keeps it.
 */
describe("the coordinator is told when the reporter's status message fails", () => {
  const suite = withCoordinatorChannel('2026-12-01T09:00:00Z');
  const { clock, coordinator } = suite;
  const r = da.reporterNotice;

  async function reportedBy(reporter: TestUser) {
    const number = numberOn(
      await submitReport(suite.h.teams, reporter, { kind: 'general', personalData: 'no', personalDataKinds: '' }),
    );
    const card = cardIn(await suite.h.teams.act(coordinator, 'incident.view', { number }));
    return { number, close: cardActions(card).find((action) => action.verb === 'incident.triage') };
  }
  const banner = (card: unknown) => cardTexts(card)[1];

  it('says the reporter was told when Teams took the message', async () => {
    const reporter = newUser('Sofie Jensen');
    const { close } = await reportedBy(reporter);
    const answer = cardIn(await suite.h.teams.press(coordinator, close, { state: 'resolved' }));
    expect(banner(answer)).toBe(`${da.incidents.triage.saved} ${r.sent}`);
    const told = suite.h.connector.sentTo(TeamsClient.personalChat(reporter)).at(-1);
    expect(JSON.stringify(told)).toContain(da.incidents.status.resolved);
  });

  it('says plainly that the reporter was not told when Teams refuses (a gone chat), and records it', async () => {
    const reporter = newUser('Bo Berg');
    const { number, close } = await reportedBy(reporter);
    suite.h.connector.rule = (call) =>
      call.conversationId === TeamsClient.personalChat(reporter) ? { status: 403 } : undefined;
    try {
      const answer = cardIn(await suite.h.teams.press(coordinator, close, { state: 'closed' }));
      expect(banner(answer)).toBe(`${da.incidents.triage.saved} ${r.gone}`);
      expect(JSON.stringify(answer)).toContain('"color":"Attention"');
      expect(cardTexts(answer).join('\n')).toContain('indberetteren fik ikke besked (chatten findes ikke længere)');
      expect((await storedHistory(suite.h, number)).at(-1)).toMatchObject({
        action: 'reporterNotice',
        changes: { reporterNotice: [null, 'gone'] },
      });
      // The answer is the current card: the coordinator can go on from it.
      const reopen = cardActions(answer).find((action) => action.verb === 'incident.triage');
      const reopened = cardIn(await suite.h.teams.press(coordinator, reopen, { state: 'inProgress' }));
      expect(cardTexts(reopened)).toContain(da.incidents.triage.saved);
    } finally {
      suite.h.connector.rule = undefined;
    }
  });

  it('says the message is still being sent when Teams is slow, and records it when it then fails', async () => {
    const reporter = newUser('Karin Bech');
    const { number, close } = await reportedBy(reporter);
    // Teams answers 500 for a while (the send is retried), then says the chat is gone.
    let since = 0;
    suite.h.connector.rule = (call) => {
      if (call.conversationId !== TeamsClient.personalChat(reporter)) return undefined;
      since ||= Date.now();
      return { status: Date.now() - since < 4000 ? 500 : 403 };
    };
    try {
      const answer = cardIn(await suite.h.teams.press(coordinator, close, { state: 'closed' }));
      expect(banner(answer)).toBe(`${da.incidents.triage.saved} ${r.pending}`);
      const deadline = Date.now() + 20_000;
      while (Date.now() < deadline && (await storedHistory(suite.h, number)).at(-1)?.action !== 'reporterNotice')
        await new Promise((resolve) => setTimeout(resolve, 200));
      expect((await storedHistory(suite.h, number)).at(-1)).toMatchObject({
        changes: { reporterNotice: [null, 'gone'] },
      });
    } finally {
      suite.h.connector.rule = undefined;
    }
  }, 30_000);

  it("lists what could not be delivered in the quarterly review: the coordinator's `gennemgang` and the scheduled post", async () => {
    // A reporter whose chat Teams refuses, and a measure whose owner has no chat with the bot.
    const gone = newUser('Bo Holm');
    const refused = await reportedBy(gone);
    suite.h.connector.rule = (call) =>
      call.conversationId === TeamsClient.personalChat(gone) ? { status: 404 } : undefined;
    await suite.h.teams.press(coordinator, refused.close, { state: 'closed' });
    suite.h.connector.rule = undefined;
    const { number } = await reportedBy(newUser('Lone Dahl'));
    const owner = newUser('Peter Lund');
    const measures = cardIn(await suite.h.teams.act(coordinator, 'incident.measures', { number }));
    const add = cardActions(measures).find((action) => action.verb === 'incident.measure.add');
    await suite.h.teams.press(coordinator, add, {
      measureText: 'Gennemgå adgangen',
      measureOwnerPick: owner.aadObjectId,
      measureDue: '2026-12-20',
    });

    await suite.h.teams.say(coordinator, 'gennemgang');
    const review = cardOf(suite.h.connector.sentTo(TeamsClient.personalChat(coordinator)).at(-1));
    const texts = cardTexts(review);
    const u = da.undelivered;
    expect(texts).toContain('Beskeder, botten ikke har kunnet levere siden 01.07.2026');
    expect(texts).toEqual(
      expect.arrayContaining([
        `01.12.2026 kl. 10:00 · Besked til indberetteren om ${refused.number}: ${u.reasons.gone}`,
        `01.12.2026 kl. 10:00 · Foranstaltning til ejeren i ${number}: ${u.reasons.noChat}`,
      ]),
    );
    expect(JSON.stringify(review)).not.toMatch(/Peter Lund|Bo Holm|Lone Dahl/);

    // The scheduled post at the start of the next quarter lists them too.
    clock.set('2027-01-04T09:00:00Z');
    await suite.h.bot.scheduler.tick();
    await suite.h.bot.scheduler.tick();
    const posted = suite.h.connector
      .sentTo(suite.channel)
      .map(cardOf)
      .find((card) => cardTexts(card).some((text) => text.startsWith('Kvartalsvis risikogennemgang')));
    expect(cardTexts(posted)).toEqual(
      expect.arrayContaining([expect.stringContaining(`Foranstaltning til ejeren i ${number}: ${u.reasons.noChat}`)]),
    );
  });
});
