import { randomBytes, randomUUID } from 'node:crypto';
import { housekeepingHandler, nextHousekeepingJob, HOUSEKEEPING } from '../../src/platform/housekeeping/sweep-job';
import { Scheduler } from '../../src/platform/scheduler/scheduler';
import { createLogger } from '../../src/logger';
import { TableDeliveryLog } from '../../src/storage/delivery-log';
import { TableExportRepository } from '../../src/storage/export-repository';
import { TableJobRepository } from '../../src/storage/job-repository';
import { deleteExpired } from '../../src/storage/sweep';
import { createTables, type Tables } from '../../src/storage/tables';
import { ManualClock } from '../support/harness';

const HOUR = 3_600_000;
const hexKey = () => randomBytes(20).toString('hex');

describe('the nightly housekeeping on Azurite deletes only what has expired', () => {
  // Sunday 29 November 2026, 12:00 Danish time.
  const clock = new ManualClock(new Date('2026-11-29T11:00:00Z'));
  let tables: Tables;
  let deliveries: TableDeliveryLog;
  let exports: TableExportRepository;

  beforeAll(async () => {
    tables = createTables(
      { connectionString: process.env.TEST_AZURITE_CONNECTION_STRING as string },
      `hk${randomBytes(4).toString('hex')}`,
    );
    await tables.ensureAll();
    deliveries = new TableDeliveryLog(tables.client('Idempotency'), clock);
    exports = new TableExportRepository(tables.client('Exports'));
  });

  const rows = async (table: 'Idempotency' | 'Exports') => {
    const keys: string[] = [];
    for await (const row of tables.client(table).listEntities()) keys.push(row.rowKey as string);
    return keys.sort();
  };

  it('runs at 04:00 Danish time every night, and the next night after it', async () => {
    const jobs = new TableJobRepository(tables.client('Jobs'));
    const now = clock.now();
    const expiredKeys = [hexKey(), hexKey(), hexKey()];
    const liveKey = hexKey();
    for (const key of expiredKeys) await deliveries.claim(key, new Date(now.getTime() - HOUR));
    await deliveries.claim(liveKey, new Date(now.getTime() + 20 * HOUR));
    const grant = (expiresAt: number) => ({
      token: randomBytes(24).toString('base64url'),
      userId: randomUUID(),
      from: '2026-01-01T00:00:00.000Z',
      to: '2027-01-01T00:00:00.000Z',
      expiresAt: new Date(expiresAt).toISOString(),
    });
    const first = nextHousekeepingJob(now);
    expect(first.dueAt).toBe('2026-11-30T03:00:00.000Z'); // 04:00 CET
    // One grant asked for yesterday and never used; one asked for a minute before the sweep.
    const unused = grant(now.getTime() + 10 * 60_000);
    const fresh = grant(Date.parse(first.dueAt) + 9 * 60_000);
    await exports.create(unused);
    await exports.create(fresh);
    await jobs.schedule(first);
    const scheduler = new Scheduler(
      jobs,
      clock,
      createLogger('silent'),
      { [HOUSEKEEPING]: housekeepingHandler({ deliveries, exports }) },
      { owner: 'a' },
    );
    clock.set(first.dueAt);
    expect(await scheduler.tick()).toBe(1);

    // The live key still stops a repeat; an expired one is gone (and may be claimed afresh).
    expect(await rows('Idempotency')).toEqual([liveKey]);
    expect(await deliveries.claim(liveKey, new Date(now.getTime() + 20 * HOUR))).toBe(false);
    expect(await rows('Exports')).toEqual([fresh.token]);
    expect((await exports.claim(fresh.token))?.userId).toBe(fresh.userId);

    const pending = (await jobs.due(new Date('2100-01-01T00:00:00Z'), 10)).map((job) => job.dueAt);
    expect(pending).toEqual(['2026-12-01T03:00:00.000Z']);
  });

  it('leaves a row that changed after it was read (another instance took the expired key over)', async () => {
    const key = hexKey();
    await deliveries.claim(key, new Date(clock.now().getTime() - HOUR));
    const table = tables.client('Idempotency');
    const deleted = await deleteExpired<{ expiresAt: string }>(
      table,
      `RowKey eq '${key}'`,
      async () => {
        // Between the sweep's read and its delete, a delivery takes the key over (as `claim` does).
        expect(await deliveries.claim(key, new Date(clock.now().getTime() + 20 * HOUR))).toBe(true);
        return true;
      },
      'delivery',
    );
    expect(deleted).toBe(0);
    const held = await table.getEntity<{ expiresAt: string }>(`delivery_${key.slice(0, 2)}`, key);
    expect(new Date(held.expiresAt) > clock.now()).toBe(true);
  });
});
