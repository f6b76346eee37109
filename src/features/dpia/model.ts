import { edpbCriteria, type ScreeningAnswers, type ScreeningResult } from './screening-outcome';

/** Why a screening was started (P5 new system, a changed system, or a P8 major change). */
export const screeningTriggers = ['new', 'changed', 'majorChange'] as const;
export type ScreeningTrigger = (typeof screeningTriggers)[number];

/**
 * The questions of the screening card, in order: personal data, the six criteria, the EDPB criteria the policy
 * lacks, the inherent risk, 2018.
 */
export const screeningQuestions = [
  'processesPersonalData',
  'newTechnology',
  'largeScaleSensitiveData',
  'largeAmountsRegionalNational',
  'systematicAutomatedEvaluation',
  'publicAreaMonitoring',
  'vulnerableDataSubjects',
  'matchingOrCombining',
  'evaluationOrScoring',
  'preventsExercisingRights',
  'highInherentRisk',
  'processingBeganBefore2018_05_25',
  'changedSince2018',
] as const satisfies readonly (keyof ScreeningAnswers)[];
export type ScreeningQuestion = (typeof screeningQuestions)[number];

/**
 * The questions with a note beside the answer: all but the EDPB criteria, whose notes would take the
 * outcome preview past the card budget (its buttons carry every note twice).
 */
export const notedQuestions = screeningQuestions.filter(
  (question) => !(edpbCriteria as readonly string[]).includes(question),
);
export const hasNote = (question: ScreeningQuestion): boolean => notedQuestions.includes(question);

/** The owner's answered screening: every answer with its note, the outcome, who and when. Never changed after. */
export interface ScreeningAnswer {
  answers: ScreeningAnswers;
  notes: Partial<Record<ScreeningQuestion, string>>;
  result: ScreeningResult;
  answeredBy: string;
  answeredByName: string;
  answeredAt: string;
}

/** The DPIA a screening found required, tracked until the coordinator records it done (P5). */
export interface DpiaTracking {
  doneDate?: string;
  link?: string;
  recordedBy?: string;
  recordedAt?: string;
}

/** One piece of the data protection officer's advice on a screening (GDPR art. 39(1)(c)); kept, never changed. */
export interface DpoAdvice {
  /** The advice card's draft id: the same advice sent twice is kept once. */
  id: string;
  text: string;
  by: string;
  byName: string;
  at: string;
}

/** One DPIA screening of one system (P5). */
export interface Screening {
  id: string;
  systemId: string;
  systemName: string;
  trigger: ScreeningTrigger;
  /** The system owner who must answer (Entra object id), fixed when the screening starts. */
  ownerId: string;
  requestedBy: string;
  requestedByName: string;
  requestedAt: string;
  answer?: ScreeningAnswer;
  dpia?: DpiaTracking;
  /** The data protection officer's advice, oldest first. */
  dpoAdvice?: DpoAdvice[];
}

/** True while the owner has not answered. */
export const isPending = (screening: Screening): boolean => screening.answer === undefined;

/** True while a required DPIA is not recorded as done. */
export const isDpiaOpen = (screening: Screening): boolean =>
  screening.answer?.result.outcome === 'dpiaRequired' && !screening.dpia?.doneDate;
