import type { AuditLog } from '../audit/audit-log';
import type { KeyedEvent } from '../audit/chain';
import type { GrantContext, GrantOutcome, Role, RoleRepository, StoredGrant } from './roles';

/** The audit log as a grant needs it. */
export type GrantAudit = Pick<AuditLog, 'appendOnce' | 'ensure'>;

/** What is granted to whom, by whom. */
export interface GrantRequest extends GrantContext {
  userId: string;
  role: Role;
  grantedBy: string;
  name?: string;
}

/**
 * Grants a role unless the person holds it, and makes sure the stored grant has its audit record.
 *
 * @remarks P10: the record is built from the stored grant and keyed by its id, so a retry after a
 * failed append (whoever retries, on any instance, at start-up or from a card) finds the grant the
 * first attempt made and appends its record once. A role already held is not granted again and
 * gets no second record. Grants stored before grants had ids were recorded without a key: they are
 * left alone.
 */
export async function grantRole(roles: RoleRepository, audit: GrantAudit, request: GrantRequest): Promise<StoredGrant> {
  const { userId, role, grantedBy, name, ...about } = request;
  const outcome = await roles.grant(userId, role, grantedBy, name, about);
  await record(audit, outcome, grantedEvent);
  return outcome.grant;
}

/** Makes sure a revoke has its audit record: appended by the call that revoked, else completed if missing. */
export async function recordRevoke(audit: GrantAudit, outcome: GrantOutcome | undefined): Promise<void> {
  if (outcome) await record(audit, outcome, revokedEvent);
}

/** Appends the record of a held grant if an earlier attempt could not; grants nothing. */
export async function completeGrantRecord(
  roles: RoleRepository,
  audit: GrantAudit,
  userId: string,
  role: Role,
): Promise<void> {
  const grant = await roles.grantOf(userId, role);
  if (grant && !grant.revoked) await record(audit, { grant, changed: false }, grantedEvent);
}

async function record(
  audit: GrantAudit,
  { grant, changed }: GrantOutcome,
  event: (grant: StoredGrant) => KeyedEvent | undefined,
): Promise<void> {
  const keyed = event(grant);
  if (!keyed) return;
  if (changed) await audit.appendOnce('access', keyed);
  else await audit.ensure('access', keyed);
}

/** The grant's record, keyed by its stored id; none for a grant stored before grants had ids. */
function grantedEvent(grant: StoredGrant): KeyedEvent | undefined {
  if (!grant.id) return undefined;
  return {
    actor: grant.grantedBy,
    actorName: grant.grantedByName,
    action: 'role.granted',
    subject: grant.userId,
    details: { role: grant.role, name: grant.name ?? '', ...(grant.reason ? { reason: grant.reason } : {}) },
    key: `role.granted/${grant.role}/${grant.userId}/${grant.id}`,
  };
}

/** The revoke's record, keyed by the grant it ended (an older grant by when it was made). */
function revokedEvent(grant: StoredGrant): KeyedEvent | undefined {
  if (!grant.revoked) return undefined;
  return {
    actor: grant.revoked.by,
    actorName: grant.revoked.byName,
    action: 'role.revoked',
    subject: grant.userId,
    details: { role: grant.role },
    key: `role.revoked/${grant.role}/${grant.userId}/${grant.id ?? grant.grantedAt}`,
  };
}
