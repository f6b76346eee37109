import { cardOf, cardTexts } from '../support/cards';
import {
  ManualClock,
  newUser,
  startHarness,
  TeamsClient,
  withCoordinatorChannel,
  type Harness,
} from '../support/harness';
import { numberOn, submitReport } from '../support/incidents';

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
    const number = numberOn(await submitReport(suite.h.teams, newUser('Sofie Jensen')));
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
    });
    clock.advance(30 * HOUR);
    await suite.h.bot.scheduler.tick();
    expect(remindersFor(number)).toHaveLength(1);
  });

  it('after downtime sends one late reminder instead of a burst', async () => {
    clock.set('2026-11-28T09:00:00Z');
    const number = numberOn(await submitReport(suite.h.teams, newUser('Sofie Jensen')));
    clock.advance(67 * HOUR);
    await suite.h.bot.scheduler.tick();
    const reminders = remindersFor(number);
    expect(reminders).toHaveLength(1);
    expect(cardTexts(reminders[0])).toEqual(
      expect.arrayContaining(['5 timer tilbage', 'Påmindelsen kommer forsinket, fordi botten ikke kørte til tiden.']),
    );
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
    const number = numberOn(await submitReport(h.teams, newUser('Sofie Jensen')));
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
