import { randomUUID } from 'node:crypto';
import type { RoleRepository } from '../../../src/features/access/roles';

/**
 * What every {@link RoleRepository} must do (P10), whatever keeps it: run against the Table store
 * on Azurite and against the in-memory store. `fresh` gives an empty store for each test.
 */
export function roleRepositoryContract(fresh: () => Promise<RoleRepository>): void {
  let repo: RoleRepository;
  beforeEach(async () => {
    repo = await fresh();
  });

  it('grants a role once: a repeat finds the same grant and changes nothing', async () => {
    const user = randomUUID();
    const first = await repo.grant(user, 'coordinator', 'admin', 'Mette Kjær', {
      grantedByName: 'Admin',
      reason: 'start',
    });
    expect(first.changed).toBe(true);
    expect(first.grant).toMatchObject({ userId: user, role: 'coordinator', name: 'Mette Kjær', grantedBy: 'admin' });
    expect(first.grant.id).toBeTruthy();
    const again = await repo.grant(user, 'coordinator', 'someone else');
    expect(again).toEqual({ grant: first.grant, changed: false });
    expect(await repo.grantOf(user, 'coordinator')).toEqual(first.grant);
    expect([...(await repo.rolesOf(user))]).toEqual(['coordinator']);
    expect(await repo.holders('coordinator')).toEqual([user]);
    expect(await repo.grantOf(user, 'hr')).toBeUndefined();
  });

  it('keeps a revoked grant marked revoked; a repeat revoke finds it, and a new grant is a new grant', async () => {
    const user = randomUUID();
    const { grant } = await repo.grant(user, 'hr', 'admin');
    const revoked = await repo.revoke(user, 'hr', 'coordinator-1', 'Mette Kjær');
    expect(revoked?.changed).toBe(true);
    expect(revoked?.grant).toMatchObject({ id: grant.id, revoked: { by: 'coordinator-1', byName: 'Mette Kjær' } });
    expect(await repo.revoke(user, 'hr', 'coordinator-2')).toEqual({ grant: revoked!.grant, changed: false });
    expect(await repo.grantOf(user, 'hr')).toEqual(revoked!.grant);
    expect([...(await repo.rolesOf(user))]).toEqual([]);
    expect(await repo.holders('hr')).toEqual([]);
    expect(await repo.revoke(randomUUID(), 'hr', 'x')).toBeUndefined();

    const regranted = await repo.grant(user, 'hr', 'admin');
    expect(regranted.changed).toBe(true);
    expect(regranted.grant.id).not.toBe(grant.id);
    expect(regranted.grant.revoked).toBeUndefined();
  });

  it('reinstates only the very grant that was revoked', async () => {
    const user = randomUUID();
    const { grant } = await repo.grant(user, 'management', 'admin');
    await repo.revoke(user, 'management', 'admin');
    await repo.reinstate(grant);
    expect(await repo.grantOf(user, 'management')).toEqual(grant);
    expect(await repo.holders('management')).toEqual([user]);

    await repo.revoke(user, 'management', 'admin');
    const newer = await repo.grant(user, 'management', 'admin');
    await repo.revoke(user, 'management', 'admin');
    await repo.reinstate(grant);
    expect((await repo.grantOf(user, 'management'))?.id).toBe(newer.grant.id);
    expect(await repo.holders('management')).toEqual([]);
  });

  it('lists every grant held, by role and then by user, without revoked ones', async () => {
    const [a, b] = [randomUUID(), randomUUID()].sort();
    await repo.grant(b!, 'steering', 'admin', 'B');
    await repo.grant(a!, 'steering', 'admin', 'A', { email: 'a@kommune.dk' });
    await repo.grant(a!, 'coordinator', 'admin');
    await repo.grant(b!, 'hr', 'admin');
    await repo.revoke(b!, 'hr', 'admin');
    const listed = await repo.list();
    expect(listed.map((grant) => [grant.role, grant.userId])).toEqual([
      ['coordinator', a],
      ['steering', a],
      ['steering', b],
    ]);
    expect(listed[1]).toMatchObject({ name: 'A', email: 'a@kommune.dk', grantedBy: 'admin' });
    expect(Object.keys(listed[1]!).sort()).toEqual(['email', 'grantedAt', 'grantedBy', 'name', 'role', 'userId']);
  });
}
