/** The six criteria of P5 that make a DPIA mandatory, in the policy's order. */
export const dpiaCriteria = [
  'newTechnology',
  'largeScaleSensitiveData',
  'largeAmountsRegionalNational',
  'systematicAutomatedEvaluation',
  'publicAreaMonitoring',
  'vulnerableDataSubjects',
] as const;
export type DpiaCriterion = (typeof dpiaCriteria)[number];

/**
 * Criteria of the EDPB guidelines on DPIA (WP248 rev.01) that the policy's six do not cover.
 * Asked since they were added; screenings answered before have no answer to them.
 */
export const edpbCriteria = ['matchingOrCombining', 'evaluationOrScoring', 'preventsExercisingRights'] as const;
export type EdpbCriterion = (typeof edpbCriteria)[number];

/** The system owner's answers to the DPIA screening of a new system. */
export interface ScreeningAnswers
  extends Readonly<Record<DpiaCriterion, boolean>>, Readonly<Partial<Record<EdpbCriterion, boolean>>> {
  /** High inherent risk, judged against Datatilsynet's list of processing that requires a DPIA. */
  readonly highInherentRisk: boolean;
  readonly processesPersonalData: boolean;
  /** The processing began before the GDPR applied (25 May 2018). */
  readonly processingBeganBefore2018_05_25: boolean;
  /** The processing has changed since 25 May 2018 (a new system for old processing usually is such a change). */
  readonly changedSince2018: boolean;
}

/** What must be made: a DPIA (which includes the risk assessment), only a risk assessment, or neither. */
export type ScreeningOutcome = 'dpiaRequired' | 'riskAssessmentOnly' | 'neither';

/**
 * Stable codes for why; the UI turns them into Danish or English text.
 * `personalDataImpliedByAnswers` flags a contradiction for the coordinator: "no personal data" was answered,
 * yet a criterion or high inherent risk held. `newTechnologyContradicts2018` flags another: new technology,
 * yet processing unchanged since before 25 May 2018.
 */
export const screeningReasonCodes = [
  ...dpiaCriteria,
  ...edpbCriteria,
  'edpbTwoCriteria',
  'edpbOneCriterion',
  'highInherentRisk',
  'newTechnologyContradicts2018',
  'predates2018Unchanged',
  'changedSince2018',
  'processesPersonalData',
  'personalDataImpliedByAnswers',
  'noPersonalData',
] as const;
export type ScreeningReasonCode = (typeof screeningReasonCodes)[number];

export interface ScreeningResult {
  outcome: ScreeningOutcome;
  /** Every finding that held, in the order of {@link screeningReasonCodes}. */
  reasons: ScreeningReasonCode[];
}

/**
 * The documented decision for a new system: DPIA required, risk assessment only, or neither.
 *
 * @remarks P5. The policy demands a documented decision "on whether a risk assessment and a DPIA" are needed for
 * every acquisition, makes both mandatory when a criterion or a high inherent risk holds, and exempts processing
 * begun before 25 May 2018. Read here as:
 * - a DPIA is required when any of the six criteria or a high inherent risk holds;
 * - processing begun before 25 May 2018 and unchanged since needs no DPIA, but still a risk assessment
 *   (`predates2018Unchanged`); once changed, the exemption is lost (`changedSince2018`);
 * - any processing of personal data needs at least a risk assessment: the policy requires risk assessments
 *   "including the data subjects' rights", and a DPIA is decided from them;
 * - no personal data and no criterion → neither. This is the data-protection decision only: the system's own
 *   IT risk assessment under P4 (the register) still applies.
 *
 * - the EDPB criteria the policy lacks (matching or combining data sets, evaluation or scoring, preventing data
 *   subjects from exercising a right): two or more require a DPIA, as the EDPB guidelines (WP248) hold
 *   (`edpbTwoCriteria`); one alone asks for a risk assessment and is flagged for the coordinator's judgement
 *   (`edpbOneCriterion`);
 * - new technology cannot be processing unchanged since before 25 May 2018: that answer is flagged as a
 *   contradiction (`newTechnologyContradicts2018`) and, failing safe, the exemption is not applied.
 *
 * The criteria and the inherent risk all describe processing of personal data, so an answer that one of them holds
 * outweighs an answer of "no personal data": failing safe, the system is screened as processing personal data and
 * the contradiction is flagged (`personalDataImpliedByAnswers`) for the coordinator.
 */
export function screenForDpia(answers: ScreeningAnswers): ScreeningResult {
  const held = new Set<ScreeningReasonCode>(dpiaCriteria.filter((criterion) => answers[criterion]));
  if (answers.highInherentRisk) held.add('highInherentRisk');
  const edpb = edpbCriteria.filter((criterion) => answers[criterion] === true);
  const triggered = held.size > 0 || edpb.length >= 2;
  for (const criterion of edpb) held.add(criterion);
  if (edpb.length >= 2) held.add('edpbTwoCriteria');
  else if (!triggered && edpb.length === 1) held.add('edpbOneCriterion');

  if (answers.processesPersonalData) held.add('processesPersonalData');
  else if (held.size > 0) held.add('personalDataImpliedByAnswers');
  else return { outcome: 'neither', reasons: ['noPersonalData'] };

  let outcome: ScreeningOutcome = 'riskAssessmentOnly';
  if (triggered) {
    const predates2018 = answers.processingBeganBefore2018_05_25;
    const unchanged = predates2018 && !answers.changedSince2018;
    if (unchanged && answers.newTechnology) {
      outcome = 'dpiaRequired';
      held.add('newTechnologyContradicts2018');
    } else if (unchanged) {
      held.add('predates2018Unchanged');
    } else {
      outcome = 'dpiaRequired';
      if (predates2018) held.add('changedSince2018');
    }
  }
  return { outcome, reasons: screeningReasonCodes.filter((code) => held.has(code)) };
}
