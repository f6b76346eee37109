import type { AdaptiveCard } from '../../platform/cards';
import { expandCard } from '../../platform/cards';
import type { Delivery, Notifier } from '../../platform/notifier';
import { t, type Locale } from '../../i18n';
import type { Logger } from '../../logger';
import { chatLocale, type ConversationRepository, type StoredConversation } from '../access/conversations';
import { dpoRecipients } from '../access/dpo';
import type { RoleRepository } from '../access/roles';
import type { Job } from '../../platform/scheduler/jobs';
import type { JobHandler } from '../../platform/scheduler/scheduler';
import { formatLocal, hoursLeft, timeApart } from './deadlines';
import type { DeadlineReminder } from './reminders';
import { dueReminders } from './reminders';
import type { IncidentRepository } from './repository';

/** What the incident jobs (deadline sweep, notice retry) work with. */
export interface IncidentJobDeps {
  incidents: IncidentRepository;
  conversations: ConversationRepository;
  roles: RoleRepository;
  notifier: Notifier;
  logger: Logger;
}

/** The job kind that checks open incidents for deadline reminders. */
export const DEADLINE_SWEEP = 'incidents.deadline-sweep';
const SWEEP_MS = 10 * 60_000;

/** The next sweep after `after`, on a ten-minute boundary so every instance names the same job. */
export function nextDeadlineSweep(after: Date): Job {
  const slot = new Date(Math.floor(after.getTime() / SWEEP_MS) * SWEEP_MS + SWEEP_MS).toISOString();
  return { id: `${DEADLINE_SWEEP}:${slot}`, kind: DEADLINE_SWEEP, dueAt: slot, payload: {} };
}

function reminderCard(
  reminder: DeadlineReminder,
  number: string,
  now: Date,
  locale: Locale,
  forDpo: boolean,
): AdaptiveCard {
  const left = hoursLeft(reminder.deadline, now);
  const late = now.getTime() - reminder.at.getTime() > 15 * 60_000;
  return expandCard('incidents/reminder', {
    heading: t(locale, `incidents.reminder.headings.${reminder.kind}`, { number }),
    deadline: t(locale, 'incidents.reminder.deadline', { deadline: formatLocal(reminder.deadline, locale) }),
    left:
      left >= 0
        ? t(locale, 'incidents.reminder.left', timeApart(reminder.deadline, now))
        : t(locale, 'incidents.reminder.passed', timeApart(reminder.deadline, now)),
    late: late ? t(locale, 'incidents.reminder.late') : '',
    overdue: reminder.overdue && now >= reminder.deadline ? t(locale, 'incidents.reminder.overdue') : '',
    openTitle: t(locale, 'incidents.notice.open'),
    number,
    forDpo,
  });
}

/** Where the coordinator is reminded: the coordinator channel, or else each coordinator's personal chat. */
export async function coordinatorTargets(
  conversations: ConversationRepository,
  roles: RoleRepository,
): Promise<StoredConversation[]> {
  const channel = await conversations.channelFor('coordinator');
  if (channel) return [channel];
  const chats = await Promise.all((await roles.holders('coordinator')).map((id) => conversations.personalChatOf(id)));
  return chats.filter((chat): chat is StoredConversation => chat !== undefined);
}

/** One place a deadline reminder goes, and whether its reader is the DPO (who opens the read-only view). */
export interface ReminderRecipient {
  conversation: StoredConversation;
  forDpo: boolean;
}

/**
 * Who is reminded of a deadline (P3): the coordinator (their channel, or each coordinator's own
 * chat); once the GDPR deadline has passed with no decision, also every data protection officer.
 *
 * @remarks The one place that names the recipients of deadline reminders. GDPR art. 38–39: the DPO
 * is told of each breach at once (`dpo-notice.ts`) and, when the 72 hours pass without a decision,
 * reminded daily with the coordinator until it is recorded (#16 item 5).
 */
export async function reminderRecipients(
  deps: Pick<IncidentJobDeps, 'conversations' | 'roles'>,
  reminder: DeadlineReminder,
): Promise<ReminderRecipient[]> {
  const coordinators = (await coordinatorTargets(deps.conversations, deps.roles)).map((conversation) => ({
    conversation,
    forDpo: false,
  }));
  if (reminder.kind !== 'gdpr' || !reminder.overdue) return coordinators;
  const dpos = await dpoRecipients({ roles: deps.roles, conversations: deps.conversations });
  return [...coordinators, ...dpos.map((conversation) => ({ conversation, forDpo: true }))];
}

/**
 * Every ten minutes: reminds the coordinator of GDPR and NIS2 deadlines of open incidents (P3),
 * each reminder once (recorded per incident, awareness time and mark; at least once after a crash), until the breach
 * decision or that NIS2 report is recorded, or the incident is closed; past a deadline, daily.
 */
export function deadlineSweepHandler(deps: IncidentJobDeps): JobHandler {
  return async (_job, context) => {
    const open = await deps.incidents.listOpen();
    let sent = 0;
    for (const incident of open) {
      const { due, superseded } = dueReminders(incident, context.now);
      for (const reminder of superseded) await context.deliverOnce(reminder.key, async () => 'skipped');
      for (const reminder of due) {
        await context.deliverOnce(reminder.key, async () => {
          const targets = await reminderRecipients(deps, reminder);
          if (targets.length === 0) {
            deps.logger.error(
              { incident: incident.number },
              'no coordinator channel or chat to remind; register the coordinator channel',
            );
            return 'skipped';
          }
          const outcomes: Delivery[] = [];
          for (const { conversation, forDpo } of targets) {
            // A channel is written to in Danish; a person's own chat in their language.
            const card = reminderCard(reminder, incident.number, context.now, chatLocale(conversation), forDpo);
            outcomes.push(await deps.notifier.send(conversation, card));
          }
          sent++;
          return outcomes.includes('sent') ? 'sent' : outcomes.includes('failed') ? 'failed' : 'gone';
        });
      }
    }
    return { outcome: `checked ${open.length}, reminded ${sent}`, next: [nextDeadlineSweep(context.now)] };
  };
}
