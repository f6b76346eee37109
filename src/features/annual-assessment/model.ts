import type { CategoryOrUnclassified } from '../systems/model';
import type { IncidentKind, Severity } from '../incidents/model';
import type { AcceptanceStatus } from '../risks/acceptance';
import type { RiskArea, RiskLevel, Treatment } from '../risks/model';

/**
 * The annual overall risk assessment (*samlet risikovurdering*, P7) as generated from the register:
 * facts and codes only, no language. The Word document and the CSV render it in Danish or English;
 * its content hash is taken over this, so the same content has the same hash in both languages.
 *
 * @remarks Bump `format` when the shape changes: a stored snapshot keeps the format it was made in.
 */
export interface AnnualAssessment {
  format: 1;
  /** The year it is the overall risk assessment of (Danish calendar year when generated). */
  year: number;
  /** The 12 months the incidents are counted over: yyyy-mm-dd, both days included. */
  period: { from: string; to: string };
  generatedAt: string;
  generatedBy: string;
  /** A residual level above this must be accepted by the management group (the setting then). */
  acceptanceAbove: RiskLevel;
  risks: RiskPicture;
  systems: SystemsPicture;
  incidents: IncidentsPicture;
  dpia: DpiaPicture;
}

/** Counts per level, lowest first: `[low, medium, high, critical]`. */
export type LevelCounts = Record<RiskLevel, number>;

/** The risk picture: by level, by what the risks concern, the heat map and the top risks. */
export interface RiskPicture {
  total: number;
  unassessed: number;
  inherent: LevelCounts;
  residual: LevelCounts;
  /** 4×4 counts, `[likelihood-1][consequence-1]`, inherent and residual. */
  heatMap: { inherent: number[][]; residual: number[][] };
  /** Per area or system: how many risks and the worst residual level, the most risks first (bounded). */
  byConcern: ConcernLine[];
  byConcernOmitted: number;
  /** Every high and critical risk (inherent or residual), most severe first (bounded). */
  top: TopRisk[];
  topOmitted: number;
}

/** What risks concern: an area the policy names, or a system of the register (by its name). */
export interface ConcernLine {
  area?: RiskArea;
  system?: string;
  count: number;
  worstResidual?: RiskLevel;
}

/** A remedial measure of a risk, as the treatment section lists it. */
export interface AssessmentMeasure {
  text: string;
  owner: string;
  /** yyyy-mm-dd. */
  dueDate: string;
  done: boolean;
}

/** One high or critical risk with its treatment and where its acceptance stands. */
export interface TopRisk {
  id: string;
  title: string;
  /** Area, or the names of its systems. */
  area?: RiskArea;
  systems: string[];
  owner: string;
  likelihood: number;
  consequence: number;
  level: RiskLevel;
  residualLikelihood: number;
  residualConsequence: number;
  residual: RiskLevel;
  treatment?: Treatment;
  /** Open measures first, bounded; `moreMeasures` counts the rest. */
  measures: AssessmentMeasure[];
  moreMeasures?: number;
  acceptance: AcceptanceStatus;
  /** yyyy-mm-dd: the last day an acceptance given holds. */
  acceptedUntil?: string;
  /** yyyy-mm-dd. */
  nextReview?: string;
  /** Numbers of the incidents the risk was realised in. */
  incidents: string[];
}

/** Where a system's risk assessment stands by the intervals of its category (P4). */
export type AssessmentStatus = 'current' | 'overdue' | 'never' | 'majorChange';

/** Systems by criticality category with their assessment status. */
export interface SystemsPicture {
  total: number;
  /** Per category (the most critical first): how many systems, and how many in each status. */
  byCategory: { category: CategoryOrUnclassified; total: number; statuses: Record<AssessmentStatus, number> }[];
  /** The systems, most critical category first and the most overdue first within it (bounded). */
  listed: SystemLine[];
  omitted: number;
}

/** One system with its assessment status: last assessed when and by whom, next due. */
export interface SystemLine {
  name: string;
  category: CategoryOrUnclassified;
  status: AssessmentStatus;
  /** yyyy-mm-dd of the last assessment, and who made it. */
  lastAssessed?: string;
  lastAssessedBy?: string;
  /** yyyy-mm-dd when the next assessment is (or was) due. */
  due: string;
}

/** The year's incidents by kind and what they revealed. */
export interface IncidentsPicture {
  total: number;
  byKind: { kind: IncidentKind; count: number; breaches: number }[];
  /** Personal-data breaches, and of them those notified to Datatilsynet. */
  breaches: number;
  notified: number;
  /** The incidents linked to a risk they realised (bounded), oldest first. */
  revealed: {
    number: string;
    kind: IncidentKind;
    severity?: Severity;
    breach: boolean;
    risks: string[];
    /** How many more risks it realised than are named. */
    moreRisks?: number;
  }[];
  revealedOmitted: number;
  /** How many incidents were realisations of no risk in the register. */
  unlinked: number;
}

/** DPIAs required and done, from each system's latest screening (P5). */
export interface DpiaPicture {
  /** Systems whose latest screening found a DPIA required. */
  required: number;
  done: number;
  /** Systems with a required DPIA not recorded done (bounded). */
  open: { system: string; answeredAt?: string }[];
  openOmitted: number;
  /** Systems whose latest screening is not answered yet. */
  unanswered: number;
}
