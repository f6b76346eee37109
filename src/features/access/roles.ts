/**
 * The roles the policy gives people.
 *
 * @remarks P10: a role is granted per person by the coordinator (or by configuration at first
 * start), never claimed by a user or carried in card data. Everyone in the tenant — guests
 * included — is an employee and may report incidents without any role (P1, P12).
 */
export const roles = ['coordinator', 'management', 'steering', 'hr', 'systemOwner'] as const;

export type Role = (typeof roles)[number];

/** True for a known role name. */
export const isRole = (value: unknown): value is Role =>
  typeof value === 'string' && (roles as readonly string[]).includes(value);

/** Where roles are kept. */
export interface RoleRepository {
  rolesOf(userId: string): Promise<Set<Role>>;
  /** Grants a role; idempotent. */
  grant(userId: string, role: Role, grantedBy: string, name?: string): Promise<void>;
  /** Everyone holding a role. */
  holders(role: Role): Promise<string[]>;
  /** Removes a role; idempotent. */
  revoke(userId: string, role: Role): Promise<void>;
  /** Every grant, by role, with who granted it and when. */
  list(): Promise<RoleGrant[]>;
}

/** One person holding one role. */
export interface RoleGrant {
  userId: string;
  role: Role;
  /** The display name known when the role was granted, if any. */
  name?: string;
  grantedBy: string;
  grantedAt: string;
}
