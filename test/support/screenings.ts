/**
 * Screening answers that require a DPIA (P5): personal data about vulnerable data subjects
 * (children), nothing else — the card's inputs as Teams sends them.
 */
export const answersRequiringDpia = {
  processesPersonalData: 'yes',
  newTechnology: 'no',
  largeScaleSensitiveData: 'no',
  largeAmountsRegionalNational: 'no',
  systematicAutomatedEvaluation: 'no',
  publicAreaMonitoring: 'no',
  vulnerableDataSubjects: 'yes',
  matchingOrCombining: 'no',
  evaluationOrScoring: 'no',
  preventsExercisingRights: 'no',
  highInherentRisk: 'no',
  processingBeganBefore2018_05_25: 'no',
} as const;
