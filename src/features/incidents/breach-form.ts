import { parseLocal } from './deadlines';
import {
  subjectsChoices,
  subjectsGrounds,
  type BreachDecision,
  type SubjectsChoice,
  type SubjectsDecision,
  type SubjectsGround,
} from './model';

/** The breach decision's inputs on the triage card (ids as in the template), as plain strings. */
export interface BreachDecisionInputs {
  decision: string;
  justification: string;
  consequences: string;
  notifiedDate: string;
  notifiedTime: string;
  reference: string;
  delayReason: string;
  subjectsChoice: string;
  subjectsDate: string;
  subjectsTime: string;
  subjectsHow: string;
  subjectsGround: string;
  subjectsReason: string;
}

/** The ids of those inputs, in the order the card shows them. */
export const breachDecisionInputIds: readonly (keyof BreachDecisionInputs)[] = [
  'decision',
  'justification',
  'consequences',
  'notifiedDate',
  'notifiedTime',
  'reference',
  'delayReason',
  'subjectsChoice',
  'subjectsDate',
  'subjectsTime',
  'subjectsHow',
  'subjectsGround',
  'subjectsReason',
];

/** The decision as read from the card, before the service adds who recorded it and checks it against the record. */
export type BreachDecisionDraft = Omit<BreachDecision, 'decidedBy' | 'decidedAt'>;

const clockTime = /^\d{2}:\d{2}(:\d{2})?$/;

/**
 * A moment a notification was made: the date and the clock time, both required, in Danish time.
 * Midnight is never assumed: a date alone would judge a notification sent that evening as on time.
 */
export const notificationTime = (date: string, time: string): Date | undefined =>
  clockTime.test(time) ? parseLocal(date, time) : undefined;

/**
 * Reads the art. 33 decision and the art. 34 choice from the card, or says which inputs are wrong
 * (by input id, as message keys).
 *
 * @remarks P3. The notification to Datatilsynet needs its date and time (art. 33(1)'s 72 hours are
 * counted in hours). Art. 34 has no default: the coordinator says the data subjects were told (when
 * and how), were not told (the art. 34(3) ground or a justification), or that it is not decided yet.
 * Times in the future are refused here; times before awareness by the service, which knows it.
 */
export function readBreachDecision(
  inputs: BreachDecisionInputs,
  now: Date,
): { draft: BreachDecisionDraft; errors: Record<string, string> } {
  const errors: Record<string, string> = {};
  const notify = inputs.decision === 'notify';
  if (!notify && inputs.decision !== 'notNotify') errors.decision = 'incidents.errors.decision';
  if (!inputs.justification) errors.justification = 'incidents.errors.required';
  if (!inputs.consequences) errors.consequences = 'incidents.errors.required';
  const notifiedAt = notificationTime(inputs.notifiedDate, inputs.notifiedTime);
  if (notify && !notifiedAt) errors.notifiedDate = 'incidents.errors.dateTime';
  else if (notify && notifiedAt && notifiedAt > now) errors.notifiedDate = 'incidents.errors.future';
  const subjects = readSubjects(inputs, now, errors);
  return {
    draft: {
      notify,
      justification: inputs.justification,
      consequences: inputs.consequences,
      notifiedAt: notify ? notifiedAt?.toISOString() : undefined,
      reference: inputs.reference || undefined,
      delayReason: inputs.delayReason || undefined,
      subjects,
    },
    errors,
  };
}

function readSubjects(inputs: BreachDecisionInputs, now: Date, errors: Record<string, string>): SubjectsDecision {
  const choice = subjectsChoices.find((option) => option === inputs.subjectsChoice) as SubjectsChoice | undefined;
  if (!choice) {
    errors.subjectsChoice = 'incidents.errors.subjectsChoice';
    return { choice: 'undecided' };
  }
  if (choice === 'notified') {
    const at = notificationTime(inputs.subjectsDate, inputs.subjectsTime);
    if (!at) errors.subjectsDate = 'incidents.errors.dateTime';
    else if (at > now) errors.subjectsDate = 'incidents.errors.future';
    if (!inputs.subjectsHow) errors.subjectsHow = 'incidents.errors.required';
    return { choice, at: at?.toISOString() ?? '', how: inputs.subjectsHow };
  }
  if (choice === 'notNotified') {
    const ground = subjectsGrounds.find((option) => option === inputs.subjectsGround) as SubjectsGround | undefined;
    if (!ground && !inputs.subjectsReason) errors.subjectsReason = 'incidents.errors.subjectsGround';
    return { choice, ground, justification: inputs.subjectsReason || undefined };
  }
  return { choice };
}
