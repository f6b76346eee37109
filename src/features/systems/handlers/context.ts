import { TeamsInfo, type TurnContext } from 'botbuilder';
import type { Actor } from '../../../bot/actor';
import type { Turn } from '../../../bot/turn';
import type { Notifier } from '../../../bot/notifier';
import type { Clock } from '../../../clock';
import type { AppConfig } from '../../../config';
import { ValidationError } from '../../../errors';
import type { Logger } from '../../../logger';
import type { ConversationRepository } from '../../access/conversations';
import type { GrantAudit } from '../../access/grants';
import type { RoleRepository } from '../../access/roles';
import type { DpiaService } from '../../dpia/service';
import type { SystemActor, SystemService } from '../service';

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

const guid = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const email = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

/**
 * Resolves the owner typed on the register form to an Entra identity: an object id or an e-mail/UPN,
 * looked up in Teams — first as a member of this conversation, then in the roster of the team that
 * holds the coordinator channel (`teamId`). The name comes from Teams where it answers.
 *
 * @remarks The Teams people picker (`choices.data` with `graph.microsoft.com/users`) is outside the
 * Adaptive Card 1.5 schema every template must pass, so the form asks for e-mail or object id; an
 * object id Teams does not know is still accepted as given (without a name).
 */
export async function resolveOwner(
  context: TurnContext,
  actor: Actor,
  typed: string,
  known?: { id: string; name: string },
  teamId?: string,
): Promise<{ ownerId: string; ownerName: string }> {
  const value = typed.trim().toLowerCase();
  if (known && value === known.id) return { ownerId: known.id, ownerName: known.name };
  if (guid.test(value) && value === actor.userId) return { ownerId: actor.userId, ownerName: actor.name };
  if (!guid.test(value) && !email.test(value)) throw new ValidationError({ owner: 'systems.errors.ownerNotFound' });
  const found =
    (await memberOfConversation(context, value)) ?? (teamId ? await memberOfTeam(context, teamId, value) : undefined);
  if (found) return found;
  if (guid.test(value)) return { ownerId: value, ownerName: '' };
  throw new ValidationError({ owner: 'systems.errors.ownerNotFound' });
}

type Member = { aadObjectId?: string; name?: string; email?: string; userPrincipalName?: string };
const asOwner = (member: Member | undefined) => {
  const id = member?.aadObjectId?.toLowerCase();
  return id && guid.test(id) ? { ownerId: id, ownerName: String(member?.name ?? '').slice(0, 120) } : undefined;
};

async function memberOfConversation(context: TurnContext, value: string) {
  try {
    return asOwner(await TeamsInfo.getMember(context, value));
  } catch {
    return undefined; // Not in this conversation, or Teams did not answer.
  }
}

async function memberOfTeam(context: TurnContext, teamId: string, value: string) {
  try {
    let token: string | undefined;
    for (let page = 0; page < 20; page++) {
      const result = await TeamsInfo.getPagedTeamMembers(context, teamId, 500, token);
      const match = result.members.find((member: Member) =>
        [member.aadObjectId, member.email, member.userPrincipalName].some((field) => field?.toLowerCase() === value),
      );
      if (match) return asOwner(match);
      token = result.continuationToken;
      if (!token) return undefined;
    }
  } catch {
    // The team roster is not readable here: fall through.
  }
  return undefined;
}
