import { cardText } from '../../../text';
import type { Clock } from '../../../clock';
import type { JobRepository } from '../../../platform/scheduler/jobs';
import type { AppConfig } from '../../../config';
import type { Logger } from '../../../logger';
import type { Notifier } from '../../../platform/notifier';
import type { ConversationRepository } from '../../access/conversations';
import type { RoleRepository } from '../../access/roles';
import type { IncidentActor, IncidentService } from '../service';
import type { Actor } from '../../turn';

/** What the incident handlers need. */
export interface IncidentDeps {
  config: AppConfig;
  logger: Logger;
  clock: Clock;
  incidents: IncidentService;
  roles: RoleRepository;
  conversations: ConversationRepository;
  notifier: Notifier;
  /** The system register (P2, P4): names for the report card, a system's own contingency plan for triage. */
  systems?: SystemDirectory;
  /** Where a coordinator notice that could not be posted is scheduled again (durable; see notice-job.ts). */
  jobs?: Pick<JobRepository, 'schedule'> & Partial<Pick<JobRepository, 'markDelivered'>>;
}

/**
 * Records in the delivery log a person's notice the bot could not deliver, for the quarterly review
 * (#15 item 2); a log that cannot be written is logged, never fails the turn.
 */
export async function recordUndelivered(
  deps: IncidentDeps,
  key: string,
  reason: 'noChat' | 'gone' | 'failed',
): Promise<void> {
  try {
    await deps.jobs?.markDelivered?.(key, deps.clock.now(), reason);
  } catch (error) {
    deps.logger.error({ err: error }, 'undelivered notice not recorded in the delivery log');
  }
}

/** What the incident feature reads from the system register. */
export interface SystemDirectory {
  /** Every registered system's name (visible to everyone). */
  directory(): Promise<{ name: string }[]>;
  /** The contingency plan link of the system with this name, if registered. */
  planFor(name: string): Promise<string | undefined>;
}

/** The registered systems' names, or none when the register cannot be read (the card falls back to free text). */
export async function systemNames(deps: IncidentDeps): Promise<string[]> {
  try {
    return (await deps.systems?.directory())?.map((system) => system.name) ?? [];
  } catch (error) {
    deps.logger.warn({ err: error }, 'system register not readable; free-text system name');
    return [];
  }
}

/** The service's view of the acting user. */
export const asIncidentActor = (actor: Actor): IncidentActor => ({
  userId: actor.userId,
  name: actor.name,
  roles: actor.roles,
  locale: actor.locale,
});

/** A string field of card data, cleaned and cut to `max`, or '' (card data is untrusted: anything else is ignored). */
export const field = (data: Record<string, unknown>, id: string, max = 4000): string => cardText(data, id, max);
