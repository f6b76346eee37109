import type { Measure } from '../incidents/model';
import type { VersionedEntry } from '../versioned-change';

/** The 4-level scale of likelihood and of consequence (1 = lowest, 4 = highest). */
export const scale = [1, 2, 3, 4] as const;
export type ScaleValue = (typeof scale)[number];

/** The areas the policy names beyond systems (P4: the network first among them). */
export const riskAreas = ['network', 'suppliers', 'people', 'premises', 'organisation'] as const;
export type RiskArea = (typeof riskAreas)[number];

/** How a risk is treated. */
export const treatments = ['reduce', 'accept', 'avoid', 'transfer'] as const;
export type Treatment = (typeof treatments)[number];

/** The four levels, named as in GLOSSARY.md: lav · mellem · høj · kritisk. */
export const riskLevels = ['low', 'medium', 'high', 'critical'] as const;
export type RiskLevel = (typeof riskLevels)[number];

/** The consequence judged for confidentiality, integrity, availability and — where personal data is involved — the data subjects. */
export interface Consequence {
  confidentiality: ScaleValue;
  integrity: ScaleValue;
  availability: ScaleValue;
  /** Only where personal data is involved. */
  dataSubjects?: ScaleValue;
}

/** An assessment of a risk: inherent likelihood and consequence, the treatment, the residual risk and the next review. */
export interface RiskAssessment {
  likelihood: ScaleValue;
  consequence: Consequence;
  treatment: Treatment;
  residualLikelihood: ScaleValue;
  residualConsequence: ScaleValue;
  /** ISO date (yyyy-mm-dd) of the next review. */
  nextReview: string;
  assessedAt: string;
  assessedBy: string;
  assessedByName: string;
}

/** What the risk form asks: the title, scenario, what it concerns and who owns it. */
export interface RiskDetails {
  title: string;
  /** The threat and the vulnerability it exploits. */
  scenario: string;
  /** Systems of the register the risk concerns (ids); empty when it concerns an area. */
  systemIds: string[];
  /** The names of those systems as they were when chosen (for display without a read per system). */
  systemNames: string[];
  area?: RiskArea;
  ownerId: string;
  ownerName: string;
}

/** One risk in the register (P4, P6). */
export interface RiskRecord extends RiskDetails {
  id: string;
  /** Increases by one with every change; a card carries the version it showed. */
  version: number;
  createdAt: string;
  createdBy: string;
  assessment?: RiskAssessment;
  /** The management group's acceptance of the residual risk, asked for or given (#19, P7). */
  acceptance?: RiskAcceptance;
  /** Incidents in which the risk was realised (linked by the coordinator, #19). */
  incidents?: LinkedIncident[];
  /**
   * The treatment's remedial measures (#19, #20): the same measures as an incident's — an owner who is
   * a person, a due date, done with a comment — sent to and reminded of in the owner's personal chat.
   */
  measures?: Measure[];
}

/** An incident the risk was realised in: its number, and who linked it when. */
export interface LinkedIncident {
  /** `HÆN-2026-0042`. */
  number: string;
  linkedAt: string;
  linkedBy: string;
  linkedByName: string;
}

/**
 * The management group's acceptance of a residual risk above the threshold, through the approval
 * mechanism: asked for (`pending`), given until `expiresOn`, or refused with changes requested.
 */
export interface RiskAcceptance {
  approvalId: string;
  state: 'pending' | 'accepted' | 'changesRequested';
  requestedAt: string;
  requestedBy: string;
  requestedByName: string;
  /** When the assessment put up was made: a new assessment needs a new acceptance. */
  assessedAt: string;
  /** The residual level put up. */
  residual: RiskLevel;
  decidedAt?: string;
  decidedByName?: string;
  /** yyyy-mm-dd: the acceptance holds through this day. */
  expiresOn?: string;
}

/** One recorded change of a risk: who, when, what (append-only). */
export type RiskHistoryEntry = VersionedEntry<
  | 'created'
  | 'edited'
  | 'assessed'
  /** Created, edited or assessed by the coordinator's import of a file (#19). */
  | 'importCreated'
  | 'importEdited'
  | 'importAssessed'
  | 'acceptanceRequested'
  | 'accepted'
  | 'acceptanceRefused'
  | 'incidentLinked'
  | 'measureAdded'
  | 'measureDone'
  /** Whether the measure's owner was reached in their personal chat, written by the bot. */
  | 'measureNotice'
>;

/** The storage-independent summary of a risk the register's list and heat map show. */
export interface RiskListItem {
  id: string;
  title: string;
  systemNames: string[];
  area?: RiskArea;
  likelihood?: ScaleValue;
  consequence?: ScaleValue;
  residualLikelihood?: ScaleValue;
  residualConsequence?: ScaleValue;
  nextReview?: string;
  /** yyyy-mm-dd, when the residual risk is accepted: the acceptance expires after this day. */
  acceptedUntil?: string;
  /** The approval item of an acceptance asked for and not yet decided. */
  acceptancePending?: string;
  /** Numbers of the incidents the risk was realised in (the annual overall risk assessment, P7). */
  incidents?: string[];
}
