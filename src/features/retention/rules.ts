import { DateTime } from 'luxon';
import { nis2StepKeys, nis2Steps, type HistoryEntry, type Incident, type SubjectsDecision } from '../incidents/model';

/** What replaces personal data and free text once the retention period has ended. */
export const ANONYMISED = '[anonymiseret]';

/** Changes whose values carry no personal data or free text; every other change's values are replaced. */
const neutralChanges = new Set([
  'state',
  'severity',
  'isBreach',
  'nis2Significant',
  'awarenessAt',
  'breachDecision',
  'breachNotifiedAt',
  'breachReference',
  'breachSubjectsInformed',
  'breachSubjects',
  'breachSubjectsAt',
  'breachSubjectsGround',
  'breachSubjectCategories',
  'breachEstimatedPeople',
  'breachEstimatedRecords',
  'breachSupplementAt',
  'breachSupplementReference',
  'nis2AwarenessAt',
  'openMeasuresAtClose',
  'measureOwnerReached',
  'reporterNotice',
  // An evidence file's fingerprint: no personal data, and what proves which file it was after it is deleted.
  'evidenceSha256',
  ...nis2Steps.map((step) => nis2StepKeys[step].change),
]);

/** The instant before which a record's retention period has ended: `years` whole years before now. */
export const retentionCutoff = (now: Date, years: number): Date =>
  DateTime.fromJSDate(now, { zone: 'utc' }).minus({ years }).toJSDate();

/**
 * When an incident's retention period starts: when it was closed, or when it was reported if it is
 * closed / not an incident without a recorded closing time; undefined while it is not closed.
 *
 * @remarks A resolved incident is still in the coordinator's working states: only `closed` and
 * `notAnIncident` start the clock.
 */
export function retentionStart(incident: Incident): string | undefined {
  if (incident.state !== 'closed' && incident.state !== 'notAnIncident') return undefined;
  return incident.closedAt ?? incident.reportedAt;
}

/** True when the incident was anonymised already (running retention twice is harmless). */
export const isAnonymised = (incident: Incident): boolean => incident.reporterId === ANONYMISED;

/** True when the incident is past its retention period and still holds personal data. */
export function isDueForAnonymisation(incident: Incident, cutoff: Date): boolean {
  const start = retentionStart(incident);
  return start !== undefined && new Date(start) < cutoff && !isAnonymised(incident);
}

const blank = (value: string | undefined): string | undefined => (value === undefined ? undefined : ANONYMISED);

/**
 * The incident with every personal datum and free text replaced; kept: number, dates, kind, state,
 * severity, personal-data kinds and counts, the breach and NIS2 flags, the notification decision,
 * its times and Datatilsynet's reference, the categories of data subjects and the estimates, when
 * each supplementary notification was sent and its reference, when each NIS2 report was sent — the
 * skeleton auditors need. The DPO's name and contact and every note are replaced.
 */
export function anonymiseIncident(incident: Incident): Incident {
  return {
    ...incident,
    title: ANONYMISED,
    description: ANONYMISED,
    systemName: blank(incident.systemName),
    actionsTaken: blank(incident.actionsTaken),
    contact: blank(incident.contact),
    // The message excerpt is personal data (its sender, what was written): only that there was one stays.
    evidence: incident.evidence && { text: ANONYMISED, senderName: ANONYMISED, sentAt: incident.evidence.sentAt },
    // Evidence files are deleted from the store with the anonymisation; their records go with them.
    files: undefined,
    reporterId: ANONYMISED,
    reporterName: ANONYMISED,
    assignee: blank(incident.assignee),
    awarenessReason: blank(incident.awarenessReason),
    nis2AwarenessReason: blank(incident.nis2AwarenessReason),
    breachDecision: incident.breachDecision && {
      ...incident.breachDecision,
      subjects: anonymiseSubjects(incident.breachDecision.subjects),
      justification: ANONYMISED,
      consequences: blank(incident.breachDecision.consequences),
      delayReason: blank(incident.breachDecision.delayReason),
      decidedBy: ANONYMISED,
    },
    breachDetails: incident.breachDetails && {
      ...incident.breachDetails,
      otherSubjects: blank(incident.breachDetails.otherSubjects),
      dpoName: blank(incident.breachDetails.dpoName),
      dpoContact: blank(incident.breachDetails.dpoContact),
      recordedBy: ANONYMISED,
    },
    supplements: incident.supplements?.map((supplement) => ({
      ...supplement,
      note: blank(supplement.note),
      reason: blank(supplement.reason),
      recordedBy: ANONYMISED,
    })),
    nis2Reports:
      incident.nis2Reports &&
      Object.fromEntries(
        Object.entries(incident.nis2Reports).map(([step, report]) => [step, { ...report, recordedBy: ANONYMISED }]),
      ),
    nis2Updates: incident.nis2Updates?.map((update) => ({
      ...update,
      note: blank(update.note),
      recordedBy: ANONYMISED,
    })),
    measures: incident.measures.map((measure) => ({
      ...measure,
      text: ANONYMISED,
      owner: ANONYMISED,
      ownerId: undefined,
      ownerEmail: undefined,
      doneBy: blank(measure.doneBy),
      doneComment: blank(measure.doneComment),
    })),
  };
}

/** The art. 34 choice with how the data subjects were told, or why not, replaced (free text). */
function anonymiseSubjects(subjects: SubjectsDecision | undefined): SubjectsDecision | undefined {
  if (subjects?.choice === 'notified') return { ...subjects, how: ANONYMISED };
  if (subjects?.choice === 'notNotified') return { ...subjects, justification: blank(subjects.justification) };
  return subjects;
}

/** A history row with who and every free-text value replaced; the action, version and time stay. */
export function anonymiseHistoryEntry(entry: HistoryEntry): HistoryEntry {
  const changes = Object.fromEntries(
    Object.entries(entry.changes).map(([key, values]) => [
      key,
      neutralChanges.has(key) ? values : values.map((value) => (value === null ? null : ANONYMISED)),
    ]),
  ) as HistoryEntry['changes'];
  return { ...entry, by: ANONYMISED, byName: ANONYMISED, comment: blank(entry.comment), changes };
}
