import { ExpiringCache } from '../../expiring-cache';
import type { GrantContext, GrantOutcome, Role, RoleGrant, RoleRepository, StoredGrant } from './roles';

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
 * always read from storage, and so is a single stored grant (`grantOf`, for its audit record).
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

  grant(userId: string, role: Role, grantedBy: string, name?: string, about?: GrantContext): Promise<GrantOutcome> {
    return this.changing(userId, () => this.inner.grant(userId, role, grantedBy, name, about));
  }

  revoke(userId: string, role: Role, revokedBy: string, revokedByName?: string) {
    return this.changing(userId, () => this.inner.revoke(userId, role, revokedBy, revokedByName));
  }

  reinstate(grant: StoredGrant): Promise<void> {
    return this.changing(grant.userId, () => this.inner.reinstate(grant));
  }

  grantOf(userId: string, role: Role): Promise<StoredGrant | undefined> {
    return this.inner.grantOf(userId, role);
  }

  holders(role: Role): Promise<string[]> {
    return this.holderCache.get(role, () => this.inner.holders(role));
  }

  list(): Promise<RoleGrant[]> {
    return this.inner.list();
  }

  /** Forgets the user's roles and every role's holders before and after a change, whatever its outcome. */
  private async changing<T>(userId: string, change: () => Promise<T>): Promise<T> {
    this.changed(userId);
    try {
      return await change();
    } finally {
      this.changed(userId);
    }
  }

  private changed(userId: string): void {
    this.roles.forget(userId);
    this.holderCache.forget();
  }
}
