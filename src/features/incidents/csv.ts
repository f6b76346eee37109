import { DateTime } from 'luxon';
import { stringsFor, t, type Locale } from '../../i18n';
import { subjectsText } from './triage-card';
import { gdprDeadline, ZONE } from './deadlines';
import { nis2Awareness } from './awareness';
import { describeChanges } from './history-text';
import { categoriesOf, supplementEntries } from './breach-details';
import { nis2UpdateLine } from './nis2-updates';
import { nis2Steps, type HistoryEntry, type Incident } from './model';
import { displayText } from '../../text';

const stamp = (at: string | undefined): string =>
  at ? DateTime.fromISO(at, { zone: ZONE }).toFormat('yyyy-MM-dd HH:mm') : '';

/** A history entry as the auditors' log says it: when, who, what changed, and the comment (#15). */
function historyLine(locale: Locale, entry: HistoryEntry): string {
  const action = stringsFor(locale).incidents.triage.actions[entry.action];
  const what = describeChanges(locale, entry);
  return [`${stamp(entry.at)} ${entry.byName}: ${action}`, what, entry.comment].filter(Boolean).join(' – ');
}

/**
 * A formula start a spreadsheet could see in a cell: `= + - @` at the start of the text or after
 * anything that begins a cell under some separator or quoting (`, ; | tab " '` or a line break),
 * spaces in between allowed.
 */
const formulaStart = /(^|[,;|\t"'\r\n])([ \t]*)([=+\-@])/g;
/** A formula start as {@link csvCell} neutralised it (`'` before it), to read an exported file back. */
const guardedStart = new RegExp(formulaStart.source.replace('([=+', "'([=+"), 'g');

/** Undoes {@link csvCell}'s guard (`'=` back to `=`), so what was exported reads back the same. */
export const unguardCsvText = (text: string): string => text.replace(guardedStart, '$1$2$3');

/**
 * One CSV cell: shown as displayed (no bidi overrides or invisible characters), quoted when
 * needed, quotes doubled, and every formula start neutralised with `'` — not only at the start of
 * the cell, so a spreadsheet that opens the file with `,` (or another separator) instead of `;`
 * never runs user text as a formula either (P10).
 */
export function csvCell(value: string | number | boolean | undefined): string {
  let text = displayText(value === undefined ? '' : String(value)).replace(formulaStart, "$1$2'$3");
  if (/^[\t\r]/.test(text)) text = `'${text}`;
  return /[;,"\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/**
 * The incident log as CSV for auditors (P1): UTF-8 with BOM, semicolons and CRLF, which Danish
 * Excel opens with æ, ø, å intact and one column per field.
 */
export function incidentsCsv(
  incidents: Incident[],
  locale: Locale,
  histories: ReadonlyMap<string, HistoryEntry[]> = new Map(),
): string {
  const s = stringsFor(locale).incidents;
  const rows = incidents.map((incident) => {
    const decision = incident.breachDecision;
    return [
      incident.number,
      stamp(incident.reportedAt),
      stamp(incident.discoveredAt),
      stamp(incident.occurredAt),
      s.kindsShort[incident.kind],
      incident.systemName,
      incident.title,
      incident.description,
      s.personalDataAnswers[incident.personalData],
      incident.personalDataKinds.map((kind) => s.personalDataKinds[kind]).join(', '),
      incident.affectedPeople,
      incident.affectedRecords,
      s.states[incident.state],
      incident.severity ? s.severities[incident.severity] : '',
      incident.assignee,
      incident.isBreach ? s.personalDataAnswers.yes : s.personalDataAnswers.no,
      incident.isBreach ? stamp(incident.awarenessAt) : '',
      incident.isBreach ? stamp(gdprDeadline(new Date(incident.awarenessAt ?? incident.reportedAt)).toISOString()) : '',
      decision ? (decision.notify ? s.triage.decisionNotify : s.triage.decisionNotNotify) : '',
      decision?.justification,
      decision?.consequences,
      stamp(decision?.notifiedAt),
      decision?.reference,
      decision ? subjectsText(locale, decision) : '',
      decision?.delayReason,
      decision ? `${decision.decidedBy} ${stamp(decision.decidedAt)}` : '',
      incident.nis2Significant ? s.personalDataAnswers.yes : '',
      ...nis2Steps.map((step) => stamp(incident.nis2Reports?.[step]?.sentAt)),
      incident.measures.map((m) => `${m.text} (${m.owner}, ${m.dueDate}${m.done ? ', ✓' : ''})`).join(' | '),
      stamp(incident.closedAt),
      incident.nis2Significant ? stamp(nis2Awareness(incident).toISOString()) : '',
      categoriesOf(incident.breachDetails)
        .map((category) => s.subjectCategories[category])
        .concat(incident.breachDetails?.otherSubjects ?? [])
        .join(', '),
      incident.breachDetails?.estimatedPeople,
      incident.breachDetails?.estimatedRecords,
      [incident.breachDetails?.dpoName, incident.breachDetails?.dpoContact].filter(Boolean).join(', '),
      supplementEntries(incident.supplements)
        .map(({ index, supplement, correctedBy }) =>
          [
            stamp(supplement.sentAt),
            supplement.reference,
            supplement.note,
            supplement.corrects
              ? t(locale, 'supplementCorrection.line', {
                  index,
                  corrects: supplement.corrects,
                  at: stamp(supplement.sentAt),
                  by: supplement.recordedBy,
                }).trim()
              : '',
            supplement.reason,
            correctedBy ? t(locale, 'supplementCorrection.correctedBy', { index: correctedBy }).trim() : '',
          ]
            .filter(Boolean)
            .join(' – '),
        )
        .join(' | '),
      (incident.nis2Updates ?? [])
        .map((update) => [nis2UpdateLine(locale, update), update.note].filter(Boolean).join(' – '))
        .join(' | '),
      (histories.get(incident.number) ?? []).map((entry) => historyLine(locale, entry)).join(' | '),
    ]
      .map(csvCell)
      .join(';');
  });
  return `\uFEFF${[s.csv.header, ...rows].join('\r\n')}\r\n`;
}
