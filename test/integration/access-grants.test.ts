import { randomBytes, randomUUID } from 'node:crypto';
import type { Actor } from '../../src/features/access/actor';
import { grantConfiguredCoordinators } from '../../src/features/access/bootstrap';
import { RoleAdministration } from '../../src/features/access/role-admin';
import { CachedRoleRepository } from '../../src/features/access/role-cache';
import { StorageUnavailableError, ValidationError } from '../../src/errors';
import { TableAuditLog } from '../../src/storage/audit-repository';
import { TableRoleRepository } from '../../src/storage/role-repository';
import { createTables } from '../../src/storage/tables';
import { failNextCall } from '../support/fault-storage';
import { ManualClock, TENANT } from '../support/harness';

const clock = new ManualClock(new Date('2027-03-01T07:00:00Z'));
const connectionString = () => process.env.TEST_AZURITE_CONNECTION_STRING as string;

/** Fresh tables; each call of the answer is one bot process on them, with its own table clients. */
async function freshStorage() {
  const prefix = `g${randomBytes(4).toString('hex')}`;
  await createTables({ connectionString: connectionString() }, prefix).ensureAll();
  return () => {
    const tables = createTables({ connectionString: connectionString() }, prefix);
    const roles = new CachedRoleRepository(new TableRoleRepository(tables.client('Roles')));
    const audit = new TableAuditLog(tables.client('Audit'), clock);
    return { tables, roles, audit };
  };
}

const coordinator = (userId: string): Actor => ({
  userId,
  name: `Koordinator ${userId.slice(0, 4)}`,
  tenantId: TENANT,
  locale: 'da',
  conversationType: 'personal',
  roles: new Set(['coordinator']),
});

describe('the configured coordinators granted at start (BOOTSTRAP_COORDINATORS, P10)', () => {
  it.each([
    ['never reached storage', 'the same process retries', false, false],
    ['never reached storage', 'the process is restarted', false, true],
    ['was stored but its answer was lost', 'the same process retries', true, false],
    ['was stored but its answer was lost', 'the process is restarted', true, true],
  ])('records the grant once when the append %s and %s', async (_fault, _how, landed, restart) => {
    const start = await freshStorage();
    const configured = [randomUUID(), randomUUID()];
    const first = start();
    failNextCall(first.tables.client('Audit'), 'submitTransaction', { landed });
    await expect(grantConfiguredCoordinators(first.roles, configured, first.audit)).rejects.toThrow(
      StorageUnavailableError,
    );

    const next = restart ? start() : first;
    await grantConfiguredCoordinators(next.roles, configured, next.audit);
    // Every later start finds the grants and their records in place.
    await grantConfiguredCoordinators(start().roles, configured, start().audit);

    const records = await next.audit.read('access');
    expect(records.map((record) => [record.action, record.actor, record.subject, record.details])).toEqual(
      configured.map((userId) => ['role.granted', 'configuration', userId, { role: 'coordinator', name: '' }]),
    );
    expect((await next.roles.holders('coordinator')).sort()).toEqual([...configured].sort());
    expect((await next.audit.verify()).breaks).toEqual([]);
  });

  it('grants and records once when two instances start at the same time', async () => {
    const start = await freshStorage();
    const configured = [randomUUID()];
    const [one, two] = [start(), start()];
    await Promise.all([one, two].map((bot) => grantConfiguredCoordinators(bot.roles, configured, bot.audit)));

    expect((await one.audit.read('access')).map((record) => record.subject)).toEqual(configured);
    expect((await one.audit.verify()).breaks).toEqual([]);
  });

  it('leaves a grant stored before grants had ids as it was, with no second record', async () => {
    const start = await freshStorage();
    const bot = start();
    const userId = randomUUID();
    const earlier = '2026-01-05T08:00:00.000Z';
    const roles = bot.tables.client('Roles');
    await roles.createEntity({
      partitionKey: 'role_coordinator',
      rowKey: userId,
      grantedBy: 'configuration',
      grantedAt: earlier,
      name: '',
    });
    await roles.createEntity({
      partitionKey: `user_${userId}`,
      rowKey: 'coordinator',
      grantedBy: 'configuration',
      grantedAt: earlier,
    });

    await grantConfiguredCoordinators(bot.roles, [userId], bot.audit);

    expect(await bot.audit.read('access')).toEqual([]);
    expect(await bot.roles.list()).toEqual([
      { userId, role: 'coordinator', name: undefined, grantedBy: 'configuration', grantedAt: earlier },
    ]);
  });
});

describe('two coordinators revoking each other at once (P10: the last coordinator stays)', () => {
  it('keeps at least one coordinator, puts back the grant it undid, and records only the revoke that stood', async () => {
    const start = await freshStorage();
    const [a, b] = [randomUUID(), randomUUID()];
    const setup = start();
    await grantConfiguredCoordinators(setup.roles, [a, b], setup.audit);
    const before = await setup.roles.list();
    const [one, two] = [start(), start()].map((bot) => new RoleAdministration(bot.roles, bot.audit));

    const outcomes = await Promise.allSettled([
      one!.revoke(coordinator(a), b, 'coordinator'),
      two!.revoke(coordinator(b), a, 'coordinator'),
    ]);

    for (const outcome of outcomes)
      if (outcome.status === 'rejected') expect(outcome.reason).toBeInstanceOf(ValidationError);
    const stood = outcomes.filter((outcome) => outcome.status === 'fulfilled').length;
    const holders = await setup.roles.holders('coordinator');
    expect(holders.length).toBeGreaterThanOrEqual(1);
    expect(holders).toHaveLength(2 - stood);
    // A grant put back is the grant as it was made: same time, same granter.
    expect((await setup.roles.list()).sort((x, y) => x.userId.localeCompare(y.userId))).toEqual(
      before.filter((grant) => holders.includes(grant.userId)).sort((x, y) => x.userId.localeCompare(y.userId)),
    );
    for (const userId of holders) expect([...(await setup.roles.rolesOf(userId))]).toEqual(['coordinator']);
    const revoked = (await setup.audit.read('access')).filter((record) => record.action === 'role.revoked');
    expect(revoked).toHaveLength(stood);
    expect((await setup.audit.verify()).breaks).toEqual([]);
  });
});
