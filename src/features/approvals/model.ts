import type { ChannelPurpose } from '../access/conversations';
import type { Role } from '../access/roles';

/**
 * What is put before an approving group: the annual overall risk assessment (P7), a policy or
 * handbook revision (P9) and a re-assessment after a major change (P8) — one mechanism, four kinds.
 */
export const approvalKinds = [
  'annualRiskAssessment',
  'policyRevision',
  'handbookRevision',
  'majorChange',
  'riskAcceptance',
] as const;
export type ApprovalKind = (typeof approvalKinds)[number];

/**
 * The kinds the coordinator submits on the approval form; a risk acceptance is put up from its risk
 * (`risk.accept`), never from the form, so the form refuses it.
 */
export const submittableKinds = approvalKinds.filter(
  (kind): kind is Exclude<ApprovalKind, 'riskAcceptance'> => kind !== 'riskAcceptance',
);

/** Who approves each kind, and in which channel the card is posted. */
export const approverOf: Record<ApprovalKind, { role: Role; channel: ChannelPurpose }> = {
  annualRiskAssessment: { role: 'management', channel: 'management' },
  majorChange: { role: 'management', channel: 'management' },
  /** A residual risk above the acceptance threshold is accepted by the management group (#19). */
  riskAcceptance: { role: 'management', channel: 'management' },
  policyRevision: { role: 'steering', channel: 'steering' },
  handbookRevision: { role: 'steering', channel: 'steering' },
};

/**
 * Whether a kind carries the "material change, also to the city council" note.
 *
 * @remarks P9: only a material change of the policy goes to the city council; the handbook is
 * approved by the steering group alone, so the flag is neither offered nor accepted for it.
 */
export const hasMaterialNote = (kind: ApprovalKind): boolean => kind === 'policyRevision';

export type ApprovalState = 'pending' | 'approved' | 'changesRequested';
export type DecisionKind = 'approve' | 'requestChanges';

/** One member's decision in a round (append-only). */
export interface Decision {
  by: string;
  byName: string;
  at: string;
  decision: DecisionKind;
  comment: string;
}

/** What the coordinator submits: the document put before the group. */
export interface Submission {
  title: string;
  version: string;
  link: string;
  summary: string;
  /** Policy only: a material change that also goes to the city council (P9). */
  material: boolean;
  /**
   * The SHA-256 of the generated content put before the group (the annual overall risk assessment
   * generated from the register, P7): that version is kept and can be opened again by its hash.
   */
  contentHash?: string;
}

/** One round: a submitted version and the decisions on it. */
export interface Round extends Submission {
  round: number;
  submittedBy: string;
  submittedByName: string;
  submittedAt: string;
  /** How many approvals complete this round (the rule in force when it was submitted). */
  required: number;
  decisions: Decision[];
  outcome?: 'approved' | 'changesRequested';
  closedAt?: string;
}

/** The item's last post to the approving group's channel: whether Teams took it, and the message to update. */
export interface ChannelPost {
  delivered: boolean;
  at: string;
  conversationId?: string;
  activityId?: string;
}

/** An approval item: its kind, current state and every round so far. */
export interface ApprovalItem {
  id: string;
  kind: ApprovalKind;
  state: ApprovalState;
  createdAt: string;
  rounds: Round[];
  /**
   * What the item is about, in the feature that put it up: the risk of a risk acceptance (#19). Absent
   * for items submitted on the approval form (and on items stored before it existed).
   */
  subject?: string;
  /** Absent until the card was posted or tried (and on items stored before posts were recorded). */
  post?: ChannelPost;
}

/** Whether the item waits on the group and its card is not in their channel (shown to the coordinator). */
export const notPosted = (item: ApprovalItem): boolean => item.state === 'pending' && item.post?.delivered === false;

/** The round being decided (the last one). */
export const currentRound = (item: ApprovalItem): Round => item.rounds[item.rounds.length - 1] as Round;

/** A submit card's draft id: only ever a dedup key for its submitter (shared with the system register). */
export { isDraftId } from '../draft-id';
