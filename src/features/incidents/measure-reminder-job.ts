import type { Delivery, Notifier } from '../../platform/notifier';
import { danishToday } from '../../clock';
import type { Logger } from '../../logger';
import { chatLocale, type ConversationRepository } from '../access/conversations';
import type { Job } from '../../platform/scheduler/jobs';
import { nextLocalTime } from '../../platform/scheduler/local-time';
import type { JobHandler } from '../../platform/scheduler/scheduler';
import { taskCard, tasksCard } from './measure-cards';
import { ownerReminderToday } from './measure-owner';
import { byDue, parentRef, type MeasureStore, type OpenMeasure } from '../measures/parent';

/** The job kind that reminds measure owners in their personal chats (#20). */
export const MEASURE_OWNER_REMINDERS = 'incidents.measure-owner-reminders';

/** Every morning at 08:30 Danish time, after the coordinator's Monday digest. */
const HOUR = 8;

export function nextMeasureOwnerReminders(after: Date): Job {
  const at = nextLocalTime(after, HOUR);
  const dueAt = new Date(at.getTime() + 30 * 60_000).toISOString();
  return { id: `${MEASURE_OWNER_REMINDERS}:${dueAt}`, kind: MEASURE_OWNER_REMINDERS, dueAt, payload: {} };
}

export interface MeasureReminderDeps {
  /** Where measures are kept: the incident log's, and the risk register's treatment measures (#19). */
  stores: Pick<MeasureStore, 'open' | 'recordNotice'>[];
  conversations: ConversationRepository;
  notifier: Notifier;
  logger: Logger;
}

/** At most this many measures not yet sent are sent to one owner in one morning (the rest the next). */
const CATCH_UP_PER_OWNER = 5;

interface OwnerWork {
  remind: OpenMeasure[];
  unsent: { store: number; row: OpenMeasure }[];
}

/**
 * Per owner: the measures to remind of today, and those never delivered (the owner was unreachable),
 * incidents' and risks' alike (`open[i]` from store `i`), earliest due first.
 */
export function ownerWork(open: OpenMeasure[][], today: string): Map<string, OwnerWork> {
  const work = new Map<string, OwnerWork>();
  open.forEach((rows, store) => {
    for (const row of [...rows].sort(byDue)) {
      const { measure } = row;
      if (!measure.ownerId) continue;
      const mine = work.get(measure.ownerId) ?? { remind: [], unsent: [] };
      if (measure.unreachableAt) mine.unsent.push({ store, row });
      else if (ownerReminderToday(measure, today)) mine.remind.push(row);
      else continue;
      work.set(measure.ownerId, mine);
    }
  });
  for (const mine of work.values()) mine.remind.sort(byDue);
  return work;
}

/**
 * Every morning: each owner with a measure due in two days, a day past its due date or another week
 * past it gets one reminder listing them (one message per owner per day at most, #20); a measure
 * whose owner could not be reached is sent again once the owner has a chat with the bot, and the
 * flag is cleared. Owners still unreachable stay flagged for the coordinator (card and digest).
 *
 * @remarks Sends pass the notifier's send budget (Teams' limits); each owner's message is delivered
 * once per day even with several instances (`deliverOnce`).
 */
export function measureOwnerRemindersHandler(deps: MeasureReminderDeps): JobHandler {
  return async (job, context) => {
    const from = new Date(Math.max(new Date(job.dueAt).getTime(), context.now.getTime()));
    const next = [nextMeasureOwnerReminders(from)];
    const today = danishToday(context.now);
    const work = ownerWork(await Promise.all(deps.stores.map((store) => store.open())), today);
    let reminded = 0;
    let unreachable = 0;
    for (const [ownerId, { remind, unsent }] of work) {
      const chat = await deps.conversations.personalChatOf(ownerId);
      if (!chat) {
        unreachable++;
        continue;
      }
      const locale = chatLocale(chat);
      if (remind.length > 0)
        await context.deliverOnce(`${job.id}|${ownerId}`, async () => {
          const delivery: Delivery = await deps.notifier.send(chat, tasksCard(locale, remind, today, 'reminder'));
          if (delivery === 'sent') reminded++;
          return delivery;
        });
      for (const { store, row } of unsent.slice(0, CATCH_UP_PER_OWNER)) {
        const { parent, measure } = row;
        const ref = parentRef(parent);
        // An incident's key as before (#20); a risk's carries its kind, so the two never meet.
        const key = parent.kind === 'incident' ? ref : `risk:${ref}`;
        await context.deliverOnce(`${job.id}|${ownerId}|${key}|${measure.id}`, async () => {
          const full = { ...measure, done: false };
          const delivery = await deps.notifier.send(chat, taskCard(locale, parent, full, today, { unasked: true }));
          if (delivery === 'sent') await deps.stores[store]!.recordNotice(ref, measure.id, true);
          return delivery;
        });
      }
    }
    if (unreachable > 0)
      deps.logger.warn({ owners: unreachable }, 'measure owners without a personal chat with the bot');
    return { outcome: `reminded ${reminded} owner(s); ${unreachable} unreachable`, next };
  };
}
