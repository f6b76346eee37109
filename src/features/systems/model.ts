import type { PersonalDataKind } from '../incidents/model';
import type { CriticalityAnswers, CriticalityCategory, CriticalityReasonCode } from './criticality';

/** A system's place in the register's lists: one of the four categories, or not yet classified. */
export type CategoryOrUnclassified = CriticalityCategory | 'unclassified';

/** The criticality decision (P4): the criteria answered, the proposal, and what the coordinator confirmed. */
export interface Criticality {
  /** The criteria answered; none when the category came from an imported register file (P4 import). */
  answers?: CriticalityAnswers;
  proposed: CriticalityCategory;
  reasons: CriticalityReasonCode[];
  /** Set once the coordinator confirmed (or overrode) the proposal. */
  category?: CriticalityCategory;
  overrideReason?: string;
  answeredBy: string;
  answeredAt: string;
  confirmedBy?: string;
  confirmedAt?: string;
}

/** A documented risk assessment of the system (P4, made by the owner together with the coordinator). */
export interface RiskAssessment {
  /** ISO date (yyyy-mm-dd) the assessment was made. */
  date: string;
  by: string;
  summary: string;
  link?: string;
  recordedAt: string;
}

/** A major change that calls for an extra risk assessment (P8). */
export interface MajorChange {
  area: MajorChangeArea;
  description: string;
  at: string;
  by: string;
}

/** What changed (P8): threat landscape, tasks, supplier, the system or its use. */
export const majorChangeAreas = ['threats', 'tasks', 'supplier', 'system', 'use'] as const;
export type MajorChangeArea = (typeof majorChangeAreas)[number];

/** What the register form asks (P4). */
export interface SystemDetails {
  name: string;
  purpose: string;
  supplier: string;
  /** Entra object id of the system owner. */
  ownerId: string;
  ownerName: string;
  contingencyPlanUrl?: string;
  personalData: boolean;
  personalDataKinds: PersonalDataKind[];
}

/** One system in the register. */
export interface SystemRecord extends SystemDetails {
  id: string;
  /** Increases by one with every change; a card carries the version it showed. */
  version: number;
  createdAt: string;
  createdBy: string;
  criticality?: Criticality;
  lastRiskAssessment?: RiskAssessment;
  /** The latest major change, when it came after the last risk assessment: the assessment is due now (P8). */
  pendingChange?: MajorChange;
  /** The newest DPIA screening (P5); older ones are superseded by it. */
  latestScreeningId?: string;
  /** The system's UUID in KITOS, when it came from a KITOS export: the import's stable key (docs/IMPORT.md). */
  kitosUuid?: string;
}

/** One recorded change: who, when, what (append-only). */
export interface SystemHistoryEntry {
  version: number;
  at: string;
  by: string;
  byName: string;
  action:
    | 'registered'
    | 'edited'
    | 'classified'
    | 'confirmed'
    | 'riskAssessed'
    | 'majorChange'
    | 'screeningStarted'
    | 'imported';
  changes: Record<string, [unknown, unknown]>;
  comment?: string;
}

/** The category the lists file a system under. */
export const categoryOf = (system: SystemRecord): CategoryOrUnclassified =>
  system.criticality?.category ?? 'unclassified';

/** A name as compared for uniqueness: case and spacing do not make a new system. */
export const nameKey = (name: string): string => name.toLocaleLowerCase('da-DK').replace(/\s+/g, ' ').trim();
