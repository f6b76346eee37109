import { DateTime } from 'luxon';
import { ZONE } from '../../clock';
import type { Incident } from '../incidents/model';
import type { Screening } from '../dpia/model';
import { criticalityCategories } from '../systems/criticality';
import { riskAssessmentDue } from '../systems/due';
import type { RiskAssessmentIntervals } from '../systems/criticality';
import { categoryOf, type CategoryOrUnclassified, type SystemRecord } from '../systems/model';
import { acceptanceStatus } from '../risks/acceptance';
import { consequenceOf, heatMaps, levelOf } from '../risks/level';
import { riskLevels, type RiskLevel, type RiskListItem, type RiskRecord } from '../risks/model';
import type {
  AnnualAssessment,
  AssessmentMeasure,
  AssessmentStatus,
  ConcernLine,
  DpiaPicture,
  IncidentsPicture,
  LevelCounts,
  SystemLine,
  SystemsPicture,
  TopRisk,
} from './model';

/** How many lines each bounded list of the assessment holds (the rest is counted as omitted). */
export const LIMITS = {
  top: 40,
  byConcern: 40,
  systems: 150,
  revealed: 100,
  risksPerIncident: 10,
  measuresPerRisk: 10,
  dpiaOpen: 50,
} as const;

const rank = (level: RiskLevel): number => riskLevels.indexOf(level);
const categories: CategoryOrUnclassified[] = [...criticalityCategories, 'unclassified'];

/** The inherent and residual level of a list item, when it is assessed. */
function levels(item: RiskListItem): { level: RiskLevel; residual: RiskLevel } | undefined {
  const { likelihood, consequence, residualLikelihood, residualConsequence } = item;
  if (!likelihood || !consequence || !residualLikelihood || !residualConsequence) return undefined;
  return { level: levelOf(likelihood, consequence), residual: levelOf(residualLikelihood, residualConsequence) };
}

/**
 * The ids of the risks the assessment names one by one: every high and critical risk (inherent or
 * residual), the highest residual first, then the highest inherent, then by title; at most `LIMITS.top`.
 *
 * @remarks P7: the management group evaluates the risks that matter most; lower risks are in the counts.
 */
export function topRiskIds(items: readonly RiskListItem[]): { ids: string[]; omitted: number } {
  const high = items
    .map((item) => ({ item, levels: levels(item) }))
    .filter(({ levels: l }) => l && (rank(l.level) >= rank('high') || rank(l.residual) >= rank('high')))
    .sort(
      (a, b) =>
        rank(b.levels!.residual) - rank(a.levels!.residual) ||
        rank(b.levels!.level) - rank(a.levels!.level) ||
        a.item.title.localeCompare(b.item.title, 'da') ||
        a.item.id.localeCompare(b.item.id),
    );
  return { ids: high.slice(0, LIMITS.top).map(({ item }) => item.id), omitted: Math.max(0, high.length - LIMITS.top) };
}

const zeroLevels = (): LevelCounts => ({ low: 0, medium: 0, high: 0, critical: 0 });

/**
 * A risk's remedial measures as the treatment section lists them: open ones first (by due date), then
 * done ones, at most `LIMITS.measuresPerRisk` (the rest counted), so the kept version stays bounded.
 */
function treatmentMeasures(risk: RiskRecord): { shown: AssessmentMeasure[]; more: number } {
  const all = [...(risk.measures ?? [])].sort(
    (a, b) => Number(a.done) - Number(b.done) || a.dueDate.localeCompare(b.dueDate) || a.id.localeCompare(b.id),
  );
  return {
    shown: all
      .slice(0, LIMITS.measuresPerRisk)
      .map(({ text, owner, dueDate, done }) => ({ text, owner, dueDate, done })),
    more: Math.max(0, all.length - LIMITS.measuresPerRisk),
  };
}

/** One top risk from its record, with its treatment, measures and where its acceptance stands. */
function topRisk(risk: RiskRecord, above: RiskLevel, today: string): TopRisk | undefined {
  const a = risk.assessment;
  if (!a) return undefined;
  const measures = treatmentMeasures(risk);
  const consequence = consequenceOf(a.consequence);
  const accepted = risk.acceptance?.state === 'accepted' ? risk.acceptance.expiresOn : undefined;
  return {
    id: risk.id,
    title: risk.title,
    ...(risk.area ? { area: risk.area } : {}),
    systems: risk.systemNames,
    owner: risk.ownerName,
    likelihood: a.likelihood,
    consequence,
    level: levelOf(a.likelihood, consequence),
    residualLikelihood: a.residualLikelihood,
    residualConsequence: a.residualConsequence,
    residual: levelOf(a.residualLikelihood, a.residualConsequence),
    treatment: a.treatment,
    measures: measures.shown,
    ...(measures.more > 0 ? { moreMeasures: measures.more } : {}),
    acceptance: acceptanceStatus(risk, above, today),
    ...(accepted ? { acceptedUntil: accepted } : {}),
    nextReview: a.nextReview,
    incidents: (risk.incidents ?? []).map((incident) => incident.number),
  };
}

