import { ExpiringCache } from '../../expiring-cache';
import type { Role, RoleGrant, RoleRepository } from './roles';

/** How long one instance trusts a user's roles it has read: the longest a change on another instance waits. */
export const roleCacheMs = 15_000;

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
  private readonly roles: ExpiringCache<string, Set<Role>>;
  private readonly holderCache: ExpiringCache<Role, string[]>;

  constructor(
    private readonly inner: RoleRepository,
    ttlMs = roleCacheMs,
    now?: () => number,
    limit = 50_000,
  ) {
    this.roles = new ExpiringCache(ttlMs, { now, limit, copy: (roles) => new Set(roles) });
    this.holderCache = new ExpiringCache(ttlMs, { now, copy: (users) => [...users] });
  }

  rolesOf(userId: string): Promise<Set<Role>> {
    return this.roles.get(userId, () => this.inner.rolesOf(userId));
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

  holders(role: Role): Promise<string[]> {
    return this.holderCache.get(role, () => this.inner.holders(role));
  }

  list(): Promise<RoleGrant[]> {
    return this.inner.list();
  }

  private changed(userId: string): void {
    this.roles.forget(userId);
    this.holderCache.forget();
  }
}
