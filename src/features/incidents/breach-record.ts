import { stringsFor, t, type Locale } from '../../i18n';
import type { DocumentBlock, DocumentFact, DocumentSpec } from '../documents/model';
import { gdprAwareness, nis2Awareness } from './awareness';
import { categoriesOf, supplementEntries } from './breach-details';
import { formatDate, formatLocal, gdprDeadline } from './deadlines';
import { handledAtOf, incidentNis2Deadlines, progressReportAtOf } from './handled';
import { describeChanges, historyTextFields } from './history-text';
import { nis2Steps, type HistoryEntry, type Incident } from './model';
import { subjectsText } from './breach-clock';
import { dpoMaySee } from './dpo-breach';

/** Who made the document and when: the person the link was made for, at the moment it was opened. */
export interface RecordMaker {
  name: string;
  at: Date;
}

const MINUTE = 60_000;

/** A length of time in words: `8 timer og 5 minutter`, `40 minutter` (never "0 timer"). */
function duration(locale: Locale, ms: number): string {
  const minutes = Math.floor(Math.abs(ms) / MINUTE);
  const hours = Math.floor(minutes / 60);
  return t(locale, 'breachRecord.duration', { hours, minutes, rest: hours > 0 ? minutes % 60 : 0 });
}

/**
 * The breach record as a document for an auditor (P3, GDPR art. 33(5); P10): the incident, the
 * moment of awareness and the 72-hour deadline with whether it was met and the reason for a late
 * notification, the decision and its reasons, the art. 33(3) facts, every notification in its
 * phases, the NIS2 reports, the remedial measures and the whole history — who did what and when.
 *
 * @remarks In the language of the person it is made for; every time in Danish time. Free text is
 * the record's own, whole (a card shortens; the document does not). A fact not recorded is said as
 * not recorded, never left out, so an auditor sees what is missing.
 */
export function breachRecordDocument(
  locale: Locale,
  incident: Incident,
  history: readonly HistoryEntry[],
  maker: RecordMaker,
): DocumentSpec {
  const b = stringsFor(locale).breachRecord;
  const made = formatLocal(maker.at, locale);
  const breach = dpoMaySee(incident);
  // A NIS2 incident that is no personal-data breach: the GDPR sections do not apply.
  const gdpr: DocumentBlock[] = breach
    ? [
        { kind: 'heading', level: 1, text: b.sections.deadline },
        { kind: 'facts', rows: deadlineFacts(locale, incident, maker.at) },
        { kind: 'heading', level: 1, text: b.sections.decision },
        { kind: 'facts', rows: decisionFacts(locale, incident) },
        { kind: 'heading', level: 1, text: b.sections.details },
        ...detailsBlocks(locale, incident),
        { kind: 'heading', level: 1, text: b.sections.phases },
        phasesBlock(locale, incident),
      ]
    : [];
  return {
    title: t(locale, breach ? 'breachRecord.title' : 'breachRecord.titleIncident', { number: incident.number }),
    language: locale === 'da' ? 'da-DK' : 'en-GB',
    creator: 'Sikkerhedsbot',
    footer: t(locale, 'breachRecord.footer', { number: incident.number, at: made }),
    blocks: [
      { kind: 'paragraph', text: breach ? b.intro : b.introIncident },
      { kind: 'paragraph', text: t(locale, 'breachRecord.made', { at: made, by: maker.name }), style: 'subtle' },
      { kind: 'heading', level: 1, text: b.sections.incident },
      { kind: 'facts', rows: incidentFacts(locale, incident) },
      ...gdpr,
      ...nis2Blocks(locale, incident, maker.at),
      { kind: 'heading', level: 1, text: b.sections.measures },
      measuresBlock(locale, incident),
      { kind: 'heading', level: 1, text: b.sections.history },
      historyBlock(locale, history),
    ],
  };
}

const fact = (label: string, value: string | undefined, none: string): DocumentFact => ({
  label,
  value: value === undefined || value === '' ? none : value,
});

