import type { Actor } from '../../bot/actor';
import { ForbiddenError, ValidationError } from '../../errors';
import type { AuditLog } from '../audit/audit-log';
import { wouldRemoveLastCoordinator } from './role-rules';
import type { Role, RoleGrant, RoleRepository } from './roles';

/**
 * Granting and revoking roles (P10): only a coordinator may, the last coordinator stays, and
 * every change is appended to the audit log with who and when.
 */
export class RoleAdministration {
  constructor(
    private readonly roles: RoleRepository,
    private readonly audit: AuditLog,
  ) {}

  /** Every grant; coordinators only. */
  async list(actor: Actor): Promise<RoleGrant[]> {
    this.assertCoordinator(actor);
    return this.roles.list();
  }

  async grant(actor: Actor, person: { userId: string; name?: string }, role: Role): Promise<void> {
    this.assertCoordinator(actor);
    await this.roles.grant(person.userId, role, actor.userId, person.name);
    await this.audit.append('access', {
      actor: actor.userId,
      actorName: actor.name,
      action: 'role.granted',
      subject: person.userId,
      details: { role, name: person.name ?? '' },
    });
  }

  async revoke(actor: Actor, userId: string, role: Role): Promise<void> {
    this.assertCoordinator(actor);
    if (wouldRemoveLastCoordinator(role, userId, await this.roles.holders('coordinator')))
      throw new ValidationError({ form: 'roles.errors.lastCoordinator' });
    await this.roles.revoke(userId, role);
    // Two coordinators revoking each other at once both pass the check above: look again, and
    // undo this revoke if it left nobody (the other one is undone the same way).
    if (role === 'coordinator' && (await this.roles.holders('coordinator')).length === 0) {
      await this.roles.grant(userId, role, 'restored: last coordinator');
      throw new ValidationError({ form: 'roles.errors.lastCoordinator' });
    }
    await this.audit.append('access', {
      actor: actor.userId,
      actorName: actor.name,
      action: 'role.revoked',
      subject: userId,
      details: { role },
    });
  }

  private assertCoordinator(actor: Actor): void {
    if (!actor.roles.has('coordinator')) throw new ForbiddenError('role administration');
  }
}