/** Per area and per system: how many risks and the worst residual level, the most risks first. */
function byConcern(items: readonly RiskListItem[]): { lines: ConcernLine[]; omitted: number } {
  const lines = new Map<string, ConcernLine>();
  const add = (key: string, line: Omit<ConcernLine, 'count'>, residual?: RiskLevel) => {
    const current = lines.get(key) ?? { ...line, count: 0 };
    current.count++;
    if (residual && (!current.worstResidual || rank(residual) > rank(current.worstResidual)))
      current.worstResidual = residual;
    lines.set(key, current);
  };
  for (const item of items) {
    const residual = levels(item)?.residual;
    if (item.area) add(`a:${item.area}`, { area: item.area }, residual);
    for (const name of new Set(item.systemNames)) add(`s:${name}`, { system: name }, residual);
  }
  const sorted = [...lines.values()].sort(
    (a, b) =>
      b.count - a.count ||
      rank(b.worstResidual ?? 'low') - rank(a.worstResidual ?? 'low') ||
      (a.area ?? a.system ?? '').localeCompare(b.area ?? b.system ?? '', 'da'),
  );
  return { lines: sorted.slice(0, LIMITS.byConcern), omitted: Math.max(0, sorted.length - LIMITS.byConcern) };
}

/** Where a system's risk assessment stands at `now` by its category's interval (P4, P8). */
export function assessmentStatusOf(
  system: SystemRecord,
  now: Date,
  intervals: Partial<RiskAssessmentIntervals>,
): { status: AssessmentStatus; due: Date } {
  const { dueAt, reason } = riskAssessmentDue(system, intervals);
  if (reason === 'missing') return { status: 'never', due: dueAt };
  if (reason === 'majorChange') return { status: 'majorChange', due: dueAt };
  return { status: dueAt.getTime() <= now.getTime() ? 'overdue' : 'current', due: dueAt };
}

const statusRank: Record<AssessmentStatus, number> = { never: 0, majorChange: 1, overdue: 2, current: 3 };
const danishDay = (date: Date | string): string =>
  DateTime.fromJSDate(new Date(date), { zone: ZONE }).toISODate() as string;

/** Systems by criticality category with their assessment status, the most critical and most overdue first. */
function systemsPicture(
  systems: readonly SystemRecord[],
  now: Date,
  intervals: Partial<RiskAssessmentIntervals>,
): SystemsPicture {
  const lines = systems.map((system) => {
    const { status, due } = assessmentStatusOf(system, now, intervals);
    const last = system.lastRiskAssessment;
    const line: SystemLine = {
      name: system.name,
      category: categoryOf(system),
      status,
      ...(last ? { lastAssessed: last.date, lastAssessedBy: last.by } : {}),
      due: danishDay(due),
    };
    return line;
  });
  const byCategory = categories.map((category) => {
    const statuses: Record<AssessmentStatus, number> = { current: 0, overdue: 0, never: 0, majorChange: 0 };
    const inCategory = lines.filter((line) => line.category === category);
    for (const line of inCategory) statuses[line.status]++;
    return { category, total: inCategory.length, statuses };
  });
  const sorted = lines.sort(
    (a, b) =>
      categories.indexOf(a.category) - categories.indexOf(b.category) ||
      statusRank[a.status] - statusRank[b.status] ||
      a.due.localeCompare(b.due) ||
      a.name.localeCompare(b.name, 'da'),
  );
  return {
    total: lines.length,
    byCategory,
    listed: sorted.slice(0, LIMITS.systems),
    omitted: Math.max(0, sorted.length - LIMITS.systems),
  };
}

/** The titles of the risks an incident realised, in order, at most `LIMITS.risksPerIncident` (the rest counted). */
function namedRisks(titles: readonly string[]): { risks: string[]; moreRisks?: number } {
  const sorted = [...titles].sort((a, b) => a.localeCompare(b, 'da'));
  const more = sorted.length - LIMITS.risksPerIncident;
  return { risks: sorted.slice(0, LIMITS.risksPerIncident), ...(more > 0 ? { moreRisks: more } : {}) };
}

