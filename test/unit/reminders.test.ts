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
