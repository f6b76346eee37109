import { randomUUID } from 'node:crypto';
import { cardOf, cardTexts } from '../support/cards';
import { da } from '../../src/i18n/catalogs';
import { ManualClock, newUser, OTHER_TENANT, startHarness, TeamsClient, type Harness } from '../support/harness';
import { deliveryMemoryMs } from '../../src/bot/dedup';
import { TableDeliveryLog } from '../../src/storage/delivery-log';
import { numberOn, validReport } from '../support/incidents';
import { entitiesIn } from '../support/fault-records';

/**
 * Only the configured tenant is served, and an activity Teams delivers twice (it retries after
 * 15 s with the same id) is handled once (P10 integrity).
 */
describe('tenant boundary and repeated deliveries', () => {
  const coordinator = newUser('Mette Kjær');
  let h: Harness;
  let coordinatorChannel: string;
  beforeAll(async () => {
    h = await startHarness({ coordinators: [coordinator] });
    coordinatorChannel = await h.registerChannel('coordinator');
  });
  afterAll(() => h.close());

  it('refuses an activity from another tenant, logs it, answers no one and stores nothing', async () => {
    const outsider = newUser('Ukendt Person');
    const storedBefore = {
      conversations: (await entitiesIn(h.bot.tables.client('Conversations'))).length,
      incidents: (await entitiesIn(h.bot.tables.client('Incidents'))).length,
    };
    const outside = new TeamsClient(h.bot.url, h.connector.url, OTHER_TENANT);
    const message = await outside.say(outsider, 'anmeld hændelse');
    const invoke = await outside.act(outsider, 'incident.submit', validReport(), { tenantId: OTHER_TENANT });

    expect(message).toBe(200);
    expect(invoke.status).toBe(403);
    expect(JSON.stringify(invoke.body ?? '')).not.toContain('HÆN-');
    expect(h.connector.sentTo(TeamsClient.personalChat(outsider))).toEqual([]);
    expect((await entitiesIn(h.bot.tables.client('Conversations'))).length).toBe(storedBefore.conversations);
    expect((await entitiesIn(h.bot.tables.client('Incidents'))).length).toBe(storedBefore.incidents);
    const refusals = h.logs.filter((line) => line.includes('activity from another tenant refused'));
    expect(refusals).toHaveLength(2);
    expect(refusals.join('\n')).toContain(OTHER_TENANT);
    expect(refusals.join('\n')).not.toContain('Ukendt Person');
  });

  it('answers a message delivered twice with the same id once', async () => {
    const employee = newUser('Sofie Jensen');
    const activity = {
      ...h.teams.base(employee, TeamsClient.personalChat(employee)),
      type: 'message',
      text: 'anmeld hændelse',
    };
    const first = await h.teams.post(activity);
    const retry = await h.teams.post(activity);
    expect([first.status, retry.status]).toEqual([200, 200]);
    const replies = h.connector.sentTo(TeamsClient.personalChat(employee));
    expect(replies).toHaveLength(1);
    expect(cardTexts(cardOf(replies[0]))).toContain(da.incidents.report.title);

    // A new message with a new id is answered as usual.
    await h.teams.post({ ...activity, id: `act-${randomUUID()}` });
    expect(h.connector.sentTo(TeamsClient.personalChat(employee))).toHaveLength(2);
  });

  it('gives a retried report submission the same receipt and makes one record and one channel notice', async () => {
    const employee = newUser('Sofie Jensen');
    const activity = {
      ...h.teams.base(employee, TeamsClient.personalChat(employee)),
      type: 'invoke',
      name: 'adaptiveCard/action',
      value: { action: { type: 'Action.Execute', verb: 'incident.submit', data: validReport() }, trigger: 'manual' },
    };
    const answers = [];
    for (const _attempt of [1, 2]) {
      const response = await h.teams.post(activity);
      answers.push({ status: response.status, body: JSON.parse(await response.text()) });
    }
    expect(answers.map((answer) => answer.status)).toEqual([200, 200]);
    const numbers = answers.map((answer) => numberOn(answer));
    expect(numbers[1]).toBe(numbers[0]);
    const mine = await h.teams.act(employee, 'incident.mine');
    expect(new Set(JSON.stringify(mine.body?.value).match(/HÆN-\d{4}-\d{4}/g))).toEqual(new Set([numbers[0]]));
    const records = (await entitiesIn(h.bot.tables.client('Incidents'))).filter(
      (row) => row.reporterId === employee.aadObjectId,
    );
    expect(records).toHaveLength(1);
    await h.connector.waitFor(
      (call) => call.conversationId === coordinatorChannel && JSON.stringify(call.activity).includes(numbers[0]),
    );
    await new Promise((resolve) => setTimeout(resolve, 200));
    const notices = h.connector.sentTo(coordinatorChannel).filter((sent) => JSON.stringify(sent).includes(numbers[0]));
    expect(notices).toHaveLength(1);
  });

  it('remembers a delivery for a day, then lets the key be taken over once', async () => {
    const clock = new ManualClock(new Date('2026-11-28T09:00:00Z'));
    const log = new TableDeliveryLog(h.bot.tables.client('Idempotency'), clock);
    const key = `test-${randomUUID()}`;
    const until = () => new Date(clock.now().getTime() + deliveryMemoryMs);
    expect(await log.claim(key, until())).toBe(true);
    expect(await log.claim(key, until())).toBe(false);
    clock.advance(deliveryMemoryMs - 60_000);
    expect(await log.claim(key, until())).toBe(false);
    clock.advance(2 * 60_000);
    const [first, second] = await Promise.all([log.claim(key, until()), log.claim(key, until())]);
    expect([first, second].filter(Boolean)).toHaveLength(1);
    expect(await log.claim(key, until())).toBe(false);
  });
});
