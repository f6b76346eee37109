import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import path from 'node:path';
import type { TableClient, TransactionAction } from '@azure/data-tables';
import { nextRecord } from '../../src/features/audit/chain';
import { TableAuditLog } from '../../src/storage/audit-repository';
import { createTables } from '../../src/storage/tables';
import { ManualClock } from '../support/harness';
import { refuseTransactionsContaining } from '../support/fault-storage';

const root = path.join(__dirname, '..', '..');
const connectionString = () => process.env.TEST_AZURITE_CONNECTION_STRING as string;
const event = (n: number) => ({ actor: `user-${n}`, action: 'role.granted', subject: `s-${n}`, details: { n } });
const key = (seq: number) => `r${String(seq).padStart(10, '0')}`;

/** A fresh Audit table under its own prefix. */
async function freshAudit() {
  const prefix = `a${randomBytes(4).toString('hex')}`;
  const tables = createTables({ connectionString: connectionString() }, prefix);
  await tables.ensureAll();
  return { prefix, table: tables.client('Audit') };
}

/** Runs `npm run audit:verify` against a table prefix. */
const verifyScript = (prefix: string) =>
  spawnSync(process.execPath, [path.join(root, 'node_modules', '.bin', 'tsx'), 'scripts/audit-verify.ts'], {
    cwd: root,
    env: {
      PATH: process.env.PATH,
      NODE_ENV: 'test',
      STORAGE_CONNECTION_STRING: connectionString(),
      TABLE_PREFIX: prefix,
    },
    encoding: 'utf8',
    timeout: 30_000,
  });

/** The table, with every storage round trip the audit log makes through it written down. */
function recording(table: TableClient) {
  const calls: { method: string; operations?: number; failed?: boolean }[] = [];
  const methods = ['getEntity', 'createEntity', 'updateEntity', 'submitTransaction', 'listEntities'];
  const client = new Proxy(table, {
    get(target, property, receiver) {
      const value = Reflect.get(target, property, receiver) as unknown;
      if (typeof value !== 'function' || !methods.includes(String(property))) return value;
      return (...args: unknown[]) => {
        const call: (typeof calls)[number] = { method: String(property) };
        if (property === 'submitTransaction') call.operations = (args[0] as unknown[]).length;
        calls.push(call);
        const result = (value as (...inner: unknown[]) => unknown).apply(target, args);
        if (result instanceof Promise)
          result.catch(() => {
            call.failed = true;
          });
        return result;
      };
    },
  });
  return { client, calls };
}

