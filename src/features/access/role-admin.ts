import { ForbiddenError, ValidationError } from '../../errors';
import { grantRole, recordRevoke, type GrantAudit } from './grants';
import { wouldRemoveLastCoordinator } from './role-rules';
import type { Role, RoleGrant, RoleRepository, StoredGrant } from './roles';
import type { Actor } from './actor';

/**
 * Granting and revoking roles (P10): only a coordinator may, the last coordinator stays, and
 * every change is appended to the audit log with who and when — once, however often it is retried.
 */
export class RoleAdministration {
  constructor(
    private readonly roles: RoleRepository,
    private readonly audit: GrantAudit,
  ) {}

  /** Every grant; coordinators only. */
  async list(actor: Actor): Promise<RoleGrant[]> {
    this.assertCoordinator(actor);
    return this.roles.list();
  }

  async grant(actor: Actor, person: { userId: string; name?: string; email?: string }, role: Role): Promise<void> {
    this.assertCoordinator(actor);
    await grantRole(this.roles, this.audit, {
      userId: person.userId,
      role,
      grantedBy: actor.userId,
      grantedByName: actor.name,
      name: person.name,
      ...(person.email ? { email: person.email } : {}),
    });
  }

  /** Revokes a role; answers the grant it ended (with the holder's name), if the role was held. */
  async revoke(actor: Actor, userId: string, role: Role): Promise<StoredGrant | undefined> {
    this.assertCoordinator(actor);
    if (wouldRemoveLastCoordinator(role, userId, await this.roles.holders('coordinator')))
      throw new ValidationError({ form: 'roles.errors.lastCoordinator' });
    const outcome = await this.roles.revoke(userId, role, actor.userId, actor.name);
    // Two coordinators revoking each other at once both pass the check above: look again, and
    // put this grant back if it left nobody (the other one is put back the same way).
    if (outcome?.changed && role === 'coordinator' && (await this.roles.holders('coordinator')).length === 0) {
      await this.roles.reinstate(outcome.grant);
      throw new ValidationError({ form: 'roles.errors.lastCoordinator' });
    }
    await recordRevoke(this.audit, outcome);
    return outcome?.grant;
  }

  private assertCoordinator(actor: Actor): void {
    if (!actor.roles.has('coordinator')) throw new ForbiddenError('role administration');
  }
}
