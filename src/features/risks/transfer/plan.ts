import { ValidationError } from '../../../errors';
import type { Table } from '../../transfer/limits';
import type { FoundOwner } from '../../transfer/owners';
import { countOutcomes, type ImportPlan, type PlannedRowBase } from '../../transfer/plan';
import { parseAssessment } from '../form';
import type { RiskRecord } from '../model';
import type { AssessmentInput, RiskInput } from '../service';
import { assessmentFields, type RiskColumnMapping, type RiskImportField } from './columns';
import { concernsOf, concernsKey, ownerOf, titleKey, type SystemName } from './row-match';
import {
  cellsOf,
  isoDate,
  riskIdOf,
  scaleText,
  tooLong,
  treatmentOf,
  type RiskCells,
  type RiskRowProblem,
} from './row-values';

/** One row of a risk import's dry run. */
export interface PlannedRiskRow extends PlannedRowBase {
  /** `id:<risk id>` or `title:<normalised title>|<systems or area>` (docs/IMPORT.md). */
  key: string;
  problems: Partial<Record<RiskImportField, RiskRowProblem>>;
  /** The risk it changes (or leaves unchanged). */
  riskId?: string;
  /** The version of the risk the row was planned against: a risk changed meanwhile is not written over. */
  version?: number;
  /** The risk's details as they become, when they change (all of them for a new risk). */
  details?: RiskInput;
  /** The assessment the row records, when it differs from the risk's. */
  assessment?: AssessmentInput;
}

/** Where the plan finds the registers as they are now and the owners named in the file. */
export interface RiskPlanContext {
  /** The risks the file names: by the ids in its Risiko-ID column and by the titles of its rows. */
  risks: readonly RiskRecord[];
  systems: readonly SystemName[];
  owners: ReadonlyMap<string, FoundOwner>;
  now: Date;
}

/**
 * The dry run of a risk import (#19): for each row, what it would create, change or leave, or why it
 * is refused — by the risk form's and the assess card's rules (form.ts). A file already imported
 * plans nothing but `unchanged` (idempotent re-import).
 *
 * @remarks The stable key is the bot's risk id (the export's Risiko-ID) where the row has one, else the
 * title compared case- and space-insensitively among the risks concerning the same systems or area.
 */
