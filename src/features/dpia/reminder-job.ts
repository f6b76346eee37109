import type { Notifier } from '../../platform/notifier';
import { t, type Locale } from '../../i18n';
import type { Logger } from '../../logger';
import { chatLocale, type ConversationRepository } from '../access/conversations';
import { formatDate } from '../incidents/deadlines';
import type { Job } from '../../platform/scheduler/jobs';
import type { JobHandler } from '../../platform/scheduler/scheduler';
import { screeningNoticeCard } from './cards';
import { onlyLatest, type LatestScreeningOf } from './latest';
import type { Screening } from './model';
import type { ScreeningRepository } from './repository';

/** The job kind that reminds system owners of unanswered DPIA screenings. */
export const SCREENING_SWEEP = 'dpia.reminder-sweep';
const SWEEP_MS = 60 * 60_000;
const DAY_MS = 24 * 60 * 60_000;

/** The next sweep after `after`, on an hour boundary so every instance names the same job. */
export function nextScreeningSweep(after: Date): Job {
  const slot = new Date(Math.floor(after.getTime() / SWEEP_MS) * SWEEP_MS + SWEEP_MS).toISOString();
  return { id: `${SCREENING_SWEEP}:${slot}`, kind: SCREENING_SWEEP, dueAt: slot, payload: {} };
}

/**
 * Which reminder is due for a screening: the n-th after n whole periods of `days` without an answer
 * (0 = none yet). One reminder per period, so an owner is not reminded every hour.
 *
 * @remarks P5: the documented decision is required for every new system; the reminder keeps it from
 * being forgotten.
 */
export const reminderNumber = (screening: Screening, now: Date, days: number): number =>
  screening.answer
    ? 0
    : Math.max(0, Math.floor((now.getTime() - new Date(screening.requestedAt).getTime()) / (days * DAY_MS)));

function reminderCard(screening: Screening, locale: Locale) {
  return screeningNoticeCard(
    t(locale, 'dpia.notify.reminderHeading', { system: screening.systemName }),
    t(locale, 'dpia.notify.reminderBody', { date: formatDate(screening.requestedAt, locale) }),
    t(locale, 'dpia.notify.open'),
    screening.id,
  );
}

/**
 * Every hour: reminds owners in their personal chat of screenings unanswered for `days` days, once per
 * period — only of each system's newest screening.
 */
export function screeningSweepHandler(deps: {
  screenings: ScreeningRepository;
  latestScreeningOf: LatestScreeningOf;
  conversations: ConversationRepository;
  notifier: Notifier;
  logger: Logger;
  reminderDays: number;
}): JobHandler {
  return async (_job, context) => {
    // A replaced screening cannot be answered any more: reminding of it would only confuse the owner.
    const pending = await onlyLatest(await deps.screenings.listPending(1000), deps.latestScreeningOf);
    let reminded = 0;
    for (const screening of pending) {
      const n = reminderNumber(screening, context.now, deps.reminderDays);
      if (n === 0) continue;
      await context.deliverOnce(`dpia-reminder|${screening.id}|${n}`, async () => {
        const chat = await deps.conversations.personalChatOf(screening.ownerId);
        if (!chat) {
          deps.logger.warn({ screening: screening.id }, 'system owner has no personal chat; reminder skipped');
          return 'skipped';
        }
        reminded++;
        return deps.notifier.send(chat, reminderCard(screening, chatLocale(chat)));
      });
    }
    return { outcome: `checked ${pending.length}, reminded ${reminded}`, next: [nextScreeningSweep(context.now)] };
  };
}
