import { da } from '../../src/i18n/catalogs';
import { TableRoleRepository } from '../../src/storage/role-repository';
import { cardActions, cardOf, cardTexts } from '../support/cards';
import {
  ManualClock,
  newUser,
  startHarness,
  TeamsClient,
  withCoordinatorChannel,
  type Harness,
} from '../support/harness';
import { numberOn, submitReport } from '../support/incidents';

/** Discovered as it was reported, 28.11.2026 10:00: the 72 hours run from the report. */
const discoveredAtReport = {
  discoveredDate: '2026-11-28',
  discoveredTime: '10:00',
  occurredDate: '',
  occurredTime: '',
};

const HOUR = 3_600_000;

describe('the 72-hour clock reminds the coordinator until the decision is recorded (P3)', () => {
  const suite = withCoordinatorChannel('2026-11-28T09:00:00Z');
  const { clock, coordinator } = suite;

  const remindersFor = (number: string) =>
    suite.h.connector.calls
      .filter((call) => call.conversationId === suite.channel && call.method === 'POST')
      .map((call) => cardOf(call.activity))
      .filter((card) => cardTexts(card).some((text) => text.startsWith(`Påmindelse: ${number}`)));

  it('sends each reminder once, through Teams throttling, and stops after the decision', async () => {
    const number = numberOn(await submitReport(suite.h.teams, newUser('Sofie Jensen'), discoveredAtReport));
    clock.advance(23 * HOUR);
    await suite.h.bot.scheduler.tick();
    expect(remindersFor(number)).toHaveLength(0);

    // 24 hours after awareness; Teams answers the first send with 429 and Retry-After.
    let throttled = 0;
    suite.h.connector.rule = (call) =>
      call.conversationId === suite.channel && throttled++ === 0
        ? { status: 429, headers: { 'retry-after': '1' } }
        : undefined;
    clock.advance(1 * HOUR + 60_000);
    await suite.h.bot.scheduler.tick();
    suite.h.connector.rule = undefined;
    const [first] = remindersFor(number);
    expect(throttled).toBeGreaterThan(1);
    expect(cardTexts(first)).toEqual(expect.arrayContaining(['Frist: 01.12.2026 kl. 10:00', '47 timer tilbage']));

    clock.advance(11 * 60_000);
    await suite.h.bot.scheduler.tick();
    expect(remindersFor(number)).toHaveLength(1);

    const view = await suite.h.teams.act(coordinator, 'incident.view', { number });
    const version = JSON.stringify(view.body?.value).match(/"version":(\d+)/)?.[1];
    await suite.h.teams.act(coordinator, 'incident.breach.decision', {
      number,
      version: Number(version),
      decision: 'notNotify',
      justification: 'Krypteret disk; ingen risiko',
      consequences: 'Ingen: disken var krypteret',
      subjectsChoice: 'notNotified',
      subjectsGround: 'a',
    });
    clock.advance(30 * HOUR);
    await suite.h.bot.scheduler.tick();
    expect(remindersFor(number)).toHaveLength(1);
  });

  it('after downtime sends one late reminder instead of a burst', async () => {
    clock.set('2026-11-28T09:00:00Z');
    const number = numberOn(await submitReport(suite.h.teams, newUser('Sofie Jensen'), discoveredAtReport));
    clock.advance(67 * HOUR);
    await suite.h.bot.scheduler.tick();
    const reminders = remindersFor(number);
    expect(reminders).toHaveLength(1);
    expect(cardTexts(reminders[0])).toEqual(
      expect.arrayContaining(['5 timer tilbage', 'Påmindelsen kommer forsinket, fordi botten ikke kørte til tiden.']),
    );
  });
});

