import { dueReminders } from '../../src/features/incidents/reminders';
import type { IncidentListItem } from '../../src/features/incidents/list-item';

const HOUR = 3_600_000;
const awareness = new Date('2026-11-28T09:00:00Z');
const breach = {
  number: 'HÆN-2026-0007',
  reportedAt: awareness.toISOString(),
  awarenessAt: awareness.toISOString(),
  isBreach: true,
  breachDecided: false,
  nis2Significant: false,
} as IncidentListItem;
const at = (hours: number) => new Date(awareness.getTime() + hours * HOUR);

describe('deadline reminders (P3)', () => {
  it.each([
    [23, []],
    [24, ['gdpr24']],
    [47, ['gdpr24']],
    [48, ['gdpr48']],
    [66, ['gdpr66']],
    [80, ['gdpr72']],
  ])('after %i hours the latest passed mark is due: %p', (hours, marks) => {
    expect(dueReminders(breach, at(hours)).due.map((r) => r.key.split('|')[2])).toEqual(marks);
  });

  it('folds marks missed during downtime into one reminder', () => {
    const { due, superseded } = dueReminders(breach, at(70));
    expect(due.map((r) => r.key.split('|')[2])).toEqual(['gdpr66']);
    expect(superseded.map((r) => r.key.split('|')[2])).toEqual(['gdpr24', 'gdpr48']);
  });

  it('stops once the decision is recorded', () => {
    const decided = { ...breach, breachDecided: true };
    expect(dueReminders(decided, at(70)).due).toEqual([]);
  });

  it('follows a corrected awareness time with new reminders', () => {
    const corrected = { ...breach, awarenessAt: at(-10).toISOString() };
    const [reminder] = dueReminders(corrected, at(20)).due;
    expect(reminder.key).not.toEqual(dueReminders(breach, at(24)).due[0].key);
    expect(reminder.deadline.toISOString()).toBe(at(62).toISOString());
  });

  it('reminds of each NIS2 deadline before it falls due', () => {
    const nis2 = { ...breach, isBreach: false, nis2Significant: true } as IncidentListItem;
    expect(dueReminders(nis2, at(19)).due).toEqual([]);
    expect(dueReminders(nis2, at(20)).due.map((r) => r.kind)).toEqual(['nis2EarlyWarning']);
    expect(dueReminders(nis2, at(66)).due.map((r) => r.kind)).toEqual(['nis2EarlyWarning', 'nis2Notification']);
  });
});

describe('NIS2 reminders stop for a report recorded as sent (P3)', () => {
  const nis2 = { ...breach, isBreach: false, nis2Significant: true, nis2SentAt: {} } as IncidentListItem;
  const early = at(20).toISOString();
  const notified = at(30).toISOString();

  it.each([
    ['nothing sent', {}, 66, ['nis2EarlyWarning', 'nis2Notification']],
    ['a list row from before reports were recorded', undefined, 66, ['nis2EarlyWarning', 'nis2Notification']],
    ['early warning sent', { earlyWarning: early }, 66, ['nis2Notification']],
    ['early warning and notification sent', { earlyWarning: early, notification: notified }, 66, []],
    ['notification sent, early warning not', { notification: notified }, 66, ['nis2EarlyWarning']],
    [
      'all three sent, long after the last deadline',
      { earlyWarning: early, notification: notified, finalReport: notified },
      2000,
      [],
    ],
  ] as [string, IncidentListItem['nis2SentAt'], number, string[]][])(
    '%s: due after %#',
    (_name, sentAt, hours, kinds) => {
      const item = { ...nis2, nis2SentAt: sentAt };
      expect(dueReminders(item, at(hours)).due.map((r) => r.kind)).toEqual(kinds);
    },
  );

  it('counts the final report month from the notification as sent, not from its deadline', () => {
    const sent = { ...nis2, nis2SentAt: { earlyWarning: early, notification: notified } };
    // Notified 29.11.2026 16:00 Danish time: the final report is due 29.12.2026 16:00, reminded 3 days before.
    expect(dueReminders(sent, new Date('2026-12-26T14:59:00Z')).due).toEqual([]);
    const [final] = dueReminders(sent, new Date('2026-12-26T15:00:00Z')).due;
    expect(final).toMatchObject({ kind: 'nis2FinalReport', deadline: new Date('2026-12-29T15:00:00Z') });
    // Not yet notified: the month runs from the notification deadline (01.12.2026 10:00).
    const [unsent] = dueReminders(nis2, new Date('2026-12-29T09:00:00Z')).due.filter(
      (r) => r.kind === 'nis2FinalReport',
    );
    expect(unsent.deadline).toEqual(new Date('2027-01-01T09:00:00Z'));
  });

  it('keeps the GDPR reminders apart: a NIS2 report sent does not stand for the breach decision', () => {
    const both = { ...breach, nis2Significant: true, nis2SentAt: { earlyWarning: early } } as IncidentListItem;
    expect(dueReminders(both, at(24)).due.map((r) => r.kind)).toEqual(['gdpr']);
  });
});
