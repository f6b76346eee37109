import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import path from 'node:path';
import type { TableClient } from '@azure/data-tables';
import { nextRecord } from '../../src/features/audit/chain';
import { TableAuditLog } from '../../src/storage/audit-repository';
import { createTables } from '../../src/storage/tables';
import { ManualClock } from '../support/harness';

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
