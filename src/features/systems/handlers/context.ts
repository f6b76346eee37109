import type { Notifier } from '../../../platform/notifier';
import type { Clock } from '../../../clock';
import type { AppConfig } from '../../../config';
import { ValidationError } from '../../../errors';
import type { Logger } from '../../../logger';
import type { ConversationRepository } from '../../access/conversations';
import type { GrantAudit } from '../../access/grants';
import { findPerson, personKey, teamToSearch } from '../../access/people';
import type { RoleRepository } from '../../access/roles';
import type { DpiaService } from '../../dpia/service';
import type { SystemActor, SystemService } from '../service';
import type { Actor, Turn } from '../../turn';

/** What the system register and DPIA handlers need. */
export interface SystemDeps {
  config: AppConfig;
  logger: Logger;
  clock: Clock;
  systems: SystemService;
  dpia: DpiaService;
  roles: RoleRepository;
  conversations: ConversationRepository;
  notifier: Notifier;
  /** The hash-chained audit log, where an owner's role grant is recorded (P10). */
  audit: GrantAudit;
}

/** The coordinator and system owners may register systems (owners only their own). */
export const canRegister = (turn: Turn): boolean =>
  turn.actor.roles.has('coordinator') || turn.actor.roles.has('systemOwner');

/** The service's view of the acting user. */
export const asSystemActor = (actor: Actor): SystemActor => ({
  userId: actor.userId,
  name: actor.name,
  roles: actor.roles,
});

/**
 * Resolves the owner picked (the Teams people picker) or typed (e-mail, name or object id) on the
 * register form to an Entra identity in Teams — a member of this conversation, else of the team that
 * holds the coordinator channel (`teamId`) — with the name Teams gives.
 *
 * @remarks P10: the card's value is only a key to look up; someone Teams does not know is refused,
 * except the owner the system already has (`known`) and the acting user themselves.
 */
export async function resolveOwner(
  turn: Turn,
  typed: string,
  known?: { id: string; name: string },
  teamId?: string,
): Promise<{ ownerId: string; ownerName: string }> {
  const { actor } = turn;
  const value = typed.trim().toLowerCase();
  if (known && value === known.id) return { ownerId: known.id, ownerName: known.name };
  if (value === actor.userId) return { ownerId: actor.userId, ownerName: actor.name };
  const found = personKey(value)
    ? await findPerson(turn.members, value, teamToSearch(turn.conversation, teamId), 'owner')
    : undefined;
  if (!found) throw new ValidationError({ owner: 'systems.errors.ownerNotInTeam' });
  return { ownerId: found.userId, ownerName: found.name };
}
