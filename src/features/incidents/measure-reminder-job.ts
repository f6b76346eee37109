import type { Delivery, Notifier } from '../../platform/notifier';
import { danishToday } from '../../clock';
import type { Logger } from '../../logger';
import { chatLocale, type ConversationRepository } from '../access/conversations';
import type { Job } from '../../platform/scheduler/jobs';
import { nextLocalTime } from '../../platform/scheduler/local-time';
import type { JobHandler } from '../../platform/scheduler/scheduler';
import type { IncidentListItem } from './list-item';
import { taskCard, tasksCard, type TaskRow } from './measure-cards';
import { ownerReminderToday } from './measure-owner';
import type { IncidentRepository } from './repository';
import type { IncidentService } from './service';

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
  incidents: IncidentRepository;
  service: Pick<IncidentService, 'recordMeasureNotice'>;
  conversations: ConversationRepository;
  notifier: Notifier;
  logger: Logger;
}

/** At most this many measures not yet sent are sent to one owner in one morning (the rest the next). */
const CATCH_UP_PER_OWNER = 5;

interface OwnerWork {
  remind: TaskRow[];
  unsent: TaskRow[];
}

/** Per owner: the measures to remind of today, and those never delivered (the owner was unreachable). */
export function ownerWork(open: IncidentListItem[], today: string): Map<string, OwnerWork> {
  const work = new Map<string, OwnerWork>();
  for (const incident of open)
    for (const measure of incident.openMeasures) {
      if (!measure.ownerId) continue;
      const row = { number: incident.number, measure };
      const mine = work.get(measure.ownerId) ?? { remind: [], unsent: [] };
      if (measure.unreachableAt) mine.unsent.push(row);
      else if (ownerReminderToday(measure, today)) mine.remind.push(row);
      else continue;
      work.set(measure.ownerId, mine);
    }
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
    const work = ownerWork(await deps.incidents.listOpen(), today);
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
      for (const { number, measure } of unsent.slice(0, CATCH_UP_PER_OWNER))
        await context.deliverOnce(`${job.id}|${ownerId}|${number}|${measure.id}`, async () => {
          const full = { owner: '', ...measure, done: false };
          const delivery = await deps.notifier.send(chat, taskCard(locale, number, full, today, { unasked: true }));
          if (delivery === 'sent') await deps.service.recordMeasureNotice(bot, number, measure.id, true);
          return delivery;
        });
    }
    if (unreachable > 0)
      deps.logger.warn({ owners: unreachable }, 'measure owners without a personal chat with the bot');
    return { outcome: `reminded ${reminded} owner(s); ${unreachable} unreachable`, next };
  };
}

/** Who writes a delivery into an incident's history when the job sends it. */
const bot = { userId: 'sikkerhedsbot', name: 'Sikkerhedsbot' };
