import type { IncidentListItem } from './list-item';
import { gdprDeadline, nis2Deadlines } from './deadlines';
import { nis2Steps, type Nis2Step } from './model';

const HOUR = 3_600_000;

/** One reminder an incident is owed: what it is about, when it falls due, and the deadline it warns of. */
export interface DeadlineReminder {
  /** Stable key: the incident, the awareness time it was computed from, and the mark. */
  key: string;
  kind: 'gdpr' | 'nis2EarlyWarning' | 'nis2Notification' | 'nis2FinalReport';
  at: Date;
  deadline: Date;
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
 * the final report, each until that report is recorded as sent.
 *
 * @remarks When several marks have passed (the bot was down), only the latest is returned with
 * `superseded` listing the others (per kind), so the coordinator gets one reminder, not a burst. A corrected
 * awareness time gives new keys, so reminders follow the correction.
 */
export function dueReminders(
  incident: Pick<
    IncidentListItem,
    'number' | 'reportedAt' | 'awarenessAt' | 'isBreach' | 'breachDecided' | 'nis2Significant' | 'nis2SentAt'
  >,
  now: Date,
): { due: DeadlineReminder[]; superseded: DeadlineReminder[] } {
  const awareness = new Date(incident.awarenessAt ?? incident.reportedAt);
  const all: DeadlineReminder[] = [];
  const key = (mark: string) => `${incident.number}|${awareness.toISOString()}|${mark}`;
  if (incident.isBreach && !incident.breachDecided) {
    const deadline = gdprDeadline(awareness);
    for (const hours of [24, 48, 66, 72]) {
      all.push({ key: key(`gdpr${hours}`), kind: 'gdpr', at: new Date(awareness.getTime() + hours * HOUR), deadline });
    }
  }
  if (incident.nis2Significant) {
    const sent = incident.nis2SentAt ?? {};
    const deadlines = nis2Deadlines(awareness, sent.notification ? new Date(sent.notification) : undefined);
    for (const step of nis2Steps) {
      if (sent[step]) continue;
      const { mark, kind, hoursBefore } = nis2Marks[step];
      const deadline = deadlines[step];
      all.push({ key: key(mark), kind, at: new Date(deadline.getTime() - hoursBefore * HOUR), deadline });
    }
  }
  const due: DeadlineReminder[] = [];
  const superseded: DeadlineReminder[] = [];
  for (const kind of ['gdpr', 'nis2EarlyWarning', 'nis2Notification', 'nis2FinalReport'] as const) {
    const passed = all.filter((reminder) => reminder.kind === kind && reminder.at <= now);
    if (passed.length === 0) continue;
    due.push(passed[passed.length - 1]);
    superseded.push(...passed.slice(0, -1));
  }
  return { due, superseded };
}