describe('the audit log on Azurite (P10 integrity)', () => {
  const clock = new ManualClock(new Date('2027-01-04T08:00:00Z'));

  it('keeps one unforked chain when three instances append at the same time', async () => {
    const { prefix, table } = await freshAudit();
    const instances = [1, 2, 3].map(() => new TableAuditLog(table, clock));
    await Promise.all(
      instances.flatMap((log, i) => Array.from({ length: 8 }, (_, n) => log.append('access', event(i * 100 + n)))),
    );
    const records = await instances[0]!.read('access');
    expect(records.map((record) => record.seq)).toEqual(Array.from({ length: 24 }, (_, i) => i + 1));
    expect(new Set(records.map((record) => record.subject)).size).toBe(24);
    expect((await instances[0]!.verify()).breaks).toEqual([]);
    const result = verifyScript(prefix);
    expect(result.stdout).toContain('access: intact, 24 records');
    expect(result.status).toBe(0);
  });

  it('repairs a head left behind by an instance that died between the record and the head', async () => {
    const { table } = await freshAudit();
    const log = new TableAuditLog(table, clock);
    const first = await log.append('approvals', event(1));
    const orphan = nextRecord('approvals', first, event(2), clock.now());
    await table.createEntity({
      partitionKey: 'approvals',
      rowKey: key(2),
      ...orphan,
      actorName: '',
      details: JSON.stringify(orphan.details),
    });
    await log.append('approvals', event(3));
    expect((await log.read('approvals')).map((record) => record.subject)).toEqual(['s-1', 's-2', 's-3']);
    expect((await log.verify()).breaks).toEqual([]);
  });

  it('keeps one unbroken chain when two instances each append 150 records at once', async () => {
    const { prefix, table } = await freshAudit();
    const [first, second] = [new TableAuditLog(table, clock), new TableAuditLog(table, clock)];
    // More than one group's worth per instance, and each instance's head is stale whenever the other wrote.
    const appended = await Promise.all(
      Array.from({ length: 300 }, (_, n) => (n % 2 === 0 ? first : second).append('approvals', event(n))),
    );
    const records = await first.read('approvals');
    expect(records.map((record) => record.seq)).toEqual(Array.from({ length: 300 }, (_, i) => i + 1));
    expect(new Set(records.map((record) => record.subject)).size).toBe(300);
    // What each caller was told is exactly what is stored at that place in the chain.
    expect([...appended].sort((a, b) => a.seq - b.seq)).toEqual(records);
    expect((await second.verify()).breaks).toEqual([]);
    const result = verifyScript(prefix);
    expect(result.stdout).toContain('approvals: intact, 300 records');
    expect(result.status).toBe(0);
  });

  it('writes appends that wait together in one round trip, records and head together', async () => {
    const { table } = await freshAudit();
    const { client, calls } = recording(table);
    const log = new TableAuditLog(client, clock);
    await Promise.all(Array.from({ length: 20 }, (_, n) => log.append('access', event(n))));
    // The head is read once (there is none yet), then one transaction.
    expect(calls.map((call) => call.method)).toEqual(['getEntity', 'submitTransaction']);
    expect(calls[1]?.operations).toBe(21);
    calls.length = 0;
    await Promise.all(Array.from({ length: 20 }, (_, n) => log.append('access', event(100 + n))));
    // The head this instance wrote is known with its eTag: no read.
    expect(calls.map((call) => call.method)).toEqual(['submitTransaction']);
    expect((await log.read('access')).map((record) => record.seq)).toEqual(Array.from({ length: 40 }, (_, i) => i + 1));
    expect((await log.verify()).breaks).toEqual([]);
  });

  it('stores nothing of a group storage refuses in part; the others are written, only the refused one fails', async () => {
    const { table } = await freshAudit();
    const { client, calls } = recording(table);
    const log = new TableAuditLog(client, clock);
    await log.append('approvals', event(1));
    await log.append('approvals', event(2));
    // Over the 32K characters a table property holds: storage refuses this entity, and so the group.
    const oversized = { ...event(5), details: { note: 'x'.repeat(40_000) } };
    const outcomes = await Promise.allSettled(
      [event(3), event(4), oversized, event(6), event(7)].map((item) => log.append('approvals', item)),
    );
    expect(outcomes.map((outcome) => outcome.status)).toEqual([
      'fulfilled',
      'fulfilled',
      'rejected',
      'fulfilled',
      'fulfilled',
    ]);
    // The refused transaction held all five records (the fault came mid-group, after two good ones).
    expect(calls).toContainEqual({ method: 'submitTransaction', operations: 6, failed: true });
    const records = await log.read('approvals');
    expect(records.map((record) => [record.seq, record.subject])).toEqual([
      [1, 's-1'],
      [2, 's-2'],
      [3, 's-3'],
      [4, 's-4'],
      [5, 's-6'],
      [6, 's-7'],
    ]);
    const told = outcomes.flatMap((outcome) => (outcome.status === 'fulfilled' ? [outcome.value] : []));
    expect(told).toEqual(records.slice(2));
    expect((await log.verify()).breaks).toEqual([]);
  });

  it('writes the others of a group one by one when storage cannot parse one member (500)', async () => {
    const { table } = await freshAudit();
    // Azurite answers a batch body holding a raw U+2028 with 500 "Transaction Failed" (and then stops
    // answering, so the shared test Azurite must never see one): that answer is reproduced here.
    refuseTransactionsContaining(table, '\u2028');
    const log = new TableAuditLog(table, clock);
    await log.append('approvals', event(1));
    await log.append('approvals', event(2));
    const unparsable = { ...event(5), details: { note: 'a\u2028b' } };
    const outcomes = await Promise.allSettled(
      [event(3), event(4), unparsable, event(6), event(7)].map((item) => log.append('approvals', item)),
    );
    expect(outcomes.map((outcome) => outcome.status)).toEqual([
      'fulfilled',
      'fulfilled',
      'rejected',
      'fulfilled',
      'fulfilled',
    ]);
    const records = await log.read('approvals');
    expect(records.map((record) => record.subject)).toEqual(['s-1', 's-2', 's-3', 's-4', 's-6', 's-7']);
    expect((await log.verify()).breaks).toEqual([]);
  });

  it('records a group once when the storage client repeats a transaction that had gone through', async () => {
    const { table } = await freshAudit();
    // What the client's retry policy does when a response is lost: the same transaction again (409).
    const repeating = new Proxy(table, {
      get(target, property, receiver) {
        if (property !== 'submitTransaction') return Reflect.get(target, property, receiver);
        return async (actions: TransactionAction[]) => {
          await target.submitTransaction(actions);
          return target.submitTransaction(actions);
        };
      },
    });
    const log = new TableAuditLog(repeating, clock);
    const told = [
      await log.append('access', event(1)),
      ...(await Promise.all([2, 3].map((n) => log.append('access', event(n))))),
    ];
    const records = await log.read('access');
    expect(records.map((record) => record.subject)).toEqual(['s-1', 's-2', 's-3']);
    expect(told).toEqual(records);
    expect((await log.verify()).breaks).toEqual([]);
  });

  describe('keyed events: one record per key, however often and wherever it is appended', () => {
    const keyed = (n: number, key: string) => ({ ...event(n), key });

    it('appends a key once; the repeat answers the stored record, and the usual path costs no extra round trip', async () => {
      const { prefix, table } = await freshAudit();
      const { client, calls } = recording(table);
      const log = new TableAuditLog(client, clock);
      await log.append('approvals', event(1));
      calls.length = 0;

      const first = await log.appendOnce('approvals', keyed(2, 'approval.decided/a1/1/u1'));
      expect(first.appended).toBe(true);
      expect(calls).toEqual([{ method: 'submitTransaction', operations: 3 }]);

      const again = await log.appendOnce('approvals', keyed(3, 'approval.decided/a1/1/u1'));
      const ensured = await log.ensure('approvals', keyed(4, 'approval.decided/a1/1/u1'));
      expect(again).toEqual({ record: first.record, appended: false });
      expect(ensured).toEqual({ record: first.record, appended: false });
      const fresh = await log.ensure('approvals', keyed(5, 'approval.decided/a1/1/u2'));
      expect(fresh.appended).toBe(true);

      const records = await log.read('approvals');
      expect(records.map((record) => record.subject)).toEqual(['s-1', 's-2', 's-5']);
      expect(records[1]).toEqual(first.record);
      expect((await log.verify()).breaks).toEqual([]);
      const script = verifyScript(prefix);
      expect(script.stdout).toContain('approvals: intact, 3 records');
      expect(script.status).toBe(0);
    });

    it('records a key once when two instances append it at the same time', async () => {
      const { table } = await freshAudit();
      const [first, second] = [new TableAuditLog(table, clock), new TableAuditLog(table, clock)];
      await Promise.all([first.append('access', event(0)), second.append('access', event(1))]);
      for (let round = 1; round <= 5; round++) {
        const key = `review.done/2027-Q${round}`;
        const answers = await Promise.all([
          first.appendOnce('access', keyed(round * 10, key)),
          second.appendOnce('access', keyed(round * 10 + 1, key)),
          first.append('access', event(round * 10 + 2)),
          second.append('access', event(round * 10 + 3)),
        ]);
        const [a, b] = answers;
        expect([a.appended, b.appended].sort()).toEqual([false, true]);
        expect(a.record).toEqual(b.record);
      }
      const records = await first.read('access');
      // Two unkeyed appends per round and the two at the start, and one record per key.
      expect(records).toHaveLength(2 + 5 * 3);
      expect(records.map((record) => record.seq)).toEqual(Array.from({ length: 17 }, (_, i) => i + 1));
      expect((await second.verify()).breaks).toEqual([]);
    });

    it('writes the rest of a group whose keyed event is recorded already, without retrying it as a head race', async () => {
      const { table } = await freshAudit();
      const log = new TableAuditLog(table, clock);
      const stored = await log.appendOnce('violations', keyed(1, 'violation.decided/v1'));
      // Another instance's log: its head is stale, and the key is taken.
      const { client, calls } = recording(table);
      const other = new TableAuditLog(client, clock);
      await other.read('violations');
      const answers = await Promise.all([
        other.append('violations', event(2)),
        other.appendOnce('violations', keyed(3, 'violation.decided/v1')),
        other.appendOnce('violations', keyed(4, 'violation.decided/v2')),
        other.appendOnce('violations', keyed(5, 'violation.decided/v2')),
        other.append('violations', event(6)),
      ]);
      expect(answers[1]).toEqual({ record: stored.record, appended: false });
      expect(answers[2]).toMatchObject({ appended: true, record: { subject: 's-4' } });
      expect(answers[3]).toEqual({ record: (answers[2] as { record: unknown }).record, appended: false });
      const records = await log.read('violations');
      expect(records.map((record) => record.subject)).toEqual(['s-1', 's-2', 's-4', 's-6']);
      expect(records.slice(1)).toEqual([answers[0], (answers[2] as { record: unknown }).record, answers[4]]);
      expect(calls.filter((call) => call.method === 'submitTransaction')).toHaveLength(2);
      expect((await log.verify()).breaks).toEqual([]);
    });

    it('keeps a group of keyed events within the 100 operations of one transaction', async () => {
      const { table } = await freshAudit();
      const { client, calls } = recording(table);
      const log = new TableAuditLog(client, clock);
      await Promise.all(Array.from({ length: 120 }, (_, n) => log.appendOnce('access', keyed(n, `k/${n}`))));
      const transactions = calls.filter((call) => call.method === 'submitTransaction');
      expect(transactions.every((call) => !call.failed && (call.operations ?? 0) <= 100)).toBe(true);
      expect(await log.read('access')).toHaveLength(120);
      expect((await log.verify()).breaks).toEqual([]);
    });
  });

  describe('detects tampering and names the first broken record', () => {
    const tampered = async (tamper: (table: TableClient) => Promise<unknown>) => {
      const { prefix, table } = await freshAudit();
      const log = new TableAuditLog(table, clock);
      for (let n = 1; n <= 5; n++) await log.append('access', event(n));
      await tamper(table);
      return { breaks: (await log.verify()).breaks, script: verifyScript(prefix) };
    };

    it('an edited record', async () => {
      const { breaks, script } = await tampered((table) =>
        table.updateEntity({ partitionKey: 'access', rowKey: key(3), details: JSON.stringify({ n: 99 }) }, 'Merge'),
      );
      expect(breaks).toEqual([{ chain: 'access', seq: 3, reason: 'edited' }]);
      expect(script.status).toBe(1);
      expect(script.stdout).toContain('access: BROKEN at record 3 (edited)');
    });

    it('a deleted record', async () => {
      const { breaks, script } = await tampered((table) => table.deleteEntity('access', key(2)));
      expect(breaks).toEqual([{ chain: 'access', seq: 2, reason: 'missing' }]);
      expect(script.stdout).toContain('access: BROKEN at record 2 (missing)');
    });

    it('the last record deleted', async () => {
      const { breaks } = await tampered((table) => table.deleteEntity('access', key(5)));
      expect(breaks).toEqual([{ chain: 'access', seq: 5, reason: 'missing' }]);
    });

    it('two records swapped', async () => {
      const { breaks, script } = await tampered(async (table) => {
        const second = await table.getEntity<Record<string, unknown>>('access', key(2));
        const fourth = await table.getEntity<Record<string, unknown>>('access', key(4));
        const body = ({ partitionKey, rowKey, etag, timestamp, ...rest }: Record<string, unknown>) => {
          void [partitionKey, rowKey, etag, timestamp];
          return rest;
        };
        await table.updateEntity({ partitionKey: 'access', rowKey: key(2), ...body(fourth) }, 'Replace');
        await table.updateEntity({ partitionKey: 'access', rowKey: key(4), ...body(second) }, 'Replace');
      });
      expect(breaks).toEqual([{ chain: 'access', seq: 2, reason: 'reordered' }]);
      expect(script.stdout).toContain('access: BROKEN at record 2 (reordered)');
    });
  });
});
