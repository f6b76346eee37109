import { expandCard, type AdaptiveCard } from '../../platform/cards';
import type { Delivery } from '../../platform/notifier';
import { danishToday } from '../../clock';
import { t, type Locale } from '../../i18n';
import type { Job } from '../../platform/scheduler/jobs';
import { nextLocalTime } from '../../platform/scheduler/local-time';
import type { JobHandler } from '../../platform/scheduler/scheduler';
import { formatDate } from './deadlines';
import { chatLocale } from '../access/conversations';
import type { IncidentListItem } from './list-item';
import { isMeasureLate } from './model';
import { coordinatorTargets, type IncidentJobDeps } from './reminder-job';
import type { OpenMeasure } from '../measures/parent';

/** What the digest reads: the incident log's open list, and the risk register's open treatment measures (#19). */
export interface MeasuresDigestDeps extends IncidentJobDeps {
  riskMeasures?: () => Promise<OpenMeasure[]>;
}

/**
 * The risks' part of the digest, counted (#19, #20): treatment measures past their due date and those
 * whose owner the bot could not reach — no titles or names, as the channel may hold people without the
 * role; the quarterly review lists them with owner and due date for the coordinator.
 */
export function riskMeasuresNotActing(
  open: OpenMeasure[],
  now: Date,
): { late: number; unreachable: number; lateOwners: string[] } {
  const today = danishToday(now);
  const late = open.filter(({ measure }) => isMeasureLate(measure, today));
  return {
    late: late.length,
    unreachable: open.filter(({ measure }) => measure.unreachableAt).length,
    lateOwners: late.map(({ measure }) => measure.ownerId ?? `text:${measure.owner}`),
  };
}

/** The job kind that tells the coordinator every Monday which remedial measures are past their due date. */
export const MEASURES_DIGEST = 'incidents.measures-digest';

/** Monday morning, before the working day: 08:00 Danish time. */
const WEEKDAY = 1;
const HOUR = 8;
/** Incidents named on the card; the open list has the rest. */
const SHOWN = 20;

export function nextMeasuresDigestJob(after: Date): Job {
  const dueAt = nextLocalTime(after, HOUR, WEEKDAY).toISOString();
  return { id: `${MEASURES_DIGEST}:${dueAt}`, kind: MEASURES_DIGEST, dueAt, payload: {} };
}

/** Open incidents with measures past their due date (the day after it, Danish time), the longest overdue first. */
export function overdueMeasures(
  open: IncidentListItem[],
  now: Date,
): { number: string; count: number; oldest: string }[] {
  const today = danishToday(now);
  return open
    .map((incident) => {
      const overdue = incident.openMeasures.filter((measure) => isMeasureLate(measure, today)).map((m) => m.dueDate);
      return { number: incident.number, count: overdue.length, oldest: overdue.sort()[0] ?? '' };
    })
    .filter((incident) => incident.count > 0)
    .sort((a, b) => a.oldest.localeCompare(b.oldest) || a.number.localeCompare(b.number));
}

/**
 * The digest card (Danish in a channel, a coordinator's own language in their chat): incident numbers and how
 * many measures are late, never their text or owner — the coordinator channel may hold people
 * without the coordinator role, and opening an incident is checked on the server.
 */
/**
 * Who has not acted, counted (#20): owners with a measure past its due date, and measures whose
 * owner the bot could not reach, per incident — counts only, the names are on the incident's card.
 */
export function ownersNotActing(
  open: IncidentListItem[],
  now: Date,
  alsoLate: readonly string[] = [],
): { notActed: number; unreachable: { number: string; count: number }[] } {
  const today = danishToday(now);
  const lateOwners = new Set([
    ...open.flatMap((incident) =>
      incident.openMeasures.filter((m) => isMeasureLate(m, today)).map((m) => m.ownerId ?? `text:${m.owner}`),
    ),
    // Owners late with a risk's treatment measure count once with their incidents' (#19).
    ...alsoLate,
  ]);
  const unreachable = open
    .map((incident) => ({
      number: incident.number,
      count: new Set(incident.openMeasures.filter((m) => m.unreachableAt).map((m) => m.ownerId)).size,
    }))
    .filter((incident) => incident.count > 0);
  return { notActed: lateOwners.size, unreachable };
}

