import { expandCard, type AdaptiveCard } from '../../platform/cards';
import { stringsFor, t, type Locale } from '../../i18n';
import { notificationTime } from './breach-form';
import { formatLocal } from './deadlines';
import { awarenessLine } from './breach-clock';
import { nis2StepViews } from './nis2-card';
import { nis2UpdateKinds, type Incident, type Nis2Update, type Nis2UpdateKind } from './model';

/** The inputs of the NIS2 reports card, with their maximum lengths. */
export const nis2UpdateInputLimits = {
  updateKind: 10,
  updateRequestedDate: 10,
  updateRequestedTime: 8,
  updateSentDate: 10,
  updateSentTime: 8,
  updateNote: 1000,
} as const;
export type Nis2UpdateInputId = keyof typeof nis2UpdateInputLimits;
export type Nis2UpdateInputs = Record<Nis2UpdateInputId, string>;

/** An intermediate or progress report as read from the card, before the service checks it against the record. */
export type Nis2UpdateDraft = Omit<Nis2Update, 'recordedBy' | 'recordedAt'>;

/**
 * Reads an intermediate or progress report (NIS2 art. 23(4)(c), (e)): which one, when it was sent
 * (date and time, Danish time, not in the future), and for an intermediate report when the
 * authority asked for it (not after it was sent).
 *
 * @remarks P3. Times against awareness and the incident's state are the service's to check.
 */
export function readNis2Update(
  inputs: Nis2UpdateInputs,
  now: Date,
): { draft: Nis2UpdateDraft; errors: Record<string, string> } {
  const errors: Record<string, string> = {};
  const kind = (nis2UpdateKinds as readonly string[]).includes(inputs.updateKind)
    ? (inputs.updateKind as Nis2UpdateKind)
    : undefined;
  if (!kind) errors.updateKind = 'nis2Updates.errorKind';
  const sentAt = notificationTime(inputs.updateSentDate, inputs.updateSentTime);
  if (!sentAt) errors.updateSentDate = 'incidents.errors.dateTime';
  else if (sentAt > now) errors.updateSentDate = 'incidents.errors.future';
  const requestedAt =
    kind === 'interim' ? notificationTime(inputs.updateRequestedDate, inputs.updateRequestedTime) : undefined;
  if (kind === 'interim' && (!requestedAt || (sentAt && requestedAt > sentAt)))
    errors.updateRequestedDate = 'nis2Updates.errorRequested';
  return {
    draft: {
      kind: kind ?? 'interim',
      requestedAt: requestedAt?.toISOString(),
      sentAt: sentAt?.toISOString() ?? '',
      note: inputs.updateNote || undefined,
    },
    errors,
  };
}

/** One recorded report as a line: which, when asked for, when sent, by whom. */
export function nis2UpdateLine(locale: Locale, update: Nis2Update): string {
  const kind = stringsFor(locale).nis2Updates.kinds[update.kind];
  const at = formatLocal(update.sentAt, locale);
  return update.requestedAt
    ? t(locale, 'nis2Updates.requestedLine', {
        kind,
        requested: formatLocal(update.requestedAt, locale),
        at,
        by: update.recordedBy,
      })
    : t(locale, 'nis2Updates.line', { kind, at, by: update.recordedBy });
}

/** What the card shows besides the record: a banner, the errors and the values typed after an error. */
export interface Nis2UpdatesOptions {
  /** Now, for the time left to each deadline. */
  now: Date;
  banner?: { text: string; isError: boolean };
  errors?: Record<string, string>;
  entered?: Partial<Nis2UpdateInputs>;
}

/**
 * The coordinator's NIS2 card (P3, NIS2 art. 23(4)): the deadlines of the early warning, incident
 * notification and final report as they stand, the intermediate and progress reports recorded, a
 * form for the next, and the record as a document. Opened from the triage card of any significant
 * incident (a personal-data breach or not) and from "Tekst til Datatilsynet".
 */
export function nis2UpdatesCard(locale: Locale, incident: Incident, options: Nis2UpdatesOptions): AdaptiveCard {
  const s = stringsFor(locale).nis2Updates;
  const v: Nis2UpdateInputs = {
    updateKind: '',
    updateRequestedDate: '',
    updateRequestedTime: '',
    updateSentDate: '',
    updateSentTime: '',
    updateNote: '',
    ...options.entered,
  };
  const errors = Object.fromEntries(
    Object.keys(nis2UpdateInputLimits).map((id) => [id, options.errors?.[id] ? t(locale, options.errors[id]) : '']),
  );
  return expandCard('incidents/nis2-updates', {
    s: { ...s, recordTitle: stringsFor(locale).breachRecord.open },
    awareness: awarenessLine(locale, incident, 'nis2'),
    steps: nis2StepViews(locale, incident, options.now).map(({ title, deadline, status, statusColor }) => ({
      title,
      deadline,
      status,
      statusColor,
    })),
    heading: t(locale, 'nis2Updates.heading', { number: incident.number }),
    number: incident.number,
    version: incident.version,
    banner: options.banner?.text ?? '',
    bannerColor: options.banner?.isError ? 'Attention' : 'Good',
    updates: (incident.nis2Updates ?? []).map((update) => ({
      line: nis2UpdateLine(locale, update),
      note: update.note ?? '',
    })),
    noUpdates: (incident.nis2Updates ?? []).length === 0,
    kindChoices: nis2UpdateKinds.map((value) => ({ value, title: s.kinds[value] })),
    v,
    errors,
  });
}
