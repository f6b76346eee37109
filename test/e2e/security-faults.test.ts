import { randomBytes, randomUUID } from 'node:crypto';
import { da, en } from '../../src/i18n/catalogs';
import { createTables } from '../../src/storage/tables';
import { cardOf, cardTexts } from '../support/cards';
import { partialRecords } from '../support/fault-fuzz';
import { botProcess, startDurableAzurite, type DurableAzurite } from '../support/fault-process';
import { entitiesIn, storedIncident } from '../support/fault-records';
import { ManualClock, newUser, startHarness, TENANT, TeamsClient, type Harness } from '../support/harness';
import { numberOn, submitReport, validReport } from '../support/incidents';
import { startConnector } from '../support/connector';

const HOUR = 3_600_000;

/** P10 availability: storage going away, and the process dying, lose nothing a user was told is saved. */
describe('storage outage in the middle of a flow', () => {
  const clock = new ManualClock(new Date('2026-11-28T09:00:00Z'));
  const coordinator = newUser('Mette Kjær');
  let azurite: DurableAzurite;
  let h: Harness;
  let channel: string;
  beforeAll(async () => {
    azurite = await startDurableAzurite();
    h = await startHarness({
      coordinators: [coordinator],
      clock,
      env: { STORAGE_CONNECTION_STRING: azurite.connectionString },
    });
    channel = await h.registerChannel('coordinator');
  });
  afterAll(async () => {
    await h.close();
    await azurite.dispose();
  });

  const remindersFor = (number: string) =>
    h.connector.calls.filter(
      (call) =>
        call.conversationId === channel &&
        cardTexts(cardOf(call.activity)).some((text) => text.startsWith(`Påmindelse: ${number}`)),
    );

  it('tells the user to try again in their language, keeps what they typed, stores no half record, and resumes', async () => {
    const saved = numberOn(await submitReport(h.teams, newUser('Sofie Jensen')));
    const dane = newUser('Karen Holm');
    const brit = newUser('Jonas Berg', 'en-GB');
    await h.teams.say(dane, 'anmeld hændelse');
    const draft = validReport({ title: 'Printeren udskriver fremmede lønsedler' });

    await azurite.stop();
    try {
      const danish = await h.teams.act(dane, 'incident.submit', draft);
      const english = await h.teams.act(brit, 'incident.submit', validReport());
      expect([danish.status, english.status]).toEqual([200, 200]);
      // Either the report card again with the banner and what was typed, or a short message that
      // leaves the card as it is: both say "try again" in the user's language.
      const tryAgain = (answer: { body?: { value?: unknown } }, strings: typeof da) =>
        whatTheUserReads(answer).some((text) =>
          [strings.common.errorStorage, strings.incidents.report.saveFailed].includes(text),
        );
      expect(tryAgain(danish, da)).toBe(true);
      expect(tryAgain(english, en)).toBe(true);
      if (typeof danish.body?.value !== 'string')
        expect(JSON.stringify(danish.body?.value)).toContain('Printeren udskriver fremmede lønsedler');
      expect(JSON.stringify([danish.body, english.body])).not.toMatch(/HÆN-\d{4}-\d{4}/);
      expect((await fetch(`${h.bot.url}/readyz`)).status).toBe(503);
      expect((await fetch(`${h.bot.url}/healthz`)).status).toBe(200);
    } finally {
      await azurite.start();
    }
    expect((await fetch(`${h.bot.url}/readyz`)).status).toBe(200);
    expect(await partialRecords(h.bot.tables)).toEqual([]);
    expect((await storedIncident(h, saved))?.number).toBe(saved);
    const retried = numberOn(await h.teams.act(dane, 'incident.submit', draft));
    const again = numberOn(await h.teams.act(dane, 'incident.submit', draft));
    expect(again).toBe(retried);
    expect((await storedIncident(h, retried))?.title).toBe('Printeren udskriver fremmede lønsedler');
  });

  it('runs a reminder that fell due during the outage once when storage returns', async () => {
    const number = numberOn(await submitReport(h.teams, newUser('Sofie Jensen')));
    await azurite.stop();
    try {
      clock.advance(24 * HOUR + 60_000);
      await expect(h.bot.scheduler.tick()).rejects.toThrow();
      expect(remindersFor(number)).toHaveLength(0);
    } finally {
      await azurite.start();
    }
    await h.bot.scheduler.tick();
    clock.advance(60_000);
    await h.bot.scheduler.tick();
    expect(remindersFor(number)).toHaveLength(1);
  });
});

describe('the bot process killed in the middle of a flow', () => {
  it('keeps every report whose receipt was shown, and a resubmitted in-flight report is stored once', async () => {
    const connector = await startConnector();
    const connectionString = process.env.TEST_AZURITE_CONNECTION_STRING as string;
    const prefix = `k${randomBytes(5).toString('hex')}`;
    const bot = await botProcess({
      NODE_ENV: 'test',
      LOG_LEVEL: 'silent',
      SCHEDULER_ENABLED: 'false',
      STORAGE_CONNECTION_STRING: connectionString,
      TABLE_PREFIX: prefix,
      ALLOWED_TENANT_IDS: TENANT,
    });
    const teams = new TeamsClient(bot.url, connector.url);
    const tables = createTables({ connectionString }, prefix);
    try {
      await bot.start();
      const reporter = newUser('Sofie Jensen');
      const confirmed: string[] = [];
      for (let i = 0; i < 3; i++) confirmed.push(numberOn(await submitReport(teams, reporter)));

      const inFlight = Array.from({ length: 6 }, () => validReport({ draftId: randomUUID() }));
      const sent = inFlight.map((data) => teams.act(reporter, 'incident.submit', data).catch(() => undefined));
      await new Promise((resolve) => setTimeout(resolve, 15));
      await bot.kill();
      const answers = await Promise.all(sent);
      for (const answer of answers) if (answer?.status === 200) confirmed.push(numberOn(answer));

      await bot.start();
      expect(await partialRecords(tables)).toEqual([]);
      const mine = JSON.stringify((await teams.act(reporter, 'incident.mine')).body?.value);
      for (const number of confirmed) expect(mine).toContain(number);

      // The user presses "send" again on every card that got no receipt: each is stored once.
      const resent = await Promise.all(inFlight.map((data) => teams.act(reporter, 'incident.submit', data)));
      const numbers = resent.map((answer) => numberOn(answer));
      expect(new Set(numbers).size).toBe(inFlight.length);
      const rows = (await entitiesIn(tables.client('Incidents'))).filter(
        (row) => row.reporterId === reporter.aadObjectId,
      );
      expect(rows).toHaveLength(3 + inFlight.length);
    } finally {
      await bot.kill();
      await connector.close();
    }
  }, 90_000);
});

/** The texts on the card the user sees after a card action, or the short message that answered it. */
function whatTheUserReads(answer: { body?: { value?: unknown } }): string[] {
  const value = answer.body?.value;
  return typeof value === 'string' ? [value] : cardTexts(value);
}