describe('after a deadline passes, the reminder comes daily, marked overdue, until it is recorded (P3)', () => {
  const suite = withCoordinatorChannel('2026-11-28T09:00:00Z');
  const { clock, coordinator } = suite;
  const overdue = da.incidents.reminder.overdue;
  const remindersFor = (number: string) =>
    suite.h.connector.calls
      .filter((call) => call.conversationId === suite.channel && call.method === 'POST')
      .map((call) => cardOf(call.activity))
      .filter((card) => cardTexts(card).some((text) => text.startsWith(`Påmindelse: ${number}`)));

  it('GDPR: at the deadline, then every 24 hours, marked overdue, until the decision is recorded', async () => {
    const number = numberOn(await submitReport(suite.h.teams, newUser('Sofie Jensen'), discoveredAtReport));
    // The scheduler at each mark and between them (hours after awareness).
    const sweepAt = async (hours: number[]) => {
      for (const h of hours) {
        clock.set(new Date(new Date('2026-11-28T09:00:00Z').getTime() + h * HOUR + 60_000));
        await suite.h.bot.scheduler.tick();
      }
    };
    await sweepAt([24, 30, 48, 66, 72, 73, 90, 96, 97, 110, 120, 121]);
    const sent = remindersFor(number);
    // 24, 48, 66 hours; the deadline (72); and one a day after it (96, 120).
    expect(sent).toHaveLength(6);
    expect(sent.slice(3).every((card) => cardTexts(card).includes(overdue))).toBe(true);
    expect(sent.slice(0, 3).some((card) => cardTexts(card).includes(overdue))).toBe(false);
    expect(cardTexts(sent[5])).toContain('Fristen er overskredet med 48 timer');

    const view = await suite.h.teams.act(coordinator, 'incident.view', { number });
    const version = JSON.stringify(view.body?.value).match(/"version":(\d+)/)?.[1];
    await suite.h.teams.act(coordinator, 'incident.breach.decision', {
      number,
      version: Number(version),
      decision: 'notify',
      justification: 'CPR-numre',
      consequences: 'Risiko for identitetstyveri',
      notifiedDate: '2026-12-03',
      notifiedTime: '09:00',
      delayReason: 'Omfanget var uklart',
      subjectsChoice: 'undecided',
    });
    await sweepAt([144, 168]);
    expect(remindersFor(number)).toHaveLength(6);
  });
});

describe('past the GDPR deadline the data protection officer is reminded too (art. 38–39, P3)', () => {
  const suite = withCoordinatorChannel('2026-11-28T09:00:00Z');
  const { clock } = suite;
  const dpo = newUser('Karen Lund');
  beforeAll(async () => {
    await new TableRoleRepository(suite.h.bot.tables.client('Roles')).grant(dpo.aadObjectId, 'dpo', 'test');
    await suite.h.teams.say(dpo, 'hjælp'); // the DPO has a personal chat with the bot
  });
  const remindersToDpo = (number: string) =>
    suite.h.connector
      .sentTo(TeamsClient.personalChat(dpo))
      .map(cardOf)
      .filter((card) => cardTexts(card).some((text) => text.startsWith(`Påmindelse: ${number}`)));

  it('gets no reminder before the deadline, then the daily overdue one, whose button opens the read-only breach', async () => {
    const number = numberOn(await submitReport(suite.h.teams, newUser('Sofie Jensen'), discoveredAtReport));
    for (const hours of [24, 48, 66]) {
      clock.set(new Date(new Date('2026-11-28T09:00:00Z').getTime() + hours * HOUR + 60_000));
      await suite.h.bot.scheduler.tick();
    }
    expect(remindersToDpo(number)).toHaveLength(0);

    for (const hours of [72, 96]) {
      clock.set(new Date(new Date('2026-11-28T09:00:00Z').getTime() + hours * HOUR + 60_000));
      await suite.h.bot.scheduler.tick();
    }
    const sent = remindersToDpo(number);
    expect(sent).toHaveLength(2);
    expect(sent.every((card) => cardTexts(card).includes(da.incidents.reminder.overdue))).toBe(true);
    const [open] = cardActions(sent[1]!);
    expect(open?.verb).toBe('incident.dpo.view');
    const view = await suite.h.teams.press(dpo, open!);
    expect(view.status).toBe(200);
    expect(cardTexts(view.body?.value).join('\n')).toContain(number);
  });
});

describe('without a coordinator channel, each coordinator is reminded in their own chat and language', () => {
  const clock = new ManualClock(new Date('2026-11-28T09:00:00Z'));
  const danish = newUser('Mette Kjær');
  const english = newUser('Emma Hall', 'en-GB');
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness({ coordinators: [danish, english], clock });
    // Their personal chats are known once they have written to the bot.
    await h.teams.say(danish, 'hej');
    await h.teams.say(english, 'hello');
  });
  afterAll(() => h.close());

  it('sends the 24-hour breach reminder in Danish to one and in English to the other', async () => {
    const number = numberOn(await submitReport(h.teams, newUser('Sofie Jensen'), discoveredAtReport));
    clock.advance(24 * HOUR + 60_000);
    await h.bot.scheduler.tick();
    const headings = (user: typeof danish) =>
      h.connector
        .sentTo(TeamsClient.personalChat(user))
        .map(cardOf)
        .flatMap(cardTexts)
        .filter((text) => text.includes(number));
    expect(headings(danish)).toContain(`Påmindelse: ${number} – beslutning om anmeldelse til Datatilsynet mangler`);
    expect(headings(english)).toContain(
      `Reminder: ${number} – the decision on notifying the Data Protection Agency is missing`,
    );
  });
});
