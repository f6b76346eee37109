import { randomUUID } from 'node:crypto';
import type {
  GrantContext,
  GrantOutcome,
  Role,
  RoleGrant,
  RoleRepository,
  StoredGrant,
} from '../../../src/features/access/roles';

/** The Table store's key order: by role, then by user. */
const keyOf = (role: Role, userId: string): string => `${role}\u0000${userId}`;

/**
 * Role grants in memory, held to the contract of `TableRoleRepository`: a grant is made once and
 * found again by a retry, a revoke keeps the grant marked revoked, a reinstate puts back only the
 * very grant that was revoked.
 */
export class MemoryRoleRepository implements RoleRepository {
  /** Each grant as JSON, held or revoked, by role and user. */
  private readonly grants = new Map<string, string>();

  async rolesOf(userId: string): Promise<Set<Role>> {
    return new Set(
      this.held()
        .filter((grant) => grant.userId === userId)
        .map((grant) => grant.role),
    );
  }

  async grant(
    userId: string,
    role: Role,
    grantedBy: string,
    name?: string,
    about: GrantContext = {},
  ): Promise<GrantOutcome> {
    const stored = await this.grantOf(userId, role);
    if (stored && !stored.revoked) return { grant: stored, changed: false };
    const grant: StoredGrant = {
      userId,
      role,
      name,
      grantedBy,
      grantedAt: new Date().toISOString(),
      id: randomUUID(),
      ...about,
    };
    this.put(grant);
    return { grant, changed: true };
  }

  async holders(role: Role): Promise<string[]> {
    return this.held()
      .filter((grant) => grant.role === role)
      .map((grant) => grant.userId);
  }

  async revoke(
    userId: string,
    role: Role,
    revokedBy: string,
    revokedByName?: string,
  ): Promise<GrantOutcome | undefined> {
    const stored = await this.grantOf(userId, role);
    if (!stored) return undefined;
    if (stored.revoked) return { grant: stored, changed: false };
    const grant = { ...stored, revoked: { by: revokedBy, byName: revokedByName, at: new Date().toISOString() } };
    this.put(grant);
    return { grant, changed: true };
  }

  async reinstate(grant: StoredGrant): Promise<void> {
    const stored = await this.grantOf(grant.userId, grant.role);
    if (!stored?.revoked || stored.id !== grant.id || stored.grantedAt !== grant.grantedAt) return;
    const { revoked: _revoked, ...held } = stored;
    this.put(held);
  }

  async grantOf(userId: string, role: Role): Promise<StoredGrant | undefined> {
    const json = this.grants.get(keyOf(role, userId));
    return json === undefined ? undefined : (JSON.parse(json) as StoredGrant);
  }

  async list(): Promise<RoleGrant[]> {
    return this.held().map(({ userId, role, name, email, grantedBy, grantedAt }) => ({
      userId,
      role,
      name,
      email,
      grantedBy,
      grantedAt,
    }));
  }

  /** Every grant held, in key order. */
  private held(): StoredGrant[] {
    return [...this.grants.entries()]
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
      .map(([, json]) => JSON.parse(json) as StoredGrant)
      .filter((grant) => !grant.revoked);
  }

  private put(grant: StoredGrant): void {
    this.grants.set(keyOf(grant.role, grant.userId), JSON.stringify(grant));
  }
}
