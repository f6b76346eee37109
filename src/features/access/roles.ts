/**
 * The roles the policy gives people.
 *
 * @remarks P10: a role is granted per person by the coordinator (or by configuration at first
 * start), never claimed by a user or carried in card data. Everyone in the tenant — guests
 * included — is an employee and may report incidents without any role (P1, P12).
 */
export const roles = ['coordinator', 'management', 'steering', 'hr', 'systemOwner', 'dpo'] as const;

export type Role = (typeof roles)[number];

/** True for a known role name. */
export const isRole = (value: unknown): value is Role =>
  typeof value === 'string' && (roles as readonly string[]).includes(value);

/** Where roles are kept. */
export interface RoleRepository {
  rolesOf(userId: string): Promise<Set<Role>>;
  /**
   * Grants a role unless the person holds it: answers the stored grant, and whether this call made
   * it. A grant already held is left as it was granted (a retry finds its own grant).
   */
  grant(userId: string, role: Role, grantedBy: string, name?: string, about?: GrantContext): Promise<GrantOutcome>;
  /** Everyone holding a role. */
  holders(role: Role): Promise<string[]>;
  /**
   * Revokes a role: answers the grant it ended (kept, marked revoked), and whether this call ended
   * it; undefined when the role was never granted to the person.
   */
  revoke(userId: string, role: Role, revokedBy: string, revokedByName?: string): Promise<GrantOutcome | undefined>;
  /** Puts a grant just revoked back as it was, unless the role was granted again meanwhile. */
  reinstate(grant: StoredGrant): Promise<void>;
  /** The stored grant of a role to a person, held or revoked; undefined when never granted. */
  grantOf(userId: string, role: Role): Promise<StoredGrant | undefined>;
  /** Every grant held, by role, with who granted it and when. */
  list(): Promise<RoleGrant[]>;
}

/** One person holding one role. */
export interface RoleGrant {
  userId: string;
  role: Role;
  /** The display name known when the role was granted, if any. */
  name?: string;
  /** The e-mail (UPN) Teams gave when the role was granted, if any. */
  email?: string;
  grantedBy: string;
  grantedAt: string;
}

/** What a grant's audit record says besides who granted what to whom. */
export interface GrantContext {
  grantedByName?: string;
  /** Why, when the grant follows from something else (e.g. `system <id>` for a system's owner). */
  reason?: string;
  /** The person's e-mail (UPN) as Teams gave it, kept with the grant to show beside the name. */
  email?: string;
}

/** A grant as stored: what its audit records are built from. */
export interface StoredGrant extends RoleGrant, GrantContext {
  /**
   * Tells this grant from every other grant of the role to the person (random, stored with it);
   * absent on grants stored before grants had ids.
   */
  id?: string;
  /** Set once revoked: the grant stays stored, so a retried revoke finds what it ended. */
  revoked?: { by: string; byName?: string; at: string };
}

/** A stored grant, and whether the call that answered it made the change. */
export interface GrantOutcome {
  grant: StoredGrant;
  changed: boolean;
}
