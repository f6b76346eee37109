import { ValidationError } from '../../errors';
import { inputText } from '../../text';
import { personalDataKinds, type PersonalDataKind } from '../incidents/model';
import type { CitizenServiceImpact, CriticalityAnswers, CriticalityCategory } from './criticality';
import { criticalityCategories } from './criticality';
import { majorChangeAreas, type MajorChange, type RiskAssessment } from './model';

/** The raw values of a card's inputs, as strings, for re-showing the card unchanged. */
export type FormInputs = Record<string, string>;

/** The register form's inputs. */
export const systemFields = [
  'name',
  'purpose',
  'supplier',
  'owner',
  'plan',
  'personalData',
  'personalDataKinds',
] as const;
/** The criticality card's inputs (P4 criteria). */
export const criticalityFields = ['lifeHealth', 'impact', 'statutory', 'sensitive'] as const;
export const impacts: readonly CitizenServiceImpact[] = ['shortOutage', 'shorterOutage', 'longerOutage', 'none'];

const limits: Record<string, number> = { name: 120, purpose: 1000, supplier: 200, owner: 200, plan: 500 };
/** Every input's limit as its form checks it; anything else (dates, choices, toggles) is short. */
const inputLimits: Record<string, number> = {
  ...limits,
  overrideReason: 1000,
  riskSummary: 1000,
  riskLink: 500,
  changeDescription: 2000,
};

/** Keeps only the named inputs, as trimmed strings cut just past their limits (anything else in the payload is ignored). */
export function pickInputs(data: Record<string, unknown>, ids: readonly string[]): FormInputs {
  const inputs: FormInputs = {};
  for (const id of ids) {
    const value = data[id];
    if (typeof value === 'string') inputs[id] = inputText(value, inputLimits[id] ?? 100);
  }
  return inputs;
}

const isUrl = (value: string): boolean => /^https:\/\/[^\s]+$/i.test(value) && value.length <= 500;

/** The register form, validated; the owner is returned as typed and resolved by the caller. */
export interface SystemForm {
  name: string;
  purpose: string;
  supplier: string;
  owner: string;
  contingencyPlanUrl?: string;
  personalData: boolean;
  personalDataKinds: PersonalDataKind[];
}

/** Validates the register form (P4), or throws a {@link ValidationError} naming each bad field. */
export function parseSystemForm(inputs: FormInputs): SystemForm {
  const errors: Record<string, string> = {};
  const text = (id: string): string => {
    const value = inputs[id] ?? '';
    if (!value) errors[id] = 'systems.errors.required';
    else if (value.length > limits[id]) errors[id] = 'systems.errors.tooLong';
    return value;
  };
  const name = text('name');
  const purpose = text('purpose');
  const supplier = text('supplier');
  const owner = text('owner');
  const plan = inputs.plan ?? '';
  if (plan && !isUrl(plan)) errors.plan = 'systems.errors.url';
  const personalData = inputs.personalData;
  if (personalData !== 'yes' && personalData !== 'no') errors.personalData = 'systems.errors.required';
  const kinds = (inputs.personalDataKinds ?? '')
    .split(',')
    .map((kind) => personalDataKinds.find((known) => known === kind.trim()))
    .filter((kind): kind is PersonalDataKind => kind !== undefined);
  if (personalData === 'yes' && kinds.length === 0) errors.personalDataKinds = 'systems.errors.kindsRequired';
  if (Object.keys(errors).length > 0) throw new ValidationError(errors);
  return {
    name,
    purpose,
    supplier,
    owner,
    contingencyPlanUrl: plan || undefined,
    personalData: personalData === 'yes',
    personalDataKinds: personalData === 'yes' ? kinds : [],
  };
}

const yesNo = (value: string | undefined): boolean | undefined =>
  value === 'yes' ? true : value === 'no' ? false : undefined;

/** Validates the answers to the criticality criteria (P4). */
export function parseCriticality(inputs: FormInputs): CriticalityAnswers {
  const errors: Record<string, string> = {};
  const lifeHealth = yesNo(inputs.lifeHealth);
  const statutory = yesNo(inputs.statutory);
  const sensitive = yesNo(inputs.sensitive);
  const impact = impacts.find((value) => value === inputs.impact);
  if (lifeHealth === undefined) errors.lifeHealth = 'systems.errors.required';
  if (statutory === undefined) errors.statutory = 'systems.errors.required';
  if (sensitive === undefined) errors.sensitive = 'systems.errors.required';
  if (!impact) errors.impact = 'systems.errors.required';
  if (Object.keys(errors).length > 0) throw new ValidationError(errors);
  return {
    lifeAndHealthRiskOnOutage: lifeHealth as boolean,
    citizenServiceImpact: impact as CitizenServiceImpact,
    statutoryService: statutory as boolean,
    especiallySensitivePersonalData: sensitive as boolean,
  };
}

/** The criticality answers as the card's input values. */
export const criticalityInputs = (answers: CriticalityAnswers | undefined): FormInputs =>
  answers
    ? {
        lifeHealth: answers.lifeAndHealthRiskOnOutage ? 'yes' : 'no',
        impact: answers.citizenServiceImpact,
        statutory: answers.statutoryService ? 'yes' : 'no',
        sensitive: answers.especiallySensitivePersonalData ? 'yes' : 'no',
      }
    : {};

/** The category the coordinator chose. */
export const parseCategory = (value: unknown): CriticalityCategory | undefined =>
  criticalityCategories.find((category) => category === value);

const isoDate = (value: string | undefined): boolean =>
  // A real calendar date: `2026-02-31` would otherwise roll over to 3 March and be stored as typed.
  !!value &&
  /^\d{4}-\d{2}-\d{2}$/.test(value) &&
  !Number.isNaN(Date.parse(`${value}T00:00:00Z`)) &&
  new Date(`${value}T00:00:00Z`).toISOString().startsWith(value);

/** Validates a recorded risk assessment (P4); `by` is the acting user's name. */
export function parseRiskAssessment(inputs: FormInputs, by: string): Omit<RiskAssessment, 'recordedAt'> {
  const errors: Record<string, string> = {};
  if (!isoDate(inputs.riskDate))
    errors.riskDate = inputs.riskDate ? 'systems.errors.invalidDate' : 'systems.errors.required';
  const summary = inputs.riskSummary ?? '';
  if (!summary) errors.riskSummary = 'systems.errors.required';
  else if (summary.length > 1000) errors.riskSummary = 'systems.errors.tooLong';
  const link = inputs.riskLink ?? '';
  if (link && !isUrl(link)) errors.riskLink = 'systems.errors.url';
  if (Object.keys(errors).length > 0) throw new ValidationError(errors);
  return { date: inputs.riskDate as string, by, summary, link: link || undefined };
}

/** Validates a recorded major change (P8). */
export function parseMajorChange(inputs: FormInputs): Pick<MajorChange, 'area' | 'description'> {
  const errors: Record<string, string> = {};
  const area = majorChangeAreas.find((value) => value === inputs.changeArea);
  if (!area) errors.changeArea = 'systems.errors.required';
  const description = inputs.changeDescription ?? '';
  if (!description) errors.changeDescription = 'systems.errors.required';
  else if (description.length > 2000) errors.changeDescription = 'systems.errors.tooLong';
  if (Object.keys(errors).length > 0) throw new ValidationError(errors);
  return { area: area as MajorChange['area'], description };
}
