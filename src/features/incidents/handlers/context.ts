import { cleanText } from '../../../text';
import type { Clock } from '../../../clock';
import type { AppConfig } from '../../../config';
import type { Logger } from '../../../logger';
import type { Notifier } from '../../../bot/notifier';
import type { Actor } from '../../../bot/actor';
import type { ConversationRepository } from '../../access/conversations';
import type { RoleRepository } from '../../access/roles';
import type { IncidentActor, IncidentService } from '../service';

/** What the incident handlers need. */
export interface IncidentDeps {
  config: AppConfig;
  logger: Logger;
  clock: Clock;
  incidents: IncidentService;
  roles: RoleRepository;
  conversations: ConversationRepository;
  notifier: Notifier;
}

/** The service's view of the acting user. */
export const asIncidentActor = (actor: Actor): IncidentActor => ({
  userId: actor.userId,
  name: actor.name,
  roles: actor.roles,
  locale: actor.locale,
});

/** A string field of card data, trimmed, or '' (card data is untrusted: anything else is ignored). */
export const field = (data: Record<string, unknown>, id: string, max = 4000): string => {
  const value = data[id];
  return typeof value === 'string' ? cleanText(value).slice(0, max) : typeof value === 'number' ? String(value) : '';
};
