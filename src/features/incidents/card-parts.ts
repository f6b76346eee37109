/** Pieces several incident cards share: their facts, error lines and refresh users. */
import { shorten } from '../../platform/cards';
import { stringsFor, t, type Locale } from '../../i18n';
import { formatLocal } from './deadlines';
import type { Incident } from './model';
import type { MessageEvidence } from './message-evidence';

/** Every key present, so the template never shows an unresolved expression. */
export const complete = (keys: readonly string[], values: Record<string, string>): Record<string, string> =>
  Object.fromEntries(keys.map((key) => [key, values[key] ?? '']));

/** Every error field present, each error key in the user's language ('' where there is none). */
export const localizeErrors = (locale: Locale, keys: readonly string[], errors: Record<string, string>) =>
  complete(keys, Object.fromEntries(Object.entries(errors).map(([field, key]) => [field, t(locale, key)])));

/** The facts everyone allowed to see the incident reads (reporter's view and triage). */
export function facts(locale: Locale, incident: Incident) {
  const strings = stringsFor(locale).incidents;
  const d = strings.detail;
  const list = [
    { title: d.state, value: strings.states[incident.state] },
    { title: d.kind, value: strings.kindsShort[incident.kind] },
    { title: d.reported, value: formatLocal(incident.reportedAt, locale) },
    { title: d.discovered, value: formatLocal(incident.discoveredAt, locale) },
  ];
  if (incident.occurredAt) list.push({ title: d.occurred, value: formatLocal(incident.occurredAt, locale) });
  list.push({
    title: d.personalData,
    value: [
      strings.personalDataAnswers[incident.personalData],
      ...incident.personalDataKinds.map((kind) => strings.personalDataKinds[kind]),
    ].join(', '),
  });
  if (incident.affectedPeople !== undefined || incident.affectedRecords !== undefined) {
    list.push({ title: d.affected, value: `${incident.affectedPeople ?? '–'} / ${incident.affectedRecords ?? '–'}` });
  }
  return list;
}

/** User-written facts, shown as plain text runs (never markdown). */
export function textFacts(locale: Locale, incident: Incident, withReporter: boolean, max = Infinity) {
  const d = stringsFor(locale).incidents.detail;
  return [
    withReporter ? { title: d.reporter, value: incident.reporterName } : undefined,
    incident.systemName ? { title: d.system, value: incident.systemName } : undefined,
    incident.actionsTaken ? { title: d.actionsTaken, value: shorten(incident.actionsTaken, max) } : undefined,
    incident.contact ? { title: d.contact, value: shorten(incident.contact, max) } : undefined,
    ...(incident.evidence ? evidenceFacts(locale, incident.evidence, max) : []),
  ].filter((fact): fact is { title: string; value: string } => fact !== undefined);
}

/** Teams refreshes a card for at most 60 users, named by MRI. */
export const refreshUserIds = (coordinatorIds: string[]): string[] =>
  coordinatorIds.slice(0, 60).map((id) => `8:orgid:${id}`);

/**
 * The message a report was made from (P1): its sender, when it was sent, Teams' link to it and,
 * with `max`, its text — plain text runs, like every user-written fact.
 */
export function evidenceFacts(
  locale: Locale,
  evidence: MessageEvidence,
  max?: number,
): { title: string; value: string }[] {
  const d = stringsFor(locale).incidents.detail;
  return [
    { title: d.evidenceSender, value: evidence.senderName ?? t(locale, 'incidents.fromMessage.unknownSender') },
    evidence.sentAt ? { title: d.evidenceSent, value: formatLocal(evidence.sentAt, locale) } : undefined,
    evidence.link ? { title: d.evidenceLink, value: evidence.link } : undefined,
    max === undefined ? undefined : { title: d.evidenceText, value: shorten(evidence.text, max) },
  ].filter((fact): fact is { title: string; value: string } => fact !== undefined);
}