function digestCard(
  late: ReturnType<typeof overdueMeasures>,
  owners: ReturnType<typeof ownersNotActing>,
  risks: ReturnType<typeof riskMeasuresNotActing>,
  locale: Locale,
): AdaptiveCard {
  const line = ({ number, count, oldest }: (typeof late)[number]) =>
    count === 1
      ? t(locale, 'incidents.digest.lineOne', { number, due: formatDate(oldest, locale) })
      : t(locale, 'incidents.digest.lineMany', { number, count, due: formatDate(oldest, locale) });
  const unreachableCount = owners.unreachable.reduce((sum, incident) => sum + incident.count, 0);
  const lateShown = late.slice(0, SHOWN);
  const unreachableShown = owners.unreachable
    .filter((incident) => !lateShown.some((shown) => shown.number === incident.number))
    .slice(0, SHOWN - lateShown.length);
  const hidden = late.length - lateShown.length + owners.unreachable.length - unreachableShown.length;
  return expandCard('incidents/digest', {
    heading: t(locale, 'incidents.digest.heading'),
    intro: late.length > 0 ? t(locale, 'incidents.digest.intro') : '',
    notActed: owners.notActed > 0 ? t(locale, 'measures.digest.notActed', { count: owners.notActed }) : '',
    unreachable: unreachableCount > 0 ? t(locale, 'measures.digest.unreachable', { count: unreachableCount }) : '',
    risks:
      risks.late + risks.unreachable > 0
        ? t(locale, 'measures.digest.risks', { late: risks.late, unreachable: risks.unreachable })
        : '',
    incidents: [
      ...lateShown.map((incident) => ({ number: incident.number, line: line(incident) })),
      ...unreachableShown.map(({ number, count }) => ({
        number,
        line: t(locale, 'measures.digest.lineUnreachable', { number, count }),
      })),
    ],
    more: hidden > 0 ? t(locale, 'incidents.digest.more', { count: hidden }) : '',
    openTitle: t(locale, 'incidents.digest.open'),
    openListTitle: t(locale, 'incidents.digest.openList'),
  });
}

/**
 * Every Monday at 08:00: tells the coordinator (channel, or else each coordinator's chat) which
 * open incidents have remedial measures past their due date (P1), once per week even with several
 * instances; nothing when none is late. After downtime, the late digest comes once.
 */
export function measuresDigestHandler(deps: MeasuresDigestDeps): JobHandler {
  return async (job, context) => {
    const from = new Date(Math.max(new Date(job.dueAt).getTime(), context.now.getTime()));
    const next = [nextMeasuresDigestJob(from)];
    const open = await deps.incidents.listOpen();
    const late = overdueMeasures(open, context.now);
    const risks = riskMeasuresNotActing((await deps.riskMeasures?.()) ?? [], context.now);
    const owners = ownersNotActing(open, context.now, risks.lateOwners);
    if (late.length === 0 && owners.unreachable.length === 0 && risks.late + risks.unreachable === 0)
      return { outcome: 'no measures past their due date', next };
    const targets = await coordinatorTargets(deps.conversations, deps.roles);
    if (targets.length === 0) {
      deps.logger.error('no coordinator channel or chat for the measures digest; register the coordinator channel');
      return { outcome: 'no coordinator to tell', next };
    }
    let sent = 0;
    for (const target of targets) {
      await context.deliverOnce(`${job.id}|${target.conversationId}`, async () => {
        const delivery: Delivery = await deps.notifier.send(
          target,
          digestCard(late, owners, risks, chatLocale(target)),
        );
        if (delivery === 'sent') sent++;
        return delivery;
      });
    }
    return { outcome: `${late.length} incident(s) and ${risks.late} risk measure(s) late, told ${sent}`, next };
  };
}
