import type { UndeliveredNotice } from '../incidents/undelivered';
import { DateTime } from 'luxon';
import { ZONE } from '../../clock';
import type { IncidentListItem } from '../incidents/list-item';
import { isMeasureLate, isOpen, severities, type Severity } from '../incidents/model';
import { overdueDeadlines, type DeadlineReminder, type ReminderSource } from '../incidents/reminders';
import type { RiskReviewSummary } from '../risks/review';

/** What is due at a quarterly review (P6), counted when the reminder goes out and again on each refresh. */
export interface ReviewSummary {
  openTotal: number;
  openBySeverity: Record<Severity | 'unrated', number>;
  overdueMeasures: number;
  breachesWithoutDecision: number;
  /**
   * Every notification past its deadline with nothing recorded (P3): the GDPR decision and each NIS2
   * report, oldest deadline first. Absent on summaries made before it was counted.
   */
  overdueNotifications?: OverdueNotification[];
  pendingApprovals: number;
  /** Notices the bot could not deliver since `from`, the start of the previous quarter (#15 item 2); absent where not tracked. */
  undelivered?: { from: string; notices: UndeliveredNotice[] };
  /** Systems whose risk assessment is overdue; undefined until the system register exists. */
  systemsOverdue?: number;
  /** DPIAs required but not done; undefined until DPIA screening exists. */
  dpiasPending?: number;
  /** The risk register's part (high and critical, changed, past review date, heat map); undefined without it. */
  risks?: RiskReviewSummary;
}

/** A notification past its deadline, as the review lists it. */
export interface OverdueNotification {
  number: string;
  kind: DeadlineReminder['kind'];
  /** ISO instant. */
  deadline: string;
}

/** The open incidents' notifications past their deadline at `now`, oldest deadline first (P3, P6). */
export function overdueNotifications(incidents: readonly ReminderSource[], now: Date): OverdueNotification[] {
  return incidents
    .flatMap((incident) =>
      overdueDeadlines(incident, now).map(({ kind, deadline }) => ({
        number: incident.number,
        kind,
        deadline: deadline.toISOString(),
      })),
    )
    .sort((a, b) => a.deadline.localeCompare(b.deadline));
}

/** One quarter's review: due, then recorded as done by a coordinator with notes and the date it was held. */
export interface QuarterlyReview {
  /** `2027-Q1`. */
  id: string;
  dueAt: string;
  doneAt?: string;
  doneBy?: string;
  doneByName?: string;
  /** The day the review was held (yyyy-mm-dd), as the coordinator gives it. */
  heldOn?: string;
  notes?: string;
  /** The risks reviewed, by id, with their levels then (`high/medium`): what the next review compares with (P6). */
  reviewedRisks?: Record<string, string>;
}

/** The quarter before `2027-Q1` (`2026-Q4`). */
export function previousQuarter(id: string): string {
  const [year, quarter] = id.split('-Q').map(Number) as [number, number];
  return quarter === 1 ? `${year - 1}-Q4` : `${year}-Q${quarter - 1}`;
}

/** The quarter (`2027-Q1`) a due time falls in, in Danish time. */
export function quarterOf(at: Date): string {
  const local = DateTime.fromJSDate(at, { zone: ZONE });
  return `${local.year}-Q${Math.ceil(local.month / 3)}`;
}

/**
 * Counts what the coordinator and the management group must look at in the incident log: open
 * incidents by severity, remedial measures past their due date, breaches without a recorded decision.
 *
 * @remarks P6; `today` is the Danish calendar date (yyyy-mm-dd).
 */
export function summarizeIncidents(
  incidents: readonly Pick<IncidentListItem, 'state' | 'severity' | 'openMeasures' | 'isBreach' | 'breachDecided'>[],
  today: string,
): Pick<ReviewSummary, 'openTotal' | 'openBySeverity' | 'overdueMeasures' | 'breachesWithoutDecision'> {
  const open = incidents.filter((incident) => isOpen(incident.state));
  const openBySeverity = Object.fromEntries([...severities, 'unrated'].map((key) => [key, 0])) as Record<
    Severity | 'unrated',
    number
  >;
  for (const incident of open) openBySeverity[incident.severity ?? 'unrated']++;
  return {
    openTotal: open.length,
    openBySeverity,
    overdueMeasures: open.reduce(
      (count, incident) => count + incident.openMeasures.filter((m) => isMeasureLate(m, today)).length,
      0,
    ),
    breachesWithoutDecision: open.filter((incident) => incident.isBreach && !incident.breachDecided).length,
  };
}
