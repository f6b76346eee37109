import { formatLocal, nis2Deadlines } from '../../src/features/incidents/deadlines';
import { handledAtOf, isHandled } from '../../src/features/incidents/handled';
import { dueReminders, overdueDeadlines } from '../../src/features/incidents/reminders';
import { overdueNotifications } from '../../src/features/reviews/model';
import type { IncidentListItem } from '../../src/features/incidents/list-item';

/**
 * NIS2 art. 23(4)(e) and the Danish NIS2 law: when the incident is still ongoing as the final
 * report falls due, a progress report (statusrapport) is sent then, and the final report is due one
 * month after the incident has been handled (resolved or closed). #16.
 */
const awareness = new Date('2026-11-02T09:00:00Z'); // 02.11.2026 10:00 Danish time
const notified = new Date('2026-11-04T09:00:00Z'); // the incident notification, in time
const progress = new Date('2026-12-03T09:00:00Z'); // the statusrapport, as the final report fell due
const handled = new Date('2027-01-20T14:00:00Z'); // resolved 20.01.2027 15:00 Danish time

/** A NIS2 incident's list row as the sweep and the quarterly review read it. */
const row = (overrides: Partial<IncidentListItem> = {}): IncidentListItem =>
  ({
    number: 'HÆN-2026-0042',
    reportedAt: awareness.toISOString(),
    awarenessAt: awareness.toISOString(),
    isBreach: false,
    breachDecided: false,
    nis2Significant: true,
    nis2SentAt: { earlyWarning: awareness.toISOString(), notification: notified.toISOString() },
    ...overrides,
  }) as IncidentListItem;

const finalReminders = (source: IncidentListItem, now: Date) =>
  dueReminders(source, now).due.filter((reminder) => reminder.kind === 'nis2FinalReport');

describe('the final report after a progress report (NIS2 art. 23(4)(e))', () => {
  it('is due a month after the notification when no progress report was sent', () => {
    const deadlines = nis2Deadlines(awareness, notified);
    expect(formatLocal(deadlines.finalReport!, 'da')).toBe('04.12.2026 kl. 10:00');
  });

  it('has no deadline while the incident is ongoing after a progress report', () => {
    expect(nis2Deadlines(awareness, notified, { progressReportAt: progress }).finalReport).toBeUndefined();
  });

  it('is due one calendar month (Danish time) after the incident was handled', () => {
    const deadlines = nis2Deadlines(awareness, notified, { progressReportAt: progress, handledAt: handled });
    expect(formatLocal(deadlines.finalReport!, 'da')).toBe('20.02.2027 kl. 15:00');
    // Across the change to summer time the clock time stays: handled 20.03 10:00, due 20.04 10:00.
    const spring = nis2Deadlines(awareness, notified, {
      progressReportAt: progress,
      handledAt: new Date('2027-03-20T09:00:00Z'),
    });
    expect(formatLocal(spring.finalReport!, 'da')).toBe('20.04.2027 kl. 10:00');
  });

  it('counts resolved and closed as handled; contained and reopened are still ongoing', () => {
    expect(
      ['received', 'inProgress', 'contained', 'resolved', 'closed', 'notAnIncident'].map((s) => isHandled(s as never)),
    ).toEqual([false, false, false, true, true, false]);
    expect(handledAtOf({ state: 'inProgress', handledAt: handled.toISOString() })).toBeUndefined();
    // A record from before the handling time was kept: the closing time.
    expect(handledAtOf({ state: 'closed', closedAt: '2027-01-21T08:00:00.000Z' })).toBe('2027-01-21T08:00:00.000Z');
  });

  it('sends no final-report reminder and marks nothing overdue while the incident is ongoing after a progress report', () => {
    const ongoing = row({ nis2ProgressAt: progress.toISOString() });
    const weeksLater = new Date('2027-01-15T09:00:00Z');
    // Without the progress report the final report would be six weeks overdue, reminded daily.
    expect(finalReminders(row(), weeksLater).map((reminder) => reminder.overdue)).toEqual([true]);
    expect(overdueDeadlines(row(), weeksLater).map((found) => found.kind)).toEqual(['nis2FinalReport']);
    expect(finalReminders(ongoing, weeksLater)).toEqual([]);
    expect(overdueDeadlines(ongoing, weeksLater)).toEqual([]);
    expect(overdueNotifications([ongoing], weeksLater)).toEqual([]);
  });

  it('reminds three days before the moved deadline, then daily once it has passed, and the review lists it', () => {
    const resolved = row({ nis2ProgressAt: progress.toISOString(), handledAt: handled.toISOString() });
    expect(finalReminders(resolved, new Date('2027-02-17T13:00:00Z'))).toEqual([]);
    const [before] = finalReminders(resolved, new Date('2027-02-17T14:30:00Z'));
    expect(before).toMatchObject({ overdue: false, deadline: new Date('2027-02-20T14:00:00Z') });
    // Its own keys: a reminder of the month counted from the notification does not stand in for it.
    expect(before?.key).not.toBe(finalReminders(row(), new Date('2026-12-01T10:00:00Z'))[0]?.key);
    const [late] = finalReminders(resolved, new Date('2027-02-22T15:00:00Z'));
    expect(late).toMatchObject({ overdue: true });
    expect(overdueNotifications([resolved], new Date('2027-02-22T15:00:00Z'))).toEqual([
      { number: 'HÆN-2026-0042', kind: 'nis2FinalReport', deadline: '2027-02-20T14:00:00.000Z' },
    ]);
    // Recorded as sent: no more reminders.
    const sent = { ...resolved, nis2SentAt: { ...resolved.nis2SentAt, finalReport: '2027-02-21T09:00:00.000Z' } };
    expect(finalReminders(sent, new Date('2027-02-22T15:00:00Z'))).toEqual([]);
  });
});