function incidentFacts(locale: Locale, incident: Incident): DocumentFact[] {
  const s = stringsFor(locale);
  const f = s.breachRecord.fields;
  const none = s.breachRecord.none;
  const at = (iso?: string) => (iso ? formatLocal(iso, locale) : undefined);
  const count = (value?: number) => (value === undefined ? undefined : String(value));
  return [
    fact(f.number, incident.number, none),
    fact(f.title, incident.title, none),
    fact(f.description, incident.description, none),
    fact(f.kind, s.incidents.kinds[incident.kind], none),
    ...(incident.systemName ? [fact(f.system, incident.systemName, none)] : []),
    fact(
      f.reported,
      t(locale, 'breachRecord.reportedBy', { at: formatLocal(incident.reportedAt, locale), by: incident.reporterName }),
      none,
    ),
    fact(f.discovered, at(incident.discoveredAt), none),
    fact(f.occurred, at(incident.occurredAt), none),
    fact(
      f.personalDataKinds,
      incident.personalDataKinds.map((kind) => s.incidents.personalDataKinds[kind]).join(', '),
      none,
    ),
    fact(f.affectedPeople, count(incident.affectedPeople), none),
    fact(f.affectedRecords, count(incident.affectedRecords), none),
    fact(f.actionsTaken, incident.actionsTaken, none),
    fact(f.state, s.incidents.states[incident.state], none),
    fact(f.severity, incident.severity && s.incidents.severities[incident.severity], none),
    fact(f.assignee, incident.assignee, none),
    ...(incident.closedAt ? [fact(f.closed, at(incident.closedAt), none)] : []),
  ];
}

/** Where the GDPR awareness moment came from: the discovery, the report, or the coordinator's correction. */
function awarenessText(locale: Locale, incident: Incident): string {
  const awareness = gdprAwareness(incident);
  const at = formatLocal(awareness, locale);
  if (incident.awarenessReason) return t(locale, 'breachRecord.awarenessCorrected', { at });
  const fromDiscovery = awareness.getTime() === new Date(incident.discoveredAt).getTime();
  return t(locale, fromDiscovery ? 'breachRecord.awarenessFromDiscovery' : 'breachRecord.awarenessFromReport', { at });
}

/** The 72 hours (art. 33(1)): the deadline, when notified, whether it was met, and why late. */
function deadlineFacts(locale: Locale, incident: Incident, now: Date): DocumentFact[] {
  const b = stringsFor(locale).breachRecord;
  const f = b.fields;
  const deadline = gdprDeadline(gdprAwareness(incident));
  const decision = incident.breachDecision;
  const notifiedAt = decision?.notify ? decision.notifiedAt : undefined;
  const apart = (from: Date, to: Date) => duration(locale, to.getTime() - from.getTime());
  let met: string;
  if (notifiedAt) {
    const sent = new Date(notifiedAt);
    met =
      sent <= deadline
        ? t(locale, 'breachRecord.metInTime', { before: apart(sent, deadline) })
        : t(locale, 'breachRecord.metLate', { late: apart(deadline, sent) });
  } else if (decision && !decision.notify) met = b.notNotifying;
  else if (now > deadline) met = t(locale, 'breachRecord.pendingOverdue', { late: apart(deadline, now) });
  else met = t(locale, 'breachRecord.pendingOpen', { left: apart(now, deadline) });
  const late = notifiedAt !== undefined && new Date(notifiedAt) > deadline;
  return [
    fact(f.awareness, awarenessText(locale, incident), b.none),
    ...(incident.awarenessReason ? [fact(f.awarenessReason, incident.awarenessReason, b.none)] : []),
    fact(f.deadline, formatLocal(deadline, locale), b.none),
    fact(f.notified, notifiedAt && formatLocal(notifiedAt, locale), b.none),
    fact(f.met, met, b.none),
    ...(late || decision?.delayReason ? [fact(f.delayReason, decision?.delayReason, b.none)] : []),
  ];
}

function decisionFacts(locale: Locale, incident: Incident): DocumentFact[] {
  const s = stringsFor(locale);
  const b = s.breachRecord;
  const f = b.fields;
  const decision = incident.breachDecision;
  if (!decision) return [fact(f.decision, b.noDecision, b.none)];
  return [
    fact(
      f.decision,
      decision.notify ? s.incidents.triage.decisionNotify : s.incidents.triage.decisionNotNotify,
      b.none,
    ),
    fact(f.justification, decision.justification, b.none),
    fact(f.consequences, decision.consequences, b.none),
    fact(f.reference, decision.reference, b.none),
    fact(f.subjects, subjectsText(locale, decision), b.none),
    fact(
      f.decidedBy,
      t(locale, 'breachRecord.byAt', { by: decision.decidedBy, at: formatLocal(decision.decidedAt, locale) }),
      b.none,
    ),
  ];
}

