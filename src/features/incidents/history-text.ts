import { stringsFor, t, type Locale } from '../../i18n';
import { formatLocal } from './deadlines';
import { isOpen, type HistoryEntry, type IncidentState } from './model';

const isState = (value: unknown): value is IncidentState =>
  typeof value === 'string' && value in stringsFor('da').incidents.states;
const isInstant = (value: unknown): value is string =>
  typeof value === 'string' && /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}/.test(value);

/** One value of a change as a person reads it: states, severities, yes/no and times in their words. */
function valueText(locale: Locale, key: string, value: unknown): string {
  const s = stringsFor(locale).incidents;
  const h = s.history;
  if (value === null || value === undefined || value === '') return h.none;
  if (key === 'state' && isState(value)) return s.states[value];
  if (key === 'severity' && typeof value === 'string' && value in s.severities)
    return s.severities[value as keyof typeof s.severities];
  if (typeof value === 'boolean') return value ? h.yes : h.no;
  if (key === 'breachDecision') return value === 'notify' ? s.triage.decisionNotify : s.triage.decisionNotNotify;
  if (key === 'breachSubjects' && typeof value === 'string' && value in h.subjects)
    return h.subjects[value as keyof typeof h.subjects];
  if (key === 'breachSubjectCategories' && typeof value === 'string')
    return value
      .split(',')
      .map((category) => s.subjectCategories[category as keyof typeof s.subjectCategories] ?? category)
      .join(', ');
  if (key === 'nis2UpdateKind' && typeof value === 'string' && value in stringsFor(locale).nis2Updates.kinds)
    return stringsFor(locale).nis2Updates.kinds[value as keyof ReturnType<typeof stringsFor>['nis2Updates']['kinds']];
  if (isInstant(value)) return formatLocal(value, locale);
  return String(value);
}

const h2 = (locale: Locale) => stringsFor(locale).reporterNotice;

/** Free text named in the history, not repeated: the card and the export show it in full. */
export const historyTextFields: readonly string[] = [
  'breachJustification',
  'breachConsequences',
  'breachDelayReason',
  'breachSubjectsReason',
  'breachOtherSubjects',
  'breachSupplementNote',
  'nis2UpdateNote',
];

/**
 * What one history entry changed, in words (#15: the history says what changed, not "behandlet"):
 * state from → to, severity, assignee, the breach and NIS2 marks, the decision, measures, reopening.
 *
 * @remarks P10/art. 33(5): the record shows who changed what and when; free text that the card
 * shows elsewhere (a decision's justification) is named, not repeated, to keep the line short.
 */
export function describeChanges(locale: Locale, entry: Pick<HistoryEntry, 'action' | 'changes'>): string {
  const h = stringsFor(locale).incidents.history;
  const labels = h.fields as Record<string, string>;
  const parts: string[] = [];
  for (const [key, [before, after]] of Object.entries(entry.changes)) {
    if (key === 'state' && isState(before) && isState(after) && !isOpen(before) && isOpen(after))
      parts.push(t(locale, 'incidents.history.reopened', { to: valueText(locale, key, after) }));
    else if (key === 'measure' && entry.action === 'measureAdded')
      parts.push(t(locale, 'incidents.history.measureAdded', { text: String(after ?? '') }));
    else if (key === 'measure' && entry.action === 'measureDone')
      parts.push(t(locale, 'incidents.history.measureDone', { text: String(before ?? '') }));
    else if (key === 'measureOwnerReached')
      parts.push(stringsFor(locale).measures.history[after ? 'reached' : 'unreachable']);
    else if (key === 'reporterNotice' && typeof after === 'string' && after in h2(locale).reasons)
      parts.push(
        t(locale, 'reporterNotice.history', {
          reason: h2(locale).reasons[after as keyof ReturnType<typeof h2>['reasons']],
        }),
      );
    else if (key === 'openMeasuresAtClose')
      parts.push(t(locale, 'incidents.history.closedWithOpen', { count: Number(after) }));
    else if (key === 'isBreach') parts.push(after ? h.breachMarked : h.breachCleared);
    else if (key === 'nis2Significant') parts.push(after ? h.nis2Marked : h.nis2Cleared);
    else if (historyTextFields.includes(key))
      parts.push(t(locale, 'incidents.history.textChanged', { field: labels[key] ?? key }));
    else
      parts.push(
        t(locale, 'incidents.history.changed', {
          field: labels[key] ?? key,
          from: valueText(locale, key, before),
          to: valueText(locale, key, after),
        }),
      );
  }
  return parts.join('; ');
}
