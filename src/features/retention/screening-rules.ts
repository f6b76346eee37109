import { isDpiaOpen, isPending, type Screening } from '../dpia/model';
import { ANONYMISED } from './rules';

/**
 * When a screening's retention period starts: when its owner answered it, once no required DPIA is
 * still open; undefined while it is pending or its DPIA is open.
 */
export function screeningRetentionStart(screening: Screening): string | undefined {
  if (isPending(screening) || isDpiaOpen(screening)) return undefined;
  return screening.dpia?.recordedAt ?? screening.answer?.answeredAt;
}

/** True when the screening is past its retention period and still names people. */
export function isScreeningDue(screening: Screening, cutoff: Date): boolean {
  const start = screeningRetentionStart(screening);
  return start !== undefined && new Date(start) < cutoff && screening.requestedBy !== ANONYMISED;
}

/**
 * The screening with the people (ids and names), the owner's free-text notes and the DPO's advice replaced; the
 * system, the trigger, every answer, the outcome with its reasons, the dates and the DPIA link stay
 * — the documented P5 decision outlives the people who made it.
 */
export function anonymiseScreening(screening: Screening): Screening {
  return {
    ...screening,
    ownerId: ANONYMISED,
    requestedBy: ANONYMISED,
    requestedByName: ANONYMISED,
    answer: screening.answer && {
      ...screening.answer,
      notes: Object.fromEntries(Object.keys(screening.answer.notes).map((key) => [key, ANONYMISED])),
      answeredBy: ANONYMISED,
      answeredByName: ANONYMISED,
    },
    dpia: screening.dpia && {
      ...screening.dpia,
      recordedBy: screening.dpia.recordedBy === undefined ? undefined : ANONYMISED,
    },
    dpoAdvice: screening.dpoAdvice?.map((advice) => ({
      ...advice,
      text: ANONYMISED,
      by: ANONYMISED,
      byName: ANONYMISED,
    })),
  };
}
