import type { IncidentListItem } from './list-item';
import { gdprAwareness, nis2Awareness } from './awareness';
import { gdprDeadline, nis2Deadlines, type Nis2Deadlines } from './deadlines';
import { nis2Steps, type Nis2Step } from './model';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

/** One reminder an incident is owed: what it is about, when it falls due, and the deadline it warns of. */
export interface DeadlineReminder {
  /** Stable key: the incident, the awareness time it was computed from, and the mark. */
  key: string;
  kind: 'gdpr' | 'nis2EarlyWarning' | 'nis2Notification' | 'nis2FinalReport';
  at: Date;
  deadline: Date;
  /** Past the deadline with nothing recorded: repeated daily until it is (P3). */
  overdue: boolean;
}

/** The kinds of reminder, one per deadline. */
export const reminderKinds = ['gdpr', 'nis2EarlyWarning', 'nis2Notification', 'nis2FinalReport'] as const;

/** What the reminder rules read of an incident (a list row carries all of it). */
export type ReminderSource = Pick<
  IncidentListItem,
  | 'number'
  | 'reportedAt'
  | 'awarenessAt'
  | 'nis2AwarenessAt'
  | 'isBreach'
  | 'breachDecided'
  | 'nis2Significant'
  | 'nis2SentAt'
  | 'nis2ProgressAt'
  | 'handledAt'
>;

/** The NIS2 deadlines of a list row: awareness, the notification sent, a progress report and the handling (P3). */
function rowNis2Deadlines(incident: ReminderSource): Nis2Deadlines {
  const sent = incident.nis2SentAt ?? {};
  const at = (iso: string | undefined) => (iso ? new Date(iso) : undefined);
  return nis2Deadlines(nis2Awareness(incident), at(sent.notification), {
    progressReportAt: at(incident.nis2ProgressAt),
    handledAt: at(incident.handledAt),
  });
}

/**
 * The deadlines an incident has passed with nothing recorded at `now` (P3): the GDPR notification
 * decision and each NIS2 report not recorded as sent. The quarterly review lists them (P6).
 */
export function overdueDeadlines(
  incident: ReminderSource,
  now: Date,
): { kind: DeadlineReminder['kind']; deadline: Date }[] {
  const found: { kind: DeadlineReminder['kind']; deadline: Date }[] = [];
  if (incident.isBreach && !incident.breachDecided) {
    const deadline = gdprDeadline(gdprAwareness(incident));
    if (deadline <= now) found.push({ kind: 'gdpr', deadline });
  }
  if (incident.nis2Significant) {
    const sent = incident.nis2SentAt ?? {};
    const deadlines = rowNis2Deadlines(incident);
    for (const step of nis2Steps) {
      const deadline = deadlines[step];
      if (!sent[step] && deadline && deadline <= now) found.push({ kind: nis2Marks[step].kind, deadline });
    }
  }
  return found;
}

/**
 * The daily reminder after a passed deadline that is latest at `now`: at the deadline, then every
 * 24 hours (only the latest is made: the ones before it were sent or are superseded).
 */
function overdueReminder(
  key: (mark: string) => string,
  mark: string,
  kind: DeadlineReminder['kind'],
  deadline: Date,
  now: Date,
): DeadlineReminder | undefined {
  if (now < deadline) return undefined;
  const days = Math.floor((now.getTime() - deadline.getTime()) / DAY);
  if (days === 0) return undefined; // the reminder at the deadline itself is the step's own
  return {
    key: key(`${mark}-overdue${days}`),
    kind,
    at: new Date(deadline.getTime() + days * DAY),
    deadline,
    overdue: true,
  };
}

/** Each NIS2 step's reminder: its mark in the key (as stored by deliveries), its kind, and how early it comes. */
const nis2Marks: Record<Nis2Step, { mark: string; kind: DeadlineReminder['kind']; hoursBefore: number }> = {
  earlyWarning: { mark: 'nis2early', kind: 'nis2EarlyWarning', hoursBefore: 4 },
  notification: { mark: 'nis2notification', kind: 'nis2Notification', hoursBefore: 6 },
  finalReport: { mark: 'nis2final', kind: 'nis2FinalReport', hoursBefore: 72 },
};

/**
 * The deadline reminders an open incident is owed at `now` (P3): for an undecided personal-data
 * breach at 24, 48 and 66 hours after awareness and at the deadline; for a NIS2 significant
 * incident 4 hours before the early warning, 6 hours before the notification and 3 days before
 * the final report, each until that report is recorded as sent. Once a deadline has passed with
 * nothing recorded, at the deadline and then every 24 hours, marked overdue, until it is recorded.
 *
 * @remarks When several marks have passed (the bot was down), only the latest is returned with
 * `superseded` listing the others (per kind), so the coordinator gets one reminder, not a burst. A corrected
 * awareness time gives new keys, so reminders follow the correction.
 */
export function dueReminders(
  incident: ReminderSource,
  now: Date,
): { due: DeadlineReminder[]; superseded: DeadlineReminder[] } {
  const all: DeadlineReminder[] = [];
  if (incident.isBreach && !incident.breachDecided) {
    const awareness = gdprAwareness(incident);
    const key = (mark: string) => `${incident.number}|${awareness.toISOString()}|${mark}`;
    const deadline = gdprDeadline(awareness);
    for (const hours of [24, 48, 66, 72]) {
      const at = new Date(awareness.getTime() + hours * HOUR);
      all.push({ key: key(`gdpr${hours}`), kind: 'gdpr', at, deadline, overdue: hours === 72 });
    }
    const daily = overdueReminder(key, 'gdpr', 'gdpr', deadline, now);
    if (daily) all.push(daily);
  }
  if (incident.nis2Significant) {
    const awareness = nis2Awareness(incident);
    const key = (mark: string) => `${incident.number}|${awareness.toISOString()}|${mark}`;
    const sent = incident.nis2SentAt ?? {};
    const deadlines = rowNis2Deadlines(incident);
    for (const step of nis2Steps) {
      const deadline = deadlines[step];
      // No deadline: a progress report stands in for the final report until the incident is handled.
      if (sent[step] || !deadline) continue;
      const { kind, hoursBefore } = nis2Marks[step];
      // A final report moved by a progress report has reminders of its own, counted from the handling.
      const mark =
        step === 'finalReport' && incident.nis2ProgressAt
          ? `${nis2Marks[step].mark}-handled${incident.handledAt ?? ''}`
          : nis2Marks[step].mark;
      all.push({
        key: key(mark),
        kind,
        at: new Date(deadline.getTime() - hoursBefore * HOUR),
        deadline,
        overdue: false,
      });
      // At the deadline itself, then daily: a NIS2 step no longer goes quiet after one reminder.
      all.push({ key: key(`${mark}-deadline`), kind, at: deadline, deadline, overdue: true });
      const daily = overdueReminder(key, mark, kind, deadline, now);
      if (daily) all.push(daily);
    }
  }
  const due: DeadlineReminder[] = [];
  const superseded: DeadlineReminder[] = [];
  for (const kind of reminderKinds) {
    const passed = all.filter((reminder) => reminder.kind === kind && reminder.at <= now);
    if (passed.length === 0) continue;
    due.push(passed[passed.length - 1]);
    superseded.push(...passed.slice(0, -1));
  }
  return { due, superseded };
}
