import { expandCard, type AdaptiveCard } from '../../platform/cards';
import { stringsFor, t, type Locale } from '../../i18n';
import { breachClock } from './breach-clock';
import { breachDecisionInputIds, type BreachDecisionInputs } from './breach-form';
import { localizeErrors } from './card-parts';
import { toLocalInputs } from './deadlines';
import { subjectsOf, type Incident } from './model';

/** The decision card's inputs with their maximum lengths (as the template's `maxLength`). */
export const breachDecisionInputLimits: Readonly<Record<keyof BreachDecisionInputs, number>> = {
  decision: 20,
  justification: 2000,
  consequences: 2000,
  notifiedDate: 10,
  notifiedTime: 8,
  reference: 100,
  delayReason: 2000,
  subjectsChoice: 20,
  subjectsDate: 10,
  subjectsTime: 8,
  subjectsHow: 500,
  subjectsGround: 5,
  subjectsReason: 2000,
};

/** The inputs an error can be shown under. */
const errorFields = [
  'decision',
  'justification',
  'consequences',
  'notifiedDate',
  'delayReason',
  'subjectsChoice',
  'subjectsDate',
  'subjectsHow',
  'subjectsReason',
] as const;

/** The decision as stored, in the card's input values; nothing chosen for art. 34 until the coordinator chooses. */
function storedValues(incident: Incident): Record<keyof BreachDecisionInputs, string> {
  const decision = incident.breachDecision;
  const subjects = subjectsOf(decision);
  const notified = decision?.notifiedAt ? toLocalInputs(decision.notifiedAt) : { date: '', time: '' };
  const told = subjects.choice === 'notified' ? toLocalInputs(subjects.at) : { date: '', time: '' };
  return {
    decision: decision ? (decision.notify ? 'notify' : 'notNotify') : '',
    justification: decision?.justification ?? '',
    consequences: decision?.consequences ?? '',
    notifiedDate: notified.date,
    notifiedTime: notified.time,
    reference: decision?.reference ?? '',
    delayReason: decision?.delayReason ?? '',
    // Art. 34 has no default: an old record without the choice reads as not yet decided.
    subjectsChoice: decision ? subjects.choice : '',
    subjectsDate: told.date,
    subjectsTime: told.time,
    subjectsHow: subjects.choice === 'notified' ? subjects.how : '',
    subjectsGround: subjects.choice === 'notNotified' ? (subjects.ground ?? '') : '',
    subjectsReason: subjects.choice === 'notNotified' ? (subjects.justification ?? '') : '',
  };
}

/** What the card shows besides the record: a banner, the errors and the values typed after an error. */
export interface BreachDecisionOptions {
  now: Date;
  banner?: { text: string; isError: boolean };
  errors?: Record<string, string>;
  /** What the user typed, shown again in full with an error (by input id). */
  entered?: Partial<Record<string, string>>;
}

/**
 * The coordinator's card for the breach assessment and decision (P3, GDPR art. 33–34): the 72-hour
 * clock, notify or not with the justification and likely consequences, when Datatilsynet was
 * notified and the reason for a delay, and art. 34 — opened from the triage card, so that card keeps
 * room for what the coordinator does every day.
 *
 * @remarks The inputs always hold the whole stored or typed value (up to 4 × 2,000 characters), so a
 * form shown again after an error keeps everything typed; the card shows no other user text than the
 * incident's title, so it stays within the card budget.
 */
export function breachDecisionCard(locale: Locale, incident: Incident, options: BreachDecisionOptions): AdaptiveCard {
  const clock = breachClock(locale, incident, options.now);
  const stored = storedValues(incident);
  const v = Object.fromEntries(breachDecisionInputIds.map((id) => [id, options.entered?.[id] ?? stored[id]]));
  return expandCard('incidents/breach-decision', {
    s: {
      ...stringsFor(locale).incidents.triage,
      ...stringsFor(locale).breachDecision,
      back: stringsFor(locale).nis2Updates.back,
    },
    heading: t(locale, 'breachDecision.heading', { number: incident.number }),
    number: incident.number,
    version: incident.version,
    title: incident.title,
    banner: options.banner?.text ?? '',
    bannerColor: options.banner?.isError ? 'Attention' : 'Good',
    breachStyle: clock.style,
    breach: clock,
    v,
    errors: localizeErrors(locale, errorFields, options.errors ?? {}),
  });
}
