import type { AdaptiveCard } from '../../platform/cards';
import type { StoredConversation } from '../access/conversations';
import type { Job } from '../../platform/scheduler/jobs';
import type { JobHandler } from '../../platform/scheduler/scheduler';
import { noticeCard } from './cards';
import { parseNumber } from './numbering';
import type { Incident } from './model';
import type { IncidentJobDeps } from './reminder-job';

/** The job kind that posts a coordinator notice the report could not post itself. */
export const NOTICE_RETRY = 'incidents.notice-retry';
/** How long after the failed attempt the first retry falls due; later ones follow the job lease. */
const RETRY_AFTER_MS = 60_000;
/** How long a notice is tried before it is given up (logged as an error; the incident is in the open list). */
export const GIVE_UP_AFTER_MS = 24 * 3_600_000;

/** The coordinator channel and the notice for it (Danish, the channel's language), or none without a channel. */
export async function coordinatorNotice(
  deps: Pick<IncidentJobDeps, 'conversations' | 'roles'>,
  incident: Incident,
): Promise<{ channel: StoredConversation; card: AdaptiveCard } | undefined> {
  const channel = await deps.conversations.channelFor('coordinator');
  if (!channel) return undefined;
  return { channel, card: noticeCard('da', incident, await deps.roles.holders('coordinator')) };
}

/** The retry of one incident's notice: one job per incident, so scheduling it twice changes nothing. */
export function noticeRetryJob(number: string, now: Date): Job {
  return {
    id: `${NOTICE_RETRY}:${number}`,
    kind: NOTICE_RETRY,
    dueAt: new Date(now.getTime() + RETRY_AFTER_MS).toISOString(),
    payload: { number, since: now.toISOString() },
  };
}

/**
 * Posts the coordinator notice of an incident whose report could not (P1: the coordinator hears of
 * every report, not only through the open list).
 *
 * @remarks Scheduled only when the report's own attempt failed (Teams down or throttling past its
 * retries), so a normal report costs no job. A failed send fails the job, which runs again when its
 * lease runs out, until Teams takes it or 24 hours have passed (a refusal that lasts, such as a
 * channel Teams rejects the card in, is then logged as an error, not retried for ever). The delivery
 * is recorded once (at least once: a send that reached Teams but whose answer was lost is sent again). A report's attempt that failed after Teams
 * had the notice (a lost answer) can also show it twice; never none.
 */
export function noticeRetryHandler(deps: IncidentJobDeps): JobHandler {
  return async (job, context) => {
    const parsed = parseNumber(job.payload.number);
    const stored = parsed && (await deps.incidents.get(parsed.year, parsed.seq));
    if (!stored) return { outcome: 'no such incident' };
    const notice = await coordinatorNotice(deps, stored.incident);
    if (!notice) return { outcome: 'no coordinator channel' };
    const since = Date.parse(String(job.payload.since));
    if (context.now.getTime() - since > GIVE_UP_AFTER_MS) {
      deps.logger.error(
        { incident: stored.incident.number },
        'coordinator notice given up after 24 hours; the incident is in the open list only',
      );
      return { outcome: 'given up' };
    }
    await context.deliverOnce(`${job.id}|notice`, () =>
      deps.notifier.send(notice.channel, notice.card, { urgent: stored.incident.isBreach }),
    );
    deps.logger.info({ incident: stored.incident.number }, 'coordinator channel notified on retry');
    return { outcome: 'sent' };
  };
}
