import { expandCard, type AdaptiveCard } from '../../platform/cards';
import { stringsFor, t, type Locale } from '../../i18n';
import { gdprAwareness } from './awareness';
import { categoriesOf, currentSupplements } from './breach-details';
import { formatLocal, gdprDeadline } from './deadlines';
import type { Incident } from './model';
import { subjectsText } from './triage-card';

/** One field of Datatilsynet's breach form with the text to paste into it. */
export interface FormField {
  label: string;
  value: string;
}

/**
 * The text of each field Datatilsynet's breach notification form asks (GDPR art. 33(3)), filled
 * from the record, in Danish, for the coordinator to paste (P3).
 *
 * @remarks Always Danish: the form is. A fact the record does not hold is said as missing, never
 * guessed, so the coordinator sees what to add before sending. Free text is the record's own.
 */
export function notificationFormFields(incident: Incident): FormField[] {
  const s = stringsFor('da').incidents;
  const f = s.notificationForm;
  const decision = incident.breachDecision;
  const details = incident.breachDetails;
  const missing = f.missing;
  const awareness = gdprAwareness(incident);
  const notifiedAt = decision?.notifiedAt;
  const late = notifiedAt !== undefined && new Date(notifiedAt) > gdprDeadline(awareness);
  const doneMeasures = incident.measures.filter((measure) => measure.done).map((measure) => measure.text);
  const plannedMeasures = incident.measures.filter((measure) => !measure.done).map((measure) => measure.text);
  const fields: [string, string | undefined][] = [
    [f.reference, incident.number],
    [f.occurred, incident.occurredAt && formatLocal(incident.occurredAt, 'da')],
    [f.aware, formatLocal(awareness, 'da')],
    [f.notified, notifiedAt && formatLocal(notifiedAt, 'da')],
    [f.delay, notifiedAt === undefined ? undefined : late ? decision?.delayReason : f.notLate],
    [f.nature, `${incident.title}\n${incident.description}`],
    [
      f.dataKinds,
      incident.personalDataKinds.length > 0
        ? incident.personalDataKinds.map((kind) => s.personalDataKinds[kind]).join(', ')
        : undefined,
    ],
    [f.categories, categoriesText(incident)],
    [f.people, countText(details?.estimatedPeople, incident.affectedPeople)],
    [f.records, countText(details?.estimatedRecords, incident.affectedRecords)],
    [f.consequences, decision?.consequences],
    [f.measuresTaken, [incident.actionsTaken, ...doneMeasures].filter(Boolean).join('\n') || undefined],
    [f.measuresPlanned, plannedMeasures.join('\n') || undefined],
    [f.subjects, decision ? subjectsText('da', decision) : undefined],
    [f.system, incident.systemName],
    [f.contact, [details?.dpoName, details?.dpoContact].filter(Boolean).join(', ') || undefined],
    [f.phases, supplementsText(incident)],
  ];
  return fields.map(([label, value]) => ({ label, value: value || missing }));
}

/** A number the form asks: the coordinator's estimate with the reporter's beside it, or the reporter's alone. */
function countText(estimate: number | undefined, reported: number | undefined): string | undefined {
  if (estimate === undefined) return reported === undefined ? undefined : `ca. ${reported}`;
  if (reported === undefined || reported === estimate) return `ca. ${estimate}`;
  return t('da', 'incidents.notificationForm.estimate', { estimate, reported });
}

/** The categories of data subjects (art. 33(3)(a)), "other" in the coordinator's words. */
function categoriesText(incident: Incident): string | undefined {
  const s = stringsFor('da').incidents;
  const details = incident.breachDetails;
  const names = categoriesOf(details).map((category) =>
    category === 'others' && details?.otherSubjects
      ? `${s.subjectCategories.others}: ${details.otherSubjects}`
      : s.subjectCategories[category],
  );
  return names.join(', ') || undefined;
}

/** Every supplementary notification (art. 33(4)): when, reference, note; "ingen" once the initial one is sent. */
function supplementsText(incident: Incident): string | undefined {
  // As they stand: an entry corrected later is replaced by its correction (both stay on the record).
  const supplements = currentSupplements(incident.supplements).map((entry) => entry.supplement);
  if (supplements.length === 0)
    return incident.breachDecision?.notifiedAt ? stringsFor('da').incidents.notificationForm.noSupplements : undefined;
  return supplements
    .map((supplement) =>
      [formatLocal(supplement.sentAt, 'da'), supplement.reference, supplement.note].filter(Boolean).join(' – '),
    )
    .join('\n');
}

/** The card with the form's text (P3): Danish field texts, the card's own words in the user's language. */
export function notificationFormCard(locale: Locale, incident: Incident): AdaptiveCard {
  const f = stringsFor(locale).incidents.notificationForm;
  return expandCard('incidents/notification-form', {
    heading: t(locale, 'incidents.notificationForm.heading', { number: incident.number }),
    intro: f.intro,
    number: incident.number,
    detailsTitle: stringsFor(locale).incidents.breachDetails.open,
    recordTitle: stringsFor(locale).breachRecord.open,
    isNis2: incident.nis2Significant,
    nis2UpdatesTitle: stringsFor(locale).nis2Updates.open,
    backTitle: f.back,
    fields: notificationFormFields(incident),
  });
}
