import { stringsFor, t, type Locale } from '../../i18n';
import { gdprAwareness, nis2Awareness } from './awareness';
import { formatLocal, gdprDeadline, hoursLeft, timeApart } from './deadlines';
import { subjectsOf, type BreachDecision, type Incident } from './model';

/** The breach clock as the triage card and the decision card show it (P3). */
export interface BreachClockView {
  /** The container's style: good once decided, attention in the last 24 hours, else warning. */
  style: 'good' | 'attention' | 'warning';
  deadline: string;
  left: string;
  awareness: string;
  decision: string;
  details: string;
}

/**
 * The 72-hour clock of a personal-data breach (P3, GDPR art. 33(1)): the deadline counted from the
 * municipality's awareness, the time left or passed until the decision is recorded, where the
 * awareness came from, and the decision as recorded.
 */
export function breachClock(locale: Locale, incident: Incident, now: Date): BreachClockView {
  const tr = stringsFor(locale).incidents.triage;
  const deadline = gdprDeadline(gdprAwareness(incident));
  const left = hoursLeft(deadline, now);
  const decision = incident.breachDecision;
  return {
    style: decision ? 'good' : left < 24 ? 'attention' : 'warning',
    deadline: t(locale, 'incidents.triage.gdprDeadline', { deadline: formatLocal(deadline, locale) }),
    left: decision
      ? ''
      : left >= 0
        ? t(locale, 'incidents.triage.gdprLeft', timeApart(deadline, now))
        : t(locale, 'incidents.triage.gdprPassed', timeApart(deadline, now)),
    awareness: awarenessLine(locale, incident, 'gdpr'),
    decision: decision
      ? t(locale, 'incidents.triage.decisionRecorded', {
          at: formatLocal(decision.decidedAt, locale),
          by: decision.decidedBy,
          decision: decision.notify ? tr.decisionNotify : tr.decisionNotNotify,
        })
      : '',
    details: decision ? decisionDetails(locale, decision) : '',
  };
}

/** When Datatilsynet was notified and under which reference, and the art. 34 answer, as recorded. */
function decisionDetails(locale: Locale, decision: BreachDecision): string {
  return [
    decision.notify && decision.notifiedAt
      ? t(locale, 'incidents.triage.decisionNotifiedAt', { at: formatLocal(decision.notifiedAt, locale) })
      : '',
    decision.reference ? t(locale, 'incidents.triage.decisionReference', { reference: decision.reference }) : '',
    t(locale, 'incidents.triage.decisionSubjects', { answer: subjectsText(locale, decision) }),
  ]
    .filter(Boolean)
    .join(' · ');
}

/**
 * The art. 34 choice as the card and the CSV say it: told (when, how), not told (ground or
 * justification), or not yet decided — also for a decision recorded before the choice was required.
 */
export function subjectsText(locale: Locale, decision: BreachDecision | undefined): string {
  const tr = stringsFor(locale).incidents.triage;
  const subjects = subjectsOf(decision);
  if (subjects.choice === 'notified')
    return t(locale, 'incidents.triage.subjectsNotifiedLine', {
      at: formatLocal(subjects.at, locale),
      how: subjects.how,
    });
  if (subjects.choice === 'notNotified')
    return [
      tr.subjectsNotNotified,
      subjects.ground ? tr[groundKeys[subjects.ground]] : '',
      subjects.justification ?? '',
    ]
      .filter(Boolean)
      .join(': ');
  return tr.subjectsUndecided;
}

const groundKeys = { a: 'subjectsGroundA', b: 'subjectsGroundB', c: 'subjectsGroundC' } as const;

/**
 * Each regime's moment of awareness with where it came from: the reporter's discovery, the report,
 * or a correction (P3: the coordinator sees both the report and the discovery time; the reason for a
 * correction is the history's comment).
 */
export function awarenessLine(locale: Locale, incident: Incident, regime: 'gdpr' | 'nis2'): string {
  const at = regime === 'gdpr' ? gdprAwareness(incident) : nis2Awareness(incident);
  const reason =
    regime === 'gdpr'
      ? incident.awarenessReason
      : incident.nis2AwarenessAt
        ? incident.nis2AwarenessReason
        : incident.awarenessReason;
  const key = regime === 'gdpr' ? 'incidents.triage.awarenessGdpr' : 'incidents.triage.awarenessNis2';
  const source = reason
    ? t(locale, 'incidents.triage.awarenessCorrected')
    : at.getTime() === new Date(incident.reportedAt).getTime()
      ? t(locale, 'incidents.triage.awarenessFromReport')
      : t(locale, 'incidents.triage.awarenessFromDiscovery');
  return `${t(locale, key, { at: formatLocal(at, locale) })} (${source})`;
}
