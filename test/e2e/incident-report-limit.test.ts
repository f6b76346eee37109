import { t } from '../../src/i18n';
import { randomUUID } from 'node:crypto';
import { cardTexts, inputOn } from '../support/cards';
import { ManualClock, newUser, startHarness, type Harness, type TestUser } from '../support/harness';
import { numberOn, submitReport, validReport } from '../support/incidents';

const tooMany = (locale: 'da' | 'en') => t(locale, 'incidents.report.tooMany', { count: 3, minutes: 10 });

/** P1/P10, issue #14: one person cannot flood the register; a breach notice never waits behind a flood. */
describe('reports per person (REPORT_LIMIT=3 per 10 minutes)', () => {
  const clock = new ManualClock(new Date('2026-11-27T08:00:00Z'));
  const coordinator = newUser('Mette Kjær');
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness({
      clock,
      coordinators: [coordinator],
      env: { REPORT_LIMIT: '3', REPORT_LIMIT_MINUTES: '10' },
    });
  });
  afterAll(() => h.close());

  const storedBy = async (user: TestUser) => {
    const answer = await h.teams.act(user, 'incident.mine');
    return [...new Set(JSON.stringify(answer.body?.value).match(/HÆN-\d{4}-\d{4}/g) ?? [])];
  };

  it('accepts three new reports, answers the fourth kindly with everything typed kept, and loses nothing accepted', async () => {
    const flooder = newUser('Per Hansen');
    const drafts = Array.from({ length: 5 }, (_, i) =>
      validReport({ draftId: randomUUID(), title: `Rapport nr. ${i}` }),
    );
    const answers = [];
    for (const draft of drafts) answers.push(await h.teams.act(flooder, 'incident.submit', draft));
    const accepted = answers.slice(0, 3).map(numberOn);
    expect(new Set(accepted).size).toBe(3);
    for (const [i, refused] of answers.slice(3).entries()) {
      expect(refused.status).toBe(200);
      expect(cardTexts(refused.body?.value)).toContain(tooMany('da'));
      expect(inputOn(refused.body?.value, 'title')?.value).toBe(`Rapport nr. ${i + 3}`);
    }
    // A repeat of an accepted report (a double click, Teams' retry) still gets its receipt.
    expect(numberOn(await h.teams.act(flooder, 'incident.submit', drafts[1] as Record<string, unknown>))).toBe(
      accepted[1],
    );
    expect((await storedBy(flooder)).sort()).toEqual([...accepted].sort());

    // Someone else is not affected, and after the window the flooder may report again.
    expect(numberOn(await submitReport(h.teams, newUser('Anne Holm')))).toMatch(/HÆN-/);
    clock.advance(10 * 60_000);
    expect(numberOn(await h.teams.act(flooder, 'incident.submit', drafts[3] as Record<string, unknown>))).toMatch(
      /HÆN-/,
    );
  });

  it('says it in English to an English user', async () => {
    const user = newUser('Emma Hall', 'en-US');
    for (let i = 0; i < 3; i++) numberOn(await submitReport(h.teams, user));
    const refused = await submitReport(h.teams, user);
    expect(cardTexts(refused.body?.value)).toContain(tooMany('en'));
  });
});

describe('a breach notice during a flood of notices', () => {
  const coordinator = newUser('Mette Kjær');
  let h: Harness;
  let channel: string;
  beforeAll(async () => {
    // One send per channel a second (Teams allows about four): the flood then waits for a known while
    // on any machine, however slowly the reports themselves are taken in.
    h = await startHarness({ coordinators: [coordinator], sendPace: { perConversation: [[1, 1000]] } });
    channel = await h.registerChannel('coordinator');
  });
  afterAll(() => h.close());

  it('reaches the coordinator channel before the ordinary notices that were waiting for Teams’ send limit', async () => {
    const general = { kind: 'general', personalData: 'no', personalDataKinds: '' };
    // 40 ordinary reports at once, leaving one a second.
    const flood = await Promise.all(
      Array.from({ length: 40 }, (_, i) => submitReport(h.teams, newUser(`Kollega ${i}`), general)),
    );
    flood.forEach(numberOn);
    await h.connector.waitFor((call) => call.conversationId === channel);
    const breach = numberOn(await submitReport(h.teams, newUser('Ole Berg')));
    const inChannel = () => h.connector.calls.filter((call) => call.conversationId === channel);
    const sentBeforeBreach = inChannel().length;
    expect(sentBeforeBreach).toBeLessThan(30); // the flood is still waiting for Teams' limit
    const notice = await h.connector.waitFor(
      (call) => call.conversationId === channel && JSON.stringify(call.activity).includes(breach),
      30_000,
    );
    // Without priority it would come after every ordinary notice still waiting; with it, it takes
    // one of the next free slots (a send or two already past the gate may leave first).
    const overtakenBy = inChannel().indexOf(notice) - sentBeforeBreach;
    expect(overtakenBy).toBeLessThanOrEqual(2);
  }, 60_000);
});
