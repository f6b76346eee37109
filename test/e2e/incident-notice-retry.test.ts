import { cardOf, cardTexts } from '../support/cards';
import { newUser, withCoordinatorChannel } from '../support/harness';
import { numberOn, submitReport } from '../support/incidents';

/**
 * P1: the coordinator channel hears of every report. When Teams does not take the notice (an
 * outage past the connector client's own retries), the report still succeeds for the reporter and
 * the notice is posted later by a durable job, once.
 */
describe('a coordinator notice Teams refused is posted later (P1)', () => {
  const suite = withCoordinatorChannel('2026-11-28T09:00:00Z');
  const { clock } = suite;

  const noticesOf = (number: string) =>
    suite.h.connector
      .sentTo(suite.channel)
      .map((activity) => cardTexts(cardOf(activity)))
      .filter((texts) => texts.includes(`Ny sikkerhedshændelse ${number}`));
  const until = async (done: () => boolean, what: string) => {
    for (let i = 0; i < 100 && !done(); i++) await new Promise((resolve) => setTimeout(resolve, 100));
    if (!done()) throw new Error(`timed out waiting for ${what}`);
  };

  it('answers the reporter at once, and posts the notice when Teams takes it again', async () => {
    // Refused with a 400, which neither the connector client nor the notifier retries: an outage
    // (5xx, 429) ends the same way once their retries are spent, only some seconds later.
    let teamsDown = true;
    suite.h.connector.rule = (call) =>
      teamsDown && call.conversationId === suite.channel && call.method === 'POST' ? { status: 400 } : undefined;

    const number = numberOn(await submitReport(suite.h.teams, newUser('Sofie Jensen')));
    await until(
      () => suite.h.logs.some((line) => line.includes('coordinator notice scheduled again')),
      'the retry job',
    );
    expect(noticesOf(number)).toEqual([]);

    // Still down when the job first runs: nothing arrives, the job stays.
    clock.advance(61_000);
    await suite.h.bot.scheduler.tick();
    expect(noticesOf(number)).toEqual([]);

    teamsDown = false;
    for (let i = 0; i < 10 && noticesOf(number).length === 0; i++) {
      clock.advance(5 * 60_000); // past the failed attempt's lease
      await suite.h.bot.scheduler.tick();
    }
    expect(noticesOf(number)).toHaveLength(1);

    clock.advance(10 * 60_000);
    await suite.h.bot.scheduler.tick();
    expect(noticesOf(number)).toHaveLength(1);
  });

  it('schedules nothing when the notice went through', async () => {
    suite.h.connector.rule = undefined;
    const before = suite.h.logs.filter((line) => line.includes('coordinator notice scheduled again')).length;
    const number = numberOn(await submitReport(suite.h.teams, newUser('Jonas Berg')));
    await until(() => noticesOf(number).length === 1, 'the notice');
    await until(
      () => suite.h.logs.some((line) => line.includes(number) && line.includes('coordinator channel notified')),
      'the log',
    );
    expect(suite.h.logs.filter((line) => line.includes('coordinator notice scheduled again'))).toHaveLength(before);
  });

  it('stops posting to a channel the bot was removed from (403), and schedules no retry for it', async () => {
    let refused = 0;
    suite.h.connector.rule = (call) =>
      call.conversationId === suite.channel ? (refused++, { status: 403 }) : undefined;
    const retries = () => suite.h.logs.filter((line) => line.includes('coordinator notice scheduled again')).length;
    const before = retries();

    await submitReport(suite.h.teams, newUser('Ida Holm'));
    await until(() => suite.h.logs.some((line) => line.includes('conversation gone')), 'the channel marked gone');
    const afterFirst = refused;
    await submitReport(suite.h.teams, newUser('Karl Dahl'));
    await until(
      () => suite.h.logs.filter((line) => line.includes('"delivery":"gone"')).length >= 2,
      'the second report',
    );

    expect(afterFirst).toBe(1);
    expect(refused).toBe(1); // the second notice was not even tried
    expect(retries()).toBe(before);
  });

  it('gives a notice up after 24 hours of refusals, with an error in the log', async () => {
    suite.channel = await suite.h.registerChannel('coordinator'); // the earlier one is gone (403 above)
    suite.h.connector.rule = (call) =>
      call.conversationId === suite.channel && call.method === 'POST' ? { status: 400 } : undefined;
    const number = numberOn(await submitReport(suite.h.teams, newUser('Lise Bro')));
    const scheduled = () =>
      suite.h.logs.some((line) => line.includes(number) && line.includes('coordinator notice scheduled again'));
    await until(scheduled, 'the retry job');
    clock.advance(61_000);
    await suite.h.bot.scheduler.tick();
    clock.advance(25 * 3_600_000);
    await suite.h.bot.scheduler.tick();
    const givenUp = () =>
      suite.h.logs.some((line) => line.includes(number) && line.includes('given up after 24 hours'));
    expect(givenUp()).toBe(true);

    suite.h.connector.rule = undefined;
    clock.advance(10 * 60_000);
    await suite.h.bot.scheduler.tick();
    expect(noticesOf(number)).toEqual([]);
  });
});
