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

/** The system owner's answers to the DPIA screening of a new system. */
export interface ScreeningAnswers extends Readonly<Record<DpiaCriterion, boolean>> {
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
 * yet a criterion or high inherent risk held.
 */
export const screeningReasonCodes = [
  ...dpiaCriteria,
  'highInherentRisk',
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
 * The criteria and the inherent risk all describe processing of personal data, so an answer that one of them holds
 * outweighs an answer of "no personal data": failing safe, the system is screened as processing personal data and
 * the contradiction is flagged (`personalDataImpliedByAnswers`) for the coordinator.
 */
export function screenForDpia(answers: ScreeningAnswers): ScreeningResult {
  const held = new Set<ScreeningReasonCode>(dpiaCriteria.filter((criterion) => answers[criterion]));
  if (answers.highInherentRisk) held.add('highInherentRisk');
  const triggered = held.size > 0;

  if (answers.processesPersonalData) held.add('processesPersonalData');
  else if (triggered) held.add('personalDataImpliedByAnswers');
  else return { outcome: 'neither', reasons: ['noPersonalData'] };

  let outcome: ScreeningOutcome = 'riskAssessmentOnly';
  if (triggered) {
    const predates2018 = answers.processingBeganBefore2018_05_25;
    if (predates2018 && !answers.changedSince2018) {
      held.add('predates2018Unchanged');
    } else {
      outcome = 'dpiaRequired';
      if (predates2018) held.add('changedSince2018');
    }
  }
  return { outcome, reasons: screeningReasonCodes.filter((code) => held.has(code)) };
}