export function planRiskImport(
  table: Table,
  mapping: RiskColumnMapping,
  context: RiskPlanContext,
): ImportPlan<PlannedRiskRow> {
  const byId = new Map(context.risks.map((risk) => [risk.id, risk]));
  const seen = new Set<string>();
  const rows = table.rows.map((cells, index): PlannedRiskRow => {
    const values = cellsOf(cells, mapping);
    const problems: PlannedRiskRow['problems'] = {};
    const named: Partial<Record<RiskImportField, string>> = {};
    let current: RiskRecord | undefined;
    const exported = values.riskId ? riskIdOf(values.riskId) : undefined;
    if (values.riskId) {
      current = exported && byId.get(exported.id);
      if (!current) [problems.riskId, named.riskId] = ['riskId', values.riskId.slice(0, 40)];
    }
    const concerns = values.concerns ? concernsOf(values.concerns, context.systems) : undefined;
    if (concerns?.unknown !== undefined) [problems.concerns, named.concerns] = ['systemUnknown', concerns.unknown];
    else if (concerns?.tooMany) problems.concerns = 'tooManySystems';
    const title = values.title || current?.title || '';
    if (!current && !values.riskId && title && concerns?.found) {
      const matching = context.risks.filter(
        (risk) => titleKey(risk.title) === titleKey(title) && concernsKey(risk) === concernsKey(concerns.found!),
      );
      if (matching.length > 1) problems.title = 'ambiguous';
      current = matching.length === 1 ? matching[0] : undefined;
    }
    const key = current
      ? `id:${current.id}`
      : `title:${titleKey(title)}|${concerns?.found ? concernsKey(concerns.found) : ''}`;
    if (seen.has(key)) problems.title = 'duplicateKey';
    seen.add(key);
    for (const field of ['title', 'scenario', 'concerns'] as const) {
      const text = values[field];
      if (text === undefined ? !current : !text) problems[field] ??= 'required';
      else if (text && tooLong(field, text)) problems[field] ??= 'tooLong';
    }
    const who = ownerOf(values.owner, current, context.owners);
    if (values.owner === undefined ? !current : !values.owner) problems.owner = 'required';
    else if (who === 'ambiguous') problems.owner = 'ownerAmbiguous';
    else if (who === undefined && values.owner) [problems.owner, named.owner] = ['ownerNotFound', values.owner];
    const assessment = readAssessment(values, current, context.now, problems);
    const base = { line: table.lines?.[index] ?? index + 2, key, name: title.slice(0, 200), notes: [] };
    if (Object.keys(problems).length > 0)
      return { ...base, outcome: 'refused', problems, values: named, riskId: current?.id };
    const found = concerns?.found;
    const details: RiskInput = {
      title,
      scenario: values.scenario || current?.scenario || '',
      systemIds: found ? found.systemIds : (current?.systemIds ?? []),
      area: found ? found.area : current?.area,
      ownerId: typeof who === 'object' ? who.ownerId : (current?.ownerId ?? ''),
      ownerName: typeof who === 'object' ? who.ownerName : (current?.ownerName ?? ''),
    };
    const notes: string[] = [];
    // A new assessment is not what the management group accepted (acceptance.ts): say so before it is lost.
    if (assessment && (current?.acceptance?.state === 'accepted' || current?.acceptance?.state === 'pending'))
      notes.push('acceptanceAnew');
    if (!current && context.risks.some((risk) => titleKey(risk.title) === titleKey(title)))
      notes.push('sameTitleElsewhere');
    const changed = !current || detailsDiffer(current, details);
    const outcome = !current ? 'create' : changed || assessment ? 'change' : 'unchanged';
    // A row of an export older than the risk would put back what was changed since: refused.
    if (outcome === 'change' && exported?.version !== undefined && current!.version > exported.version)
      return {
        ...base,
        outcome: 'refused',
        problems: { riskId: 'changedSince' },
        values: { riskId: `v${current!.version}` },
        riskId: current!.id,
      };
    return {
      ...base,
      notes,
      outcome,
      problems,
      riskId: current?.id,
      ...(current ? { version: current.version } : {}),
      ...(changed ? { details } : {}),
      ...(assessment ? { assessment } : {}),
    };
  });
  return { rows, counts: countOutcomes(rows.map((row) => row.outcome)) };
}

const detailsDiffer = (risk: RiskRecord, details: RiskInput): boolean =>
  (['title', 'scenario', 'systemIds', 'area', 'ownerId'] as const).some(
    (key) => JSON.stringify(risk[key] ?? null) !== JSON.stringify(details[key] ?? null),
  );

/**
 * The row's assessment, by the assess card's rules (`parseAssessment`), when the row has one and it
 * is not the risk's own (a re-import of the export changes nothing, even once the review date has
 * passed); problems are added per field.
 */
function readAssessment(
  values: RiskCells,
  current: RiskRecord | undefined,
  now: Date,
  problems: PlannedRiskRow['problems'],
): AssessmentInput | undefined {
  if (!assessmentFields.some((field) => values[field])) return undefined;
  const inputs: Record<string, string> = {};
  for (const field of assessmentFields) {
    const text = values[field] ?? '';
    const value = field === 'nextReview' ? isoDate(text) : field === 'treatment' ? treatmentOf(text) : scaleText(text);
    if (text && !value)
      problems[field] = field === 'nextReview' ? 'date' : field === 'treatment' ? 'treatment' : 'scale';
    inputs[field] = value ?? '';
  }
  const a = current?.assessment;
  const same =
    a &&
    [
      a.likelihood,
      a.consequence.confidentiality,
      a.consequence.integrity,
      a.consequence.availability,
      a.consequence.dataSubjects ?? '',
      a.treatment,
      a.residualLikelihood,
      a.residualConsequence,
      a.nextReview,
    ].join('|') === assessmentFields.map((field) => inputs[field]).join('|');
  if (same) return undefined;
  try {
    return parseAssessment(inputs, now);
  } catch (error) {
    if (!(error instanceof ValidationError)) throw error;
    for (const [field, key] of Object.entries(error.fields)) {
      const ours = assessmentFields.find((name) => name === field);
      if (!ours || problems[ours]) continue;
      const reason = key.split('.').pop();
      problems[ours] = !inputs[field]
        ? 'required'
        : reason === 'reviewRange' || reason === 'residualAbove' || reason === 'date'
          ? reason
          : 'scale';
    }
    return undefined;
  }
}
