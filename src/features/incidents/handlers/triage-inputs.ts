import { nis2StepKeys, nis2Steps } from '../model';
import { field } from './context';

/** The triage card's own inputs with their maximum lengths (as the template's `maxLength`). */
export const triageInputLimits: Readonly<Record<string, number>> = {
  state: 20,
  severity: 20,
  assigneePick: 200,
  assignee: 120,
  isBreach: 5,
  nis2Significant: 5,
  comment: 1000,
  confirmOpenMeasures: 5,
  awarenessDate: 10,
  awarenessTime: 8,
  awarenessReason: 500,
  awarenessRegime: 5,
  ...Object.fromEntries(
    nis2Steps.flatMap((step) => [
      [nis2StepKeys[step].date, 10],
      [nis2StepKeys[step].time, 8],
    ]),
  ),
};

/**
 * What the user typed into the triage card's inputs, to show it again with an error.
 *
 * @remarks Only the card's own input ids, each cut to its length; an input the submission did not
 * carry is left out so the card shows the stored value there. Card data is shown back as text,
 * never trusted for anything else.
 */
export function enteredTriage(data: Record<string, unknown>): Record<string, string> {
  return Object.fromEntries(
    Object.entries(triageInputLimits)
      .filter(([id]) => typeof data[id] === 'string' || typeof data[id] === 'number')
      .map(([id, max]) => [id, field(data, id, max)]),
  );
}