function detailsBlocks(locale: Locale, incident: Incident): DocumentBlock[] {
  const s = stringsFor(locale);
  const b = s.breachRecord;
  const f = b.fields;
  const details = incident.breachDetails;
  if (!details) return [{ kind: 'paragraph', text: b.noDetails }];
  const categories = categoriesOf(details).map((category) =>
    category === 'others' && details.otherSubjects
      ? `${s.incidents.subjectCategories.others}: ${details.otherSubjects}`
      : s.incidents.subjectCategories[category],
  );
  const count = (value?: number) => (value === undefined ? undefined : String(value));
  return [
    {
      kind: 'facts',
      rows: [
        fact(f.categories, categories.join(', '), b.none),
        fact(f.estimatedPeople, count(details.estimatedPeople), b.none),
        fact(f.estimatedRecords, count(details.estimatedRecords), b.none),
        fact(f.contact, [details.dpoName, details.dpoContact].filter(Boolean).join(', '), b.none),
        fact(
          f.recordedBy,
          t(locale, 'breachRecord.byAt', { by: details.recordedBy, at: formatLocal(details.recordedAt, locale) }),
          b.none,
        ),
      ],
    },
  ];
}

/** The initial notification and every supplementary one (art. 33(4)), in order. */
function phasesBlock(locale: Locale, incident: Incident): DocumentBlock {
  const b = stringsFor(locale).breachRecord;
  const c = b.columns;
  const decision = incident.breachDecision;
  const rows: string[][] = [];
  if (decision?.notify && decision.notifiedAt)
    rows.push([
      '1',
      b.initial,
      formatLocal(decision.notifiedAt, locale),
      decision.reference ?? '',
      '',
      t(locale, 'breachRecord.byAt', { by: decision.decidedBy, at: formatLocal(decision.decidedAt, locale) }),
    ]);
  const first = rows.length;
  for (const { index, supplement, correctedBy } of supplementEntries(incident.supplements))
    rows.push([
      String(first + index),
      [
        supplement.corrects
          ? `${b.supplement} – ${t(locale, 'breachRecord.correctionOf', { number: first + supplement.corrects })}`
          : b.supplement,
        correctedBy ? t(locale, 'breachRecord.correctedBy', { number: first + correctedBy }) : '',
      ]
        .filter(Boolean)
        .join('\n'),
      formatLocal(supplement.sentAt, locale),
      supplement.reference ?? '',
      [
        supplement.note,
        supplement.reason && t(locale, 'supplementCorrection.reasonText', { reason: supplement.reason }),
      ]
        .filter(Boolean)
        .join('\n'),
      t(locale, 'breachRecord.byAt', { by: supplement.recordedBy, at: formatLocal(supplement.recordedAt, locale) }),
    ]);
  if (rows.length === 0) return { kind: 'paragraph', text: b.noNotifications };
  return {
    kind: 'table',
    header: [c.number, c.notification, c.sent, c.reference, c.added, c.recordedBy],
    rows,
    widths: [6, 16, 16, 16, 26, 20],
  };
}