/** The year's incidents by kind, the breaches, and the risks each linked incident realised. */
function incidentsPicture(incidents: readonly Incident[], risks: readonly RiskListItem[]): IncidentsPicture {
  const risksOf = new Map<string, string[]>();
  for (const risk of risks)
    for (const number of risk.incidents ?? []) risksOf.set(number, [...(risksOf.get(number) ?? []), risk.title]);
  const isBreach = (incident: Incident) => incident.isBreach || incident.breachDecision !== undefined;
  const kinds = ['general', 'system', 'personalData'] as const;
  const ordered = [...incidents].sort((a, b) => a.year - b.year || a.seq - b.seq);
  const revealed = ordered
    .filter((incident) => risksOf.has(incident.number))
    .map((incident) => ({
      number: incident.number,
      kind: incident.kind,
      ...(incident.severity ? { severity: incident.severity } : {}),
      breach: isBreach(incident),
      ...namedRisks(risksOf.get(incident.number) ?? []),
    }));
  return {
    total: incidents.length,
    byKind: kinds.map((kind) => {
      const ofKind = incidents.filter((incident) => incident.kind === kind);
      return { kind, count: ofKind.length, breaches: ofKind.filter(isBreach).length };
    }),
    breaches: incidents.filter(isBreach).length,
    notified: incidents.filter((incident) => isBreach(incident) && incident.breachDecision?.notify === true).length,
    revealed: revealed.slice(0, LIMITS.revealed),
    revealedOmitted: Math.max(0, revealed.length - LIMITS.revealed),
    unlinked: incidents.length - revealed.length,
  };
}

/** DPIAs required and done, from each system's latest screening (P5). */
function dpiaPicture(latest: readonly Screening[]): DpiaPicture {
  const required = latest.filter((screening) => screening.answer?.result.outcome === 'dpiaRequired');
  const open = required
    .filter((screening) => !screening.dpia?.doneDate)
    .map((screening) => ({ system: screening.systemName, answeredAt: screening.answer?.answeredAt.slice(0, 10) }))
    .sort((a, b) => a.system.localeCompare(b.system, 'da'));
  return {
    required: required.length,
    done: required.length - open.length,
    open: open.slice(0, LIMITS.dpiaOpen),
    openOmitted: Math.max(0, open.length - LIMITS.dpiaOpen),
    unanswered: latest.filter((screening) => !screening.answer).length,
  };
}

/** What the assessment is made of, read from the register by `sources.ts`. */
export interface AssessmentFacts {
  now: Date;
  generatedBy: string;
  acceptanceAbove: RiskLevel;
  intervals: Partial<RiskAssessmentIntervals>;
  /** Every risk's list item. */
  risks: readonly RiskListItem[];
  /** The records of the risks {@link topRiskIds} named. */
  topRecords: readonly RiskRecord[];
  topOmitted: number;
  systems: readonly SystemRecord[];
  /** The incidents reported in the period. */
  incidents: readonly Incident[];
  /** Each system's latest DPIA screening. */
  screenings: readonly Screening[];
}

/** The 12 months up to and including today's Danish date, and the year they end in. */
export function periodEnding(now: Date): { year: number; from: string; to: string; fromInstant: Date } {
  const today = DateTime.fromJSDate(now, { zone: ZONE }).startOf('day');
  const start = today.minus({ years: 1 }).plus({ days: 1 });
  return {
    year: today.year,
    from: start.toISODate() as string,
    to: today.toISODate() as string,
    fromInstant: start.toJSDate(),
  };
}

/**
 * The annual overall risk assessment generated from the register (P7, with P4, P5, P6): the risk
 * picture by level and by area or system with the heat map, the high and critical risks with their
 * treatment and acceptance, the systems by category with their assessment status, the year's
 * incidents by kind and the risks they realised, and the DPIAs required and done.
 */
export function assessmentOf(facts: AssessmentFacts): AnnualAssessment {
  const period = periodEnding(facts.now);
  const today = period.to;
  const inherent = zeroLevels();
  const residual = zeroLevels();
  for (const item of facts.risks) {
    const l = levels(item);
    if (!l) continue;
    inherent[l.level]++;
    residual[l.residual]++;
  }
  const maps = heatMaps(facts.risks);
  const concern = byConcern(facts.risks);
  const top = facts.topRecords
    .map((risk) => topRisk(risk, facts.acceptanceAbove, today))
    .filter((risk): risk is TopRisk => risk !== undefined);
  return {
    format: 1,
    year: period.year,
    period: { from: period.from, to: period.to },
    generatedAt: facts.now.toISOString(),
    generatedBy: facts.generatedBy,
    acceptanceAbove: facts.acceptanceAbove,
    risks: {
      total: facts.risks.length,
      unassessed: maps.unassessed,
      inherent,
      residual,
      heatMap: { inherent: maps.inherent, residual: maps.residual },
      byConcern: concern.lines,
      byConcernOmitted: concern.omitted,
      top,
      topOmitted: facts.topOmitted,
    },
    systems: systemsPicture(facts.systems, facts.now, facts.intervals),
    incidents: incidentsPicture(facts.incidents, facts.risks),
    dpia: dpiaPicture(facts.screenings),
  };
}
