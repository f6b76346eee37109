import { stringsFor, t, type Locale } from '../../i18n';
import { formatLocal } from './deadlines';
import { isOpen, type HistoryEntry, type IncidentState } from './model';

const isState = (value: unknown): value is IncidentState =>
  typeof value === 'string' && value in stringsFor('da').incidents.states;

/** How many of the newest lines the reporter's card shows. */
export const REPORTER_LINES = 20;

/**
 * What happened to a report, as its reporter may see it (#15 item 6, P1): when it was reported and
 * every change of state — closed, reopened — with when. Nothing internal: no comments, assignees,
 * measures, breach assessment or who made the change (P10).
 */
export function reporterHistory(locale: Locale, history: readonly HistoryEntry[]): string[] {
  const states = stringsFor(locale).incidents.states;
  const lines: string[] = [];
  for (const entry of history) {
    const at = formatLocal(entry.at, locale);
    if (entry.action === 'reported') {
      lines.push(`${at} · ${t(locale, 'reporterView.reported')}`);
      continue;
    }
    const [from, to] = entry.changes.state ?? [];
    if (!isState(from) || !isState(to) || from === to) continue;
    const text =
      !isOpen(from) && isOpen(to)
        ? t(locale, 'reporterView.reopened', { to: states[to] })
        : t(locale, 'reporterView.state', { from: states[from], to: states[to] });
    lines.push(`${at} · ${text}`);
  }
  return lines;
}