/** The NIS2 reports (art. 23(4)) of a significant incident: each deadline, when sent, whether in time. */
function nis2Blocks(locale: Locale, incident: Incident, now: Date): DocumentBlock[] {
  if (!incident.nis2Significant && !incident.nis2Reports) return [];
  const s = stringsFor(locale);
  const b = s.breachRecord;
  const c = b.columns;
  const awareness = nis2Awareness(incident);
  const deadlines = incidentNis2Deadlines(incident);
  const handled = handledAtOf(incident);
  const rows = nis2Steps.map((step) => {
    const report = incident.nis2Reports?.[step];
    const deadline = deadlines[step];
    const sent = report ? new Date(report.sentAt) : undefined;
    // A final report after a progress report has no deadline until the incident is handled (art. 23(4)(e)).
    if (!deadline)
      return [
        s.incidents.triage.nis2Steps[step],
        s.nis2Final.documentDeadline,
        sent ? formatLocal(sent, locale) : b.nis2NotSent,
        '',
        report
          ? t(locale, 'breachRecord.byAt', { by: report.recordedBy, at: formatLocal(report.recordedAt, locale) })
          : '',
      ];
    const met = sent
      ? sent <= deadline
        ? b.nis2InTime
        : t(locale, 'breachRecord.nis2Late', { late: duration(locale, sent.getTime() - deadline.getTime()) })
      : now > deadline
        ? b.nis2Overdue
        : '';
    return [
      s.incidents.triage.nis2Steps[step],
      formatLocal(deadline, locale),
      sent ? formatLocal(sent, locale) : b.nis2NotSent,
      met,
      report
        ? t(locale, 'breachRecord.byAt', { by: report.recordedBy, at: formatLocal(report.recordedAt, locale) })
        : '',
    ];
  });
  const updates = incident.nis2Updates ?? [];
  return [
    { kind: 'heading', level: 1, text: b.sections.nis2 },
    {
      kind: 'facts',
      rows: [
        fact(b.fields.nis2Awareness, formatLocal(awareness, locale), b.none),
        ...(progressReportAtOf(incident)
          ? [fact(s.nis2Final.handled, handled && formatLocal(handled, locale), b.none)]
          : []),
      ],
    },
    { kind: 'table', header: [c.report, c.deadline, c.sent, c.met, c.recordedBy], rows, widths: [30, 17, 17, 16, 20] },
    { kind: 'heading', level: 2, text: b.nis2UpdatesTitle },
    updates.length === 0
      ? { kind: 'paragraph', text: s.nis2Updates.none }
      : {
          kind: 'table',
          header: [c.report, s.nis2Updates.fieldRequested, c.sent, c.added, c.recordedBy],
          rows: updates.map((update) => [
            s.nis2Updates.kinds[update.kind],
            update.requestedAt ? formatLocal(update.requestedAt, locale) : '',
            formatLocal(update.sentAt, locale),
            update.note ?? '',
            t(locale, 'breachRecord.byAt', { by: update.recordedBy, at: formatLocal(update.recordedAt, locale) }),
          ]),
          widths: [22, 17, 17, 24, 20],
        },
  ];
}

function measuresBlock(locale: Locale, incident: Incident): DocumentBlock {
  const b = stringsFor(locale).breachRecord;
  const c = b.columns;
  if (incident.measures.length === 0) return { kind: 'paragraph', text: b.noMeasures };
  return {
    kind: 'table',
    header: [c.measure, c.owner, c.due, c.status],
    rows: incident.measures.map((measure) => [
      measure.text,
      measure.owner,
      formatDate(`${measure.dueDate}T12:00:00Z`, locale),
      measure.done && measure.doneAt
        ? t(locale, 'breachRecord.measureDone', { at: formatLocal(measure.doneAt, locale), by: measure.doneBy ?? '' })
        : b.measureOpen,
    ]),
    widths: [40, 20, 15, 25],
  };
}

/**
 * The free text an entry recorded, whole: the history line only names it (the card shows the
 * current text), but a replaced justification is part of the record an auditor reads (art. 33(5)).
 */
function textChanges(locale: Locale, entry: HistoryEntry): string[] {
  const labels = stringsFor(locale).incidents.history.fields as Record<string, string>;
  return Object.entries(entry.changes)
    .filter(([key, [, after]]) => historyTextFields.includes(key) && typeof after === 'string' && after !== '')
    .map(([key, [, after]]) => `${labels[key] ?? key}: ${String(after)}`);
}

/** Every history entry in order: when, who, what they did, what changed, and the reason given. */
function historyBlock(locale: Locale, history: readonly HistoryEntry[]): DocumentBlock {
  const s = stringsFor(locale);
  const c = s.breachRecord.columns;
  return {
    kind: 'table',
    header: [c.time, c.who, c.action, c.changed, c.comment],
    rows: history.map((entry) => [
      formatLocal(entry.at, locale),
      entry.byName,
      s.incidents.triage.actions[entry.action],
      [describeChanges(locale, entry), ...textChanges(locale, entry)].filter(Boolean).join('\n'),
      entry.comment ?? '',
    ]),
    widths: [15, 15, 18, 30, 22],
  };
}

/**
 * Whether an incident has a record document for the coordinator: a breach record (as the DPO may
 * see it), or a significant incident under NIS2 (P3, #16: the NIS2 reports from the incident itself).
 */
export const hasRecordDocument = (incident: Incident): boolean => dpoMaySee(incident) || incident.nis2Significant;
