/**
 * Screening answers as the card's inputs arrive from Teams (P5): personal data and nothing else —
 * a risk assessment only — unless `overrides` add a criterion.
 */
export const screeningAnswers = (overrides: Record<string, string> = {}): Record<string, string> => ({
  processesPersonalData: 'yes',
  newTechnology: 'no',
  largeScaleSensitiveData: 'no',
  largeAmountsRegionalNational: 'no',
  systematicAutomatedEvaluation: 'no',
  publicAreaMonitoring: 'no',
  vulnerableDataSubjects: 'no',
  matchingOrCombining: 'no',
  evaluationOrScoring: 'no',
  preventsExercisingRights: 'no',
  highInherentRisk: 'no',
  processingBeganBefore2018_05_25: 'no',
  ...overrides,
});

/** Screening answers that require a DPIA: personal data about vulnerable data subjects (children). */
export const answersRequiringDpia = screeningAnswers({ vulnerableDataSubjects: 'yes' });
