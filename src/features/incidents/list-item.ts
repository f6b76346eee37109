import { shortenForJson } from '../../text';
import { handledAtOf, progressReportAtOf } from './handled';
import type { Incident, IncidentKind, IncidentState, Measure, Nis2Step, Severity } from './model';

/**
 * What the lists know of an incident: a row of the reporter's list or the coordinator's open list
 * (P1), what the quarterly review counts (P6) and what the deadline sweep needs (P3).
 *
 * @remarks Kept beside each list row in storage, so a page is read without reading its incidents.
 * `version` is the incident version it was taken from.
 */
export interface IncidentListItem {
  number: string;
  year: number;
  seq: number;
  version: number;
  title: string;
  state: IncidentState;
  kind: IncidentKind;
  severity?: Severity;
  reportedAt: string;
  reporterId: string;
  isBreach: boolean;
  awarenessAt?: string;
  /** The NIS2 clocks' own awareness moment; absent = the GDPR one (see `awareness.ts`). */
  nis2AwarenessAt?: string;
  nis2Significant: boolean;
  /** Whether the art. 33 decision is recorded (P3). */
  breachDecided: boolean;
  /**
   * When each NIS2 report recorded as sent was sent (P3): the sweep stops a step's reminders, and
   * the final report's month runs from the notification. Absent on rows from before: none sent.
   */
  nis2SentAt?: Partial<Record<Nis2Step, string>>;
  /**
   * When the first progress report (*statusrapport*) was sent and when the incident was handled: the
   * final report is then due a month after handling (NIS2 art. 23(4)(e)). Absent on rows from before.
   */
  nis2ProgressAt?: string;
  handledAt?: string;
  /**
   * Remedial measures not done yet: the open list shows the overdue ones, the review counts them.
   * Text and owner are kept shortened ({@link LIST_TEXT}): the row must stay within one storage
   * property with 50 measures, and the triage card has the whole text.
   */
  openMeasures: Pick<Measure, 'id' | 'text' | 'owner' | 'dueDate' | 'ownerId' | 'unreachableAt'>[];
}

/**
 * How much of a measure's text and owner a list item keeps, counted in JSON (a quote takes two
 * characters, a lone surrogate six): 50 measures stay near 17,000 characters whatever they hold.
 */
export const LIST_TEXT = { text: 200, owner: 60 } as const;

/** The list item of an incident as it is now. */
export const toListItem = (incident: Incident): IncidentListItem => ({
  number: incident.number,
  year: incident.year,
  seq: incident.seq,
  version: incident.version,
  title: incident.title,
  state: incident.state,
  kind: incident.kind,
  severity: incident.severity,
  reportedAt: incident.reportedAt,
  reporterId: incident.reporterId,
  isBreach: incident.isBreach,
  awarenessAt: incident.awarenessAt,
  nis2AwarenessAt: incident.nis2AwarenessAt,
  nis2Significant: incident.nis2Significant,
  breachDecided: incident.breachDecision !== undefined,
  nis2SentAt: Object.fromEntries(
    Object.entries(incident.nis2Reports ?? {}).map(([step, report]) => [step, report.sentAt]),
  ),
  ...(progressReportAtOf(incident) ? { nis2ProgressAt: progressReportAtOf(incident) } : {}),
  ...(handledAtOf(incident) ? { handledAt: handledAtOf(incident) } : {}),
  openMeasures: openMeasureFacts(incident.measures),
});

/**
 * The open measures as a list row keeps them (an incident's, or a risk's treatment measures): text
 * and owner shortened ({@link LIST_TEXT}), the owner's id for their tasks and reminders (#20).
 */
export const openMeasureFacts = (
  measures: readonly Measure[],
): Pick<Measure, 'id' | 'text' | 'owner' | 'dueDate' | 'ownerId' | 'unreachableAt'>[] =>
  measures
    .filter((measure) => !measure.done)
    .map(({ id, text, owner, dueDate, ownerId, unreachableAt }) => ({
      id,
      text: shortenForJson(text, LIST_TEXT.text),
      owner: shortenForJson(owner, LIST_TEXT.owner),
      dueDate,
      // The owner's tasks (`mine opgaver`) and the reminders are found from the open list (#20).
      ...(ownerId ? { ownerId } : {}),
      ...(unreachableAt ? { unreachableAt } : {}),
    }));
