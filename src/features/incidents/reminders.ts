import type { IncidentListItem } from './list-item';
import { gdprDeadline, nis2Deadlines } from './deadlines';

const HOUR = 3_600_000;

/** One reminder an incident is owed: what it is about, when it falls due, and the deadline it warns of. */
export interface DeadlineReminder {
  /** Stable key: the incident, the awareness time it was computed from, and the mark. */
  key: string;
  kind: 'gdpr' | 'nis2EarlyWarning' | 'nis2Notification' | 'nis2FinalReport';
  at: Date;
  deadline: Date;
}

/**
 * The deadline reminders an open incident is owed at `now` (P3): for an undecided personal-data
 * breach at 24, 48 and 66 hours after awareness and at the deadline; for a NIS2 significant
 * incident 4 hours before the early warning, 6 hours before the notification and 3 days before
 * the final report.
 *
 * @remarks When several marks have passed (the bot was down), only the latest is returned with
 * `superseded` listing the others (per kind), so the coordinator gets one reminder, not a burst. A corrected
 * awareness time gives new keys, so reminders follow the correction.
 */
export function dueReminders(
  incident: Pick<
    IncidentListItem,
    'number' | 'reportedAt' | 'awarenessAt' | 'isBreach' | 'breachDecided' | 'nis2Significant'
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
    const nis2 = nis2Deadlines(awareness);
    all.push({
      key: key('nis2early'),
      kind: 'nis2EarlyWarning',
      at: new Date(nis2.earlyWarning.getTime() - 4 * HOUR),
      deadline: nis2.earlyWarning,
    });
    all.push({
      key: key('nis2notification'),
      kind: 'nis2Notification',
      at: new Date(nis2.notification.getTime() - 6 * HOUR),
      deadline: nis2.notification,
    });
    all.push({
      key: key('nis2final'),
      kind: 'nis2FinalReport',
      at: new Date(nis2.finalReport.getTime() - 72 * HOUR),
      deadline: nis2.finalReport,
    });
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
