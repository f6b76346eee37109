import { expandCard, type AdaptiveCard } from '../../platform/cards';
import { stringsFor, t, type Locale } from '../../i18n';
import { categoriesOf, detailsInputLimits, supplementEntries, type DetailsInputId } from './breach-details';
import { formatLocal } from './deadlines';
import { subjectCategories, type Incident } from './model';

/** What the notification details card shows besides the record. */
export interface BreachDetailsOptions {
  /** The holder of the DPO role (name and work e-mail), offered while no contact point is recorded. */
  dpo?: { name: string; contact?: string };
  banner?: { text: string; isError: boolean };
  /** Input id → message key, after an error. */
  errors?: Record<string, string>;
  /** What was typed, shown again after an error (input id → text). */
  entered?: Partial<Record<DetailsInputId, string>>;
}

/** A supplementary notification as one line: its reference and note after who recorded it when. */
const supplementText = (reference?: string, note?: string): string => [reference, note].filter(Boolean).join(' – ');

/**
 * The coordinator's card of the art. 33(3) facts and the phased notification (P3, art. 33(3)–(4)):
 * categories of data subjects, the coordinator's estimates beside the reporter's numbers, the DPO
 * as contact point, the initial notification and every supplementary one, and a form for the next.
 *
 * @remarks Its own card, so the triage card stays within its budget. After an error every value
 * typed is shown again; otherwise the stored values (or, for the contact point not yet recorded,
 * the DPO role's holder).
 */
export function breachDetailsCard(
  locale: Locale,
  incident: Incident,
  options: BreachDetailsOptions = {},
): AdaptiveCard {
  return expandCard('incidents/breach-details', breachDetailsData(locale, incident, options));
}

/** The data the notification details template is expanded with (its sample: `breach-details.data.json`). */
export function breachDetailsData(locale: Locale, incident: Incident, options: BreachDetailsOptions = {}): object {
  const strings = stringsFor(locale).incidents;
  const s = strings.breachDetails;
  const stored = incident.breachDetails;
  const decision = incident.breachDecision;
  const initial = decision?.notify ? decision.notifiedAt : undefined;
  const dpoOffered = !stored?.dpoName && !stored?.dpoContact;
  const number = (value?: number) => (value === undefined ? '' : String(value));
  const v: Record<DetailsInputId, string> = {
    subjectCategories: categoriesOf(stored).join(','),
    otherSubjects: stored?.otherSubjects ?? '',
    estimatedPeople: number(stored?.estimatedPeople),
    estimatedRecords: number(stored?.estimatedRecords),
    dpoName: stored?.dpoName ?? (dpoOffered ? (options.dpo?.name ?? '') : ''),
    dpoContact: stored?.dpoContact ?? (dpoOffered ? (options.dpo?.contact ?? '') : ''),
    supplementDate: '',
    supplementTime: '',
    supplementReference: '',
    supplementNote: '',
    supplementCorrects: '',
    supplementReason: '',
    ...options.entered,
  };
  const errors = Object.fromEntries(
    Object.keys(detailsInputLimits).map((id) => [id, options.errors?.[id] ? t(locale, options.errors[id]) : '']),
  );
  const given = (value?: number) => (value === undefined ? s.notGiven : String(value));
  return {
    s,
    heading: t(locale, 'incidents.breachDetails.heading', { number: incident.number }),
    number: incident.number,
    version: incident.version,
    banner: options.banner?.text ?? '',
    bannerColor: options.banner?.isError ? 'Attention' : 'Good',
    categoryChoices: subjectCategories.map((value) => ({ value, title: strings.subjectCategories[value] })),
    reported: t(locale, 'incidents.breachDetails.reported', {
      people: given(incident.affectedPeople),
      records: given(incident.affectedRecords),
    }),
    dpoHint: dpoOffered ? (options.dpo ? s.dpoSuggested : s.dpoMissing) : '',
    recorded: stored
      ? t(locale, 'incidents.breachDetails.recorded', {
          by: stored.recordedBy,
          at: formatLocal(stored.recordedAt, locale),
        })
      : '',
    initial: initial
      ? decision?.reference
        ? t(locale, 'incidents.breachDetails.initialReference', {
            at: formatLocal(initial, locale),
            reference: decision.reference,
          })
        : t(locale, 'incidents.breachDetails.initial', { at: formatLocal(initial, locale) })
      : s.noInitial,
    supplements: supplementEntries(incident.supplements).map(({ index, supplement, correctedBy }) => ({
      line:
        (supplement.corrects
          ? t(locale, 'supplementCorrection.line', {
              index,
              corrects: supplement.corrects,
              at: formatLocal(supplement.sentAt, locale),
              by: supplement.recordedBy,
            })
          : t(locale, 'incidents.breachDetails.supplementLine', {
              index,
              at: formatLocal(supplement.sentAt, locale),
              by: supplement.recordedBy,
            })) + (correctedBy ? `${t(locale, 'supplementCorrection.correctedBy', { index: correctedBy })} ` : ''),
      text: [
        supplementText(supplement.reference, supplement.note),
        supplement.reason ? t(locale, 'supplementCorrection.reasonText', { reason: supplement.reason }) : '',
      ]
        .filter(Boolean)
        .join(' – '),
    })),
    canSupplement: initial !== undefined,
    canCorrect: initial !== undefined && (incident.supplements ?? []).length > 0,
    c: stringsFor(locale).supplementCorrection,
    correctChoices: supplementEntries(incident.supplements).map(({ index, supplement }) => ({
      value: String(index),
      title: t(locale, 'supplementCorrection.choice', { index, at: formatLocal(supplement.sentAt, locale) }),
    })),
    v,
    errors,
  };
}
