import type { Role, RoleGrant, RoleRepository } from './roles';

/** How long one instance trusts a user's roles it has read: the longest a change on another instance waits. */
export const roleCacheMs = 15_000;

interface Cached {
  roles: ReadonlySet<Role>;
  until: number;
}

/**
 * A user's roles and each role's holders, read once per `ttlMs` per instance instead of on every turn.
 *
 * @remarks Every turn needs the actor's roles, and reading them was a storage round trip per message
 * and card action (bench B1). A grant or revoke made through this instance takes effect at once
 * (the user's entry is dropped, and a read that was under way when it happened is not kept); one
 * made through another instance takes effect here within `ttlMs` (15 s) — the window stated in
 * docs/SECURITY.md. Who holds a role (`holders`: the coordinators to assign to, the managers to
 * ask) follows the same rule; the full list of grants (`list`, for the role administration) is
 * always read from storage.
 */
export class CachedRoleRepository implements RoleRepository {
  private readonly cache = new Map<string, Cached>();
  private readonly holderCache = new Map<Role, { users: readonly string[]; until: number }>();
  /** Bumped by every change, so a read that started before a change is not cached after it. */
  private generation = 0;

  constructor(
    private readonly inner: RoleRepository,
    private readonly ttlMs = roleCacheMs,
    private readonly now: () => number = () => performance.now(),
    private readonly limit = 50_000,
  ) {}

  async rolesOf(userId: string): Promise<Set<Role>> {
    const hit = this.cache.get(userId);
    if (hit && hit.until > this.now()) return new Set(hit.roles);
    const generation = this.generation;
    const roles = await this.inner.rolesOf(userId);
    if (generation === this.generation) {
      this.cache.delete(userId);
      if (this.cache.size >= this.limit) this.cache.delete(this.cache.keys().next().value as string);
      this.cache.set(userId, { roles: new Set(roles), until: this.now() + this.ttlMs });
    }
    return roles;
  }

  async grant(userId: string, role: Role, grantedBy: string, name?: string): Promise<void> {
    this.changed(userId);
    try {
      await this.inner.grant(userId, role, grantedBy, name);
    } finally {
      this.changed(userId);
    }
  }

  async revoke(userId: string, role: Role): Promise<void> {
    this.changed(userId);
    try {
      await this.inner.revoke(userId, role);
    } finally {
      this.changed(userId);
    }
  }

  async holders(role: Role): Promise<string[]> {
    const hit = this.holderCache.get(role);
    if (hit && hit.until > this.now()) return [...hit.users];
    const generation = this.generation;
    const users = await this.inner.holders(role);
    if (generation === this.generation)
      this.holderCache.set(role, { users: [...users], until: this.now() + this.ttlMs });
    return users;
  }

  list(): Promise<RoleGrant[]> {
    return this.inner.list();
  }

  private changed(userId: string): void {
    this.generation++;
    this.cache.delete(userId);
    this.holderCache.clear();
  }
}
