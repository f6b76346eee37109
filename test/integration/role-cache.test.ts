import { randomBytes, randomUUID } from 'node:crypto';
import { CachedRoleRepository } from '../../src/features/access/role-cache';
import { TableRoleRepository } from '../../src/storage/role-repository';
import { createTables } from '../../src/storage/tables';

/**
 * Two bot instances share one Roles table, each with its own cache in front: a change made through
 * one instance counts there at once and on the other within the cache's lifetime (docs/SECURITY.md).
 */
describe('roles cached per instance on Azurite', () => {
  let table: TableRoleRepository;
  let time = 0;
  const ttlMs = 15_000;
  const instance = () => new CachedRoleRepository(table, ttlMs, () => time);

  beforeAll(async () => {
    const tables = createTables(
      { connectionString: process.env.TEST_AZURITE_CONNECTION_STRING as string },
      `rc${randomBytes(4).toString('hex')}`,
    );
    await tables.ensureAll();
    table = new TableRoleRepository(tables.client('Roles'));
  });

  it('applies a grant and a revoke made through the same instance at once', async () => {
    const user = randomUUID();
    const one = instance();
    expect([...(await one.rolesOf(user))]).toEqual([]);
    await one.grant(user, 'coordinator', 'test');
    expect([...(await one.rolesOf(user))]).toEqual(['coordinator']);
    expect(await one.holders('coordinator')).toContain(user);
    await one.revoke(user, 'coordinator', 'test');
    expect([...(await one.rolesOf(user))]).toEqual([]);
    expect(await one.holders('coordinator')).not.toContain(user);
  });

  it('applies a revoke made through another instance once the cache lifetime has passed', async () => {
    const user = randomUUID();
    const [one, other] = [instance(), instance()];
    await one.grant(user, 'management', 'test');
    expect([...(await other.rolesOf(user))]).toEqual(['management']);
    expect(await other.holders('management')).toContain(user);

    await one.revoke(user, 'management', 'test');
    time += ttlMs - 1;
    expect([...(await other.rolesOf(user))]).toEqual(['management']);
    time += 2;
    expect([...(await other.rolesOf(user))]).toEqual([]);
    expect(await other.holders('management')).not.toContain(user);
  });

  it('does not keep a read that was under way when the role changed', async () => {
    const user = randomUUID();
    const one = instance();
    await table.grant(user, 'hr', 'test');
    const reading = one.rolesOf(user);
    await one.revoke(user, 'hr', 'test');
    await reading; // may or may not have seen the role; either way it must not be cached
    expect([...(await one.rolesOf(user))]).toEqual([]);
  });

  it('hands out copies, so a caller cannot change what others are told', async () => {
    const user = randomUUID();
    const one = instance();
    await one.grant(user, 'systemOwner', 'test');
    (await one.rolesOf(user)).add('coordinator');
    (await one.holders('systemOwner')).push('someone else');
    expect([...(await one.rolesOf(user))]).toEqual(['systemOwner']);
    expect(await one.holders('systemOwner')).not.toContain('someone else');
  });
});
