import { da } from '../../src/i18n/catalogs';
import { cardActions, cardIn, cardTexts } from '../support/cards';
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
  const { coordinator } = suite;
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
});
