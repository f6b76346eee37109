import type { AdaptiveCard } from '../../platform/cards';
import type { Delivery, Notifier } from '../../platform/notifier';
import { t, type Locale } from '../../i18n';
import type { Logger } from '../../logger';
import {
  chatLocale,
  type ChannelPurpose,
  type ConversationRepository,
  type StoredConversation,
} from '../access/conversations';
import type { RoleRepository } from '../access/roles';
import type { Job } from '../../platform/scheduler/jobs';
import type { JobContext, JobHandler } from '../../platform/scheduler/scheduler';
import { nextQuarterlyReviewAt, type DueTimeOptions } from './calendar';
import { reviewCard } from './cards';
import { quarterOf, type QuarterlyReview } from './model';
import type { ReviewService } from './service';

/** The job kind that posts the quarterly review (P6). */
export const QUARTERLY_REVIEW = 'reviews.quarterly';
/** The job kind that reminds again while a review is not recorded as held. */
export const REVIEW_REMINDER = 'reviews.reminder';

const DAY = 86_400_000;

/** When reviews fall due and how often an unrecorded one is reminded. */
export interface ReviewSchedule extends DueTimeOptions {
  reminderDays: number;
}

/** The next quarterly review job after `after`; its id is the due time, so every instance names the same job. */
export function nextQuarterlyReviewJob(after: Date, schedule: ReviewSchedule): Job {
  const dueAt = nextQuarterlyReviewAt(after, schedule).toISOString();
  return { id: `${QUARTERLY_REVIEW}:${dueAt}`, kind: QUARTERLY_REVIEW, dueAt, payload: {} };
}

const reminderJob = (quarter: string, n: number, dueAt: Date): Job => ({
  id: `${REVIEW_REMINDER}:${quarter}:${n}`,
  kind: REVIEW_REMINDER,
  dueAt: dueAt.toISOString(),
  payload: { quarter, n },
});

/** The review's user MRIs for the personal view: coordinators and the management group (≤ 60). */
export async function reviewUserIds(roles: RoleRepository): Promise<string[]> {
  const [coordinators, management] = await Promise.all([roles.holders('coordinator'), roles.holders('management')]);
  return [...new Set([...coordinators, ...management])].slice(0, 60).map((id) => `8:orgid:${id}`);
}

export interface ReviewJobDeps {
  reviews: ReviewService;
  conversations: ConversationRepository;
  roles: RoleRepository;
  notifier: Notifier;
  logger: Logger;
  schedule: ReviewSchedule;
}

/** Where a review card goes: the coordinator channel (or the coordinators' chats) and the management channel. */
async function targets(deps: ReviewJobDeps): Promise<{ key: ChannelPurpose | string; to: StoredConversation }[]> {
  const found: { key: string; to: StoredConversation }[] = [];
  const coordinator = await deps.conversations.channelFor('coordinator');
  if (coordinator) found.push({ key: 'coordinator', to: coordinator });
  else {
    for (const id of await deps.roles.holders('coordinator')) {
      const chat = await deps.conversations.personalChatOf(id);
      if (chat) found.push({ key: `coordinator:${id}`, to: chat });
    }
  }
  const management = await deps.conversations.channelFor('management');
  if (management) found.push({ key: 'management', to: management });
  else deps.logger.warn('no management channel registered; the quarterly review goes to the coordinator only');
  return found;
}

/**
 * Sends the review card to each target once per job (deliverOnce per conversation; at least once): in
 * Danish to a channel, in a coordinator's own language to their chat.
 */
async function post(
  deps: ReviewJobDeps,
  job: Job,
  context: JobContext,
  card: (locale: Locale) => Promise<AdaptiveCard>,
): Promise<number> {
  let sent = 0;
  for (const target of await targets(deps)) {
    await context.deliverOnce(`${job.id}|${target.key}`, async () => {
      const delivery: Delivery = await deps.notifier.send(target.to, await card(chatLocale(target.to)));
      if (delivery === 'sent') sent++;
      return delivery;
    });
  }
  return sent;
}

/** The review card as a target's language has it; the counts are read once per job. */
function cards(deps: ReviewJobDeps, review: QuarterlyReview, notices: (locale: Locale) => string[], now: Date) {
  // Read when the first target needs it (not at all when there is none), then shared.
  let counts: Promise<[Awaited<ReturnType<ReviewService['summary']>>, string[]]> | undefined;
  return async (locale: Locale) => {
    counts ??= Promise.all([deps.reviews.summary(), reviewUserIds(deps.roles)]);
    const [summary, userIds] = await counts;
    const notice = notices(locale).filter(Boolean).join(' ');
    return reviewCard(locale, review, summary, { canRecord: false, notice, userIds, now });
  };
}

/**
 * At the first working day of each quarter: posts what is due to the coordinator and the
 * management channel (P6), once per channel even with several instances, and schedules the
 * reminder and the next quarter. A job found overdue at start runs once and says it is late.
 */
export function quarterlyReviewHandler(deps: ReviewJobDeps): JobHandler {
  return async (job, context) => {
    const dueAt = new Date(job.dueAt);
    const quarter = quarterOf(dueAt);
    const review = await deps.reviews.ensure(quarter, dueAt);
    const next: Job[] = [nextQuarterlyReviewJob(dueAt, deps.schedule)];
    if (review.doneAt) return { outcome: `${quarter} already recorded`, next };
    const notices = (locale: Locale) => [context.late ? t(locale, 'reviews.card.late') : ''];
    const sent = await post(deps, job, context, cards(deps, review, notices, context.now));
    const from = Math.max(dueAt.getTime(), context.now.getTime());
    next.push(reminderJob(quarter, 1, new Date(from + deps.schedule.reminderDays * DAY)));
    return { outcome: `${quarter} posted to ${sent}`, next };
  };
}

/** Reminds again every `reminderDays` while the quarter's review is not recorded as held (until the next quarter). */
export function reviewReminderHandler(deps: ReviewJobDeps): JobHandler {
  return async (job, context) => {
    const quarter = String(job.payload.quarter ?? '');
    const n = Number(job.payload.n ?? 1);
    const review = await deps.reviews.get(quarter).catch(() => undefined);
    if (!review || review.doneAt) return { outcome: `${quarter} recorded; no reminder` };
    const notices = (locale: Locale) => [
      t(locale, 'reviews.card.reminder'),
      context.late ? t(locale, 'reviews.card.late') : '',
    ];
    const sent = await post(deps, job, context, cards(deps, review, notices, context.now));
    // After downtime, count from now: one late reminder, not a burst of missed ones.
    const from = Math.max(new Date(job.dueAt).getTime(), context.now.getTime());
    const following = new Date(from + deps.schedule.reminderDays * DAY);
    const nextQuarter = nextQuarterlyReviewAt(new Date(review.dueAt), deps.schedule);
    return {
      outcome: `${quarter} reminder ${n} to ${sent}`,
      next: following < nextQuarter ? [reminderJob(quarter, n + 1, following)] : [],
    };
  };
}
