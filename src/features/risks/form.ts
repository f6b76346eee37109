import { danishToday } from '../../clock';
import { ValidationError } from '../../errors';
import { inputText } from '../../text';
import { residualErrors } from './level';
import { riskAreas, scale, treatments, type RiskArea, type ScaleValue, type Treatment } from './model';
import type { AssessmentInput } from './service';

/** The raw values of a card's inputs, as strings, for re-showing the card unchanged. */
export type FormInputs = Record<string, string>;

/** The risk form's inputs (the owner's picker `ownerPick` and text `owner` are read apart). */
export const riskFields = ['title', 'scenario', 'systems', 'area', 'owner', 'ownerPick'] as const;
/** The assess form's inputs. */
export const assessFields = [
  'likelihood',
  'confidentiality',
  'integrity',
  'availability',
  'dataSubjects',
  'treatment',
  'residualLikelihood',
  'residualConsequence',
  'nextReview',
] as const;

const limits: Record<string, number> = { title: 200, scenario: 2000, owner: 200, ownerPick: 200, systems: 2000 };

/** Keeps only the named inputs, as trimmed strings cut just past their limits (anything else in the payload is ignored). */
export function pickInputs(data: Record<string, unknown>, ids: readonly string[]): FormInputs {
  const inputs: FormInputs = {};
  for (const id of ids) {
    const value = data[id];
    if (typeof value === 'string') inputs[id] = inputText(value, limits[id] ?? 100);
  }
  return inputs;
}

/** The risk form, validated; the owner is returned as typed, to be resolved in Teams by the caller. */
export interface RiskForm {
  title: string;
  scenario: string;
  systemIds: string[];
  area?: RiskArea;
  owner: string;
}

/**
 * Validates the risk form, or throws a {@link ValidationError} naming each bad field.
 *
 * @remarks A risk concerns one or more systems of the register, or one area the policy names beyond
 * systems (P4) — one of the two.
 */
export function parseRiskForm(inputs: FormInputs): RiskForm {
  const errors: Record<string, string> = {};
  const title = inputs.title ?? '';
  const scenario = inputs.scenario ?? '';
  if (!title) errors.title = 'risks.errors.required';
  else if (title.length > limits.title!) errors.title = 'risks.errors.tooLong';
  if (!scenario) errors.scenario = 'risks.errors.required';
  else if (scenario.length > limits.scenario!) errors.scenario = 'risks.errors.tooLong';
  const systemIds = [
    ...new Set(
      (inputs.systems ?? '')
        .split(',')
        .map((id) => id.trim())
        .filter(Boolean),
    ),
  ];
  if (systemIds.some((id) => !/^[0-9a-f]{12}$/.test(id)) || systemIds.length > 20)
    errors.systems = 'risks.errors.systemUnknown';
  const area = inputs.area ?? '';
  if (area && !(riskAreas as readonly string[]).includes(area)) errors.area = 'risks.errors.choose';
  if (!errors.systems && !errors.area && (systemIds.length === 0) === !area)
    errors.systems = 'risks.errors.systemsOrArea';
  const owner = inputs.owner ?? '';
  if (!owner) errors.owner = 'risks.errors.ownerRequired';
  if (Object.keys(errors).length > 0) throw new ValidationError(errors);
  return { title, scenario, systemIds, area: (area || undefined) as RiskArea | undefined, owner };
}

const scaleOf = (value: string | undefined): ScaleValue | undefined =>
  (scale as readonly number[]).includes(Number(value)) && /^[1-4]$/.test(value ?? '')
    ? (Number(value) as ScaleValue)
    : undefined;

/** The latest next-review date accepted: the policy reviews every quarter, so a year ahead at most. */
const MAX_REVIEW_DAYS = 366;

/**
 * Validates the assess form (P4, P6), or throws a {@link ValidationError} naming each bad field:
 * every value on the 4-level scale, the data subjects only where personal data is involved (may be
 * empty), a residual not above the inherent risk, and the next review after today within a year.
 */
export function parseAssessment(inputs: FormInputs, now: Date): AssessmentInput {
  const errors: Record<string, string> = {};
  const need = (field: string): ScaleValue => {
    const value = scaleOf(inputs[field]);
    if (!value) errors[field] = 'risks.errors.choose';
    return value ?? 1;
  };
  const likelihood = need('likelihood');
  const confidentiality = need('confidentiality');
  const integrity = need('integrity');
  const availability = need('availability');
  const dataSubjects = inputs.dataSubjects ? scaleOf(inputs.dataSubjects) : undefined;
  if (inputs.dataSubjects && !dataSubjects) errors.dataSubjects = 'risks.errors.choose';
  const treatment = inputs.treatment ?? '';
  if (!(treatments as readonly string[]).includes(treatment)) errors.treatment = 'risks.errors.choose';
  const residualLikelihood = need('residualLikelihood');
  const residualConsequence = need('residualConsequence');
  const nextReview = inputs.nextReview ?? '';
  const today = danishToday(now);
  const latest = danishToday(new Date(now.getTime() + MAX_REVIEW_DAYS * 86_400_000));
  if (!/^\d{4}-\d{2}-\d{2}$/.test(nextReview) || Number.isNaN(Date.parse(nextReview)))
    errors.nextReview = 'risks.errors.date';
  else if (nextReview <= today || nextReview > latest) errors.nextReview = 'risks.errors.reviewRange';
  const consequence = { confidentiality, integrity, availability, ...(dataSubjects ? { dataSubjects } : {}) };
  const values = { likelihood, consequence, residualLikelihood, residualConsequence };
  if (Object.keys(errors).length === 0) Object.assign(errors, residualErrors(values));
  if (Object.keys(errors).length > 0) throw new ValidationError(errors);
  return { ...values, treatment: treatment as Treatment, nextReview };
}
