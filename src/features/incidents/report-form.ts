import { inputText } from '../../text';
import { ValidationError } from '../../errors';
import { parseLocal } from './deadlines';
import {
  incidentKinds,
  personalDataAnswers,
  personalDataKinds,
  type IncidentKind,
  type IncidentReport,
  type PersonalDataAnswer,
  type PersonalDataKind,
} from './model';

/** Maximum lengths of the report's free-text fields (a card stays well under Teams' size limit). */
export const limits = {
  title: 120,
  description: 4000,
  systemName: 120,
  systemOther: 120,
  actionsTaken: 2000,
  contact: 200,
} as const;

/** The raw values of the report card's inputs, as strings, for re-showing the card unchanged. */
export type ReportInputs = Record<string, string>;

/** The report card's input ids. */
export const reportFieldIds = [
  'title',
  'description',
  'occurredDate',
  'occurredTime',
  'discoveredDate',
  'discoveredTime',
  'kind',
  'systemName',
  'systemOther',
  'personalData',
  'personalDataKinds',
  'affectedPeople',
  'affectedRecords',
  'actionsTaken',
  'contact',
] as const;

/** The longest value an input without a text limit takes (dates, times, choices, numbers). */
const CHOICE_MAX = 100;

/**
 * Keeps only the card's own inputs, as trimmed strings cut just past their limits (anything else
 * in the payload is ignored).
 */
export function pickInputs(data: Record<string, unknown>): ReportInputs {
  const inputs: ReportInputs = {};
  for (const id of reportFieldIds) {
    const value = data[id];
    if (typeof value === 'string') inputs[id] = inputText(value, limits[id as keyof typeof limits] ?? CHOICE_MAX);
    else if (typeof value === 'number' && Number.isFinite(value)) inputs[id] = String(value);
  }
  return inputs;
}

const oneOf = <T extends string>(options: readonly T[], value: string | undefined): T | undefined =>
  options.find((option) => option === value);

const count = (value: string | undefined): number | undefined | 'invalid' => {
  if (!value) return undefined;
  if (!/^\d{1,9}$/.test(value)) return 'invalid';
  return Number(value);
};

/**
 * Validates the report card's inputs (P1) and returns the report, or throws a
 * {@link ValidationError} naming each bad field with a locale key.
 *
 * @remarks Dates are read in Danish time; a report may not lie in the future (five minutes'
 * slack for clocks), and discovery cannot precede the incident.
 */
export function parseReport(inputs: ReportInputs, now: Date): IncidentReport {
  const errors: Record<string, string> = {};
  const text = (id: keyof typeof limits, required: boolean): string | undefined => {
    const value = inputs[id];
    if (!value) {
      if (required) errors[id] = 'incidents.errors.required';
      return undefined;
    }
    if (value.length > limits[id]) errors[id] = 'incidents.errors.tooLong';
    return value;
  };
  const title = text('title', true);
  const description = text('description', true);
  const kind = oneOf<IncidentKind>(incidentKinds, inputs.kind);
  if (!kind) errors.kind = 'incidents.errors.required';
  // With systems registered the card offers them in a list and a text field for one that is not
  // (shadow IT is what the coordinator most needs to hear about); without, the text field alone.
  const chosen = text('systemName', false);
  const other = text('systemOther', false);
  if (chosen && other) errors.systemOther = 'incidents.errors.systemChooseOne';
  const systemName = chosen ?? other;
  if (kind === 'system' && !systemName) errors.systemName = 'incidents.errors.required';
  const personalData = oneOf<PersonalDataAnswer>(personalDataAnswers, inputs.personalData);
  if (!personalData) errors.personalData = 'incidents.errors.required';
  const kinds = (inputs.personalDataKinds ?? '')
    .split(',')
    .map((item) => oneOf<PersonalDataKind>(personalDataKinds, item.trim()))
    .filter((item): item is PersonalDataKind => item !== undefined);
  if ((personalData === 'yes' || kind === 'personalData') && kinds.length === 0) {
    errors.personalDataKinds = 'incidents.errors.kindsRequired';
  }

  const latest = new Date(now.getTime() + 5 * 60_000);
  const discovered = parseLocal(inputs.discoveredDate, inputs.discoveredTime);
  if (!inputs.discoveredDate) errors.discoveredDate = 'incidents.errors.required';
  else if (!discovered) errors.discoveredDate = 'incidents.errors.invalidDate';
  else if (discovered > latest) errors.discoveredDate = 'incidents.errors.future';
  const occurred = inputs.occurredDate ? parseLocal(inputs.occurredDate, inputs.occurredTime) : undefined;
  if (inputs.occurredDate && !occurred) errors.occurredDate = 'incidents.errors.invalidDate';
  else if (occurred && occurred > latest) errors.occurredDate = 'incidents.errors.future';
  else if (occurred && discovered && discovered < occurred) errors.discoveredDate = 'incidents.errors.beforeOccurred';

  const affectedPeople = count(inputs.affectedPeople);
  const affectedRecords = count(inputs.affectedRecords);
  if (affectedPeople === 'invalid') errors.affectedPeople = 'incidents.errors.number';
  if (affectedRecords === 'invalid') errors.affectedRecords = 'incidents.errors.number';
  const actionsTaken = text('actionsTaken', false);
  const contact = text('contact', false);

  if (Object.keys(errors).length > 0) throw new ValidationError(errors);
  return {
    title: title as string,
    description: description as string,
    occurredAt: occurred?.toISOString(),
    discoveredAt: (discovered as Date).toISOString(),
    kind: kind as IncidentKind,
    // Kept for every kind: a breach in a named system tells the coordinator where to look (P2).
    systemName,
    personalData: personalData as PersonalDataAnswer,
    personalDataKinds: personalData === 'no' && kind !== 'personalData' ? [] : kinds,
    affectedPeople: affectedPeople as number | undefined,
    affectedRecords: affectedRecords as number | undefined,
    actionsTaken,
    contact,
  };
}

/** How many registered systems a report card offers to choose from when a typed name matches several. */
export const SYSTEM_MATCHES_SHOWN = 25;

const folded = (text: string): string => text.toLocaleLowerCase('da-DK').replace(/\s+/g, ' ').trim();

/**
 * A system name as the report card gave it, against the register (P4): a registered name as it is
 * registered, a typed part that only one registered name contains as that name, or else the
 * registered names that contain it (none when nothing does).
 *
 * @remarks With a register too big for the card the reporter types the name instead of choosing it;
 * card data is never trusted either way, so a chosen name is checked the same.
 */
export function matchSystem(typed: string, registered: readonly string[]): { name: string } | { choices: string[] } {
  const wanted = folded(typed);
  const exact = registered.find((name) => folded(name) === wanted);
  if (exact) return { name: exact };
  const containing = registered.filter((name) => folded(name).includes(wanted));
  if (containing.length === 1) return { name: containing[0] as string };
  return { choices: containing.slice(0, SYSTEM_MATCHES_SHOWN) };
}
