import { randomBytes, randomUUID } from 'node:crypto';
import type { Activity } from 'botbuilder';
import { deliveryKey, DeliveryGuard } from '../../src/bot/dedup';
import { systemClock } from '../../src/clock';
import { TableDeliveryLog } from '../../src/storage/delivery-log';
import { createTables } from '../../src/storage/tables';

/**
 * Two bot instances share one Idempotency table. Teams retries a message whose answer took over
 * 15 s, with the same id, to any instance: the retry must not run a second time there.
 */
describe('repeated deliveries across two instances on Azurite', () => {
  let log: TableDeliveryLog;
  let wall = Date.parse('2026-11-28T09:00:00Z');
  const instance = () =>
    new DeliveryGuard(log, systemClock, { slowTurnMs: 20, maybeRetryAfterMs: 10_000, wallClock: () => wall });
  const message = (sentAt: number | undefined): Partial<Activity> => ({
    type: 'message',
    id: `act-${randomUUID()}`,
    conversation: { id: `a:${randomUUID()}` } as Activity['conversation'],
    timestamp: sentAt === undefined ? undefined : (new Date(sentAt).toISOString() as unknown as Date),
  });
  const until = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

  beforeAll(async () => {
    const tables = createTables(
      { connectionString: process.env.TEST_AZURITE_CONNECTION_STRING as string },
      `dg${randomBytes(4).toString('hex')}`,
    );
    await tables.ensureAll();
    log = new TableDeliveryLog(tables.client('Idempotency'), systemClock);
  });

  it('skips a retry reaching the same instance, without asking storage', async () => {
    const guard = instance();
    const activity = message(wall);
    const first = await guard.begin(activity);
    first.done();
    expect(first.repeat).toBe(false);
    expect((await guard.begin(activity)).repeat).toBe(true);
    // Nothing was written: another instance seeing it as a (late) retry would run it.
    expect(await log.claim(deliveryKey(activity) as string, new Date(wall + 60_000))).toBe(true);
  });

  it('skips on another instance the retry of a turn that ran long', async () => {
    const [one, other] = [instance(), instance()];
    const activity = message(wall);
    const first = await one.begin(activity);
    expect(first.repeat).toBe(false);
    await until(200); // the turn is still running past slowTurnMs: recorded for everyone
    wall += 15_000; // Teams gives up waiting and retries, to the other instance
    expect((await other.begin(activity)).repeat).toBe(true);
    first.done();
  });

  it('runs a late first delivery once, even when two instances get it at the same time', async () => {
    const [one, other] = [instance(), instance()];
    const activity = message(wall - 30_000);
    const answers = await Promise.all([one.begin(activity), other.begin(activity)]);
    expect(answers.map((answer) => answer.repeat).sort()).toEqual([false, true]);
  });

  it('treats an activity without a timestamp as a possible retry', async () => {
    const [one, other] = [instance(), instance()];
    const activity = message(undefined);
    expect((await one.begin(activity)).repeat).toBe(false);
    expect((await other.begin(activity)).repeat).toBe(true);
  });
});
