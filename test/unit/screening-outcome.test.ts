import {
  dpiaCriteria,
  edpbCriteria,
  screenForDpia,
  screeningReasonCodes,
  type ScreeningAnswers,
  type ScreeningOutcome,
  type ScreeningReasonCode,
} from '../../src/features/dpia/screening-outcome';

const answers = (overrides: Partial<ScreeningAnswers> = {}): ScreeningAnswers => ({
  newTechnology: false,
  largeScaleSensitiveData: false,
  largeAmountsRegionalNational: false,
  systematicAutomatedEvaluation: false,
  publicAreaMonitoring: false,
  vulnerableDataSubjects: false,
  highInherentRisk: false,
  processesPersonalData: true,
  processingBeganBefore2018_05_25: false,
  changedSince2018: false,
  ...overrides,
});

describe('DPIA screening of a new system (P5)', () => {
  it.each([...dpiaCriteria, 'highInherentRisk' as const])('%s alone makes a DPIA mandatory', (criterion) => {
    expect(screenForDpia(answers({ [criterion]: true }))).toEqual({
      outcome: 'dpiaRequired',
      reasons: [criterion, 'processesPersonalData'],
    });
  });

  it.each<[string, Partial<ScreeningAnswers>, ScreeningOutcome, ScreeningReasonCode[]]>([
    ['personal data, no criterion', {}, 'riskAssessmentOnly', ['processesPersonalData']],
    ['no personal data, no criterion', { processesPersonalData: false }, 'neither', ['noPersonalData']],
    [
      'several criteria are all named, in the policy order',
      { vulnerableDataSubjects: true, newTechnology: true, highInherentRisk: true },
      'dpiaRequired',
      ['newTechnology', 'vulnerableDataSubjects', 'highInherentRisk', 'processesPersonalData'],
    ],
    [
      'every criterion',
      Object.fromEntries([...dpiaCriteria, 'highInherentRisk'].map((key) => [key, true])),
      'dpiaRequired',
      [...dpiaCriteria, 'highInherentRisk', 'processesPersonalData'],
    ],
    [
      'begun before 25 May 2018 and unchanged: risk assessment only',
      { largeScaleSensitiveData: true, processingBeganBefore2018_05_25: true },
      'riskAssessmentOnly',
      ['largeScaleSensitiveData', 'predates2018Unchanged', 'processesPersonalData'],
    ],
    [
      'begun before 25 May 2018 but changed since: the exemption is lost',
      { largeScaleSensitiveData: true, processingBeganBefore2018_05_25: true, changedSince2018: true },
      'dpiaRequired',
      ['largeScaleSensitiveData', 'changedSince2018', 'processesPersonalData'],
    ],
    [
      'begun before 2018 without any criterion: the date changes nothing',
      { processingBeganBefore2018_05_25: true, changedSince2018: true },
      'riskAssessmentOnly',
      ['processesPersonalData'],
    ],
    [
      'begun before 2018, unchanged, no personal data',
      { processesPersonalData: false, processingBeganBefore2018_05_25: true },
      'neither',
      ['noPersonalData'],
    ],
    [
      '"changed since 2018" alone does not matter for processing begun after',
      { publicAreaMonitoring: true, changedSince2018: true },
      'dpiaRequired',
      ['publicAreaMonitoring', 'processesPersonalData'],
    ],
    [
      '"no personal data" but data about children: fail safe and flag the contradiction',
      { processesPersonalData: false, vulnerableDataSubjects: true },
      'dpiaRequired',
      ['vulnerableDataSubjects', 'personalDataImpliedByAnswers'],
    ],
    [
      'new technology on processing unchanged since before 2018: a contradiction, flagged, not exempted',
      { newTechnology: true, processingBeganBefore2018_05_25: true, changedSince2018: false },
      'dpiaRequired',
      ['newTechnology', 'newTechnologyContradicts2018', 'processesPersonalData'],
    ],
    [
      'two EDPB criteria the policy lacks: a DPIA (WP248)',
      { matchingOrCombining: true, evaluationOrScoring: true },
      'dpiaRequired',
      ['matchingOrCombining', 'evaluationOrScoring', 'edpbTwoCriteria', 'processesPersonalData'],
    ],
    [
      'one EDPB criterion alone: a risk assessment, flagged for the coordinator to judge',
      { preventsExercisingRights: true },
      'riskAssessmentOnly',
      ['preventsExercisingRights', 'edpbOneCriterion', 'processesPersonalData'],
    ],
    [
      'one EDPB criterion beside a policy criterion: named, the policy criterion decides',
      { evaluationOrScoring: true, vulnerableDataSubjects: true },
      'dpiaRequired',
      ['vulnerableDataSubjects', 'evaluationOrScoring', 'processesPersonalData'],
    ],
    [
      '"no personal data" yet data sets are combined: fail safe and flag the contradiction',
      { processesPersonalData: false, matchingOrCombining: true },
      'riskAssessmentOnly',
      ['matchingOrCombining', 'edpbOneCriterion', 'personalDataImpliedByAnswers'],
    ],
    [
      'a screening answered before the EDPB questions were asked is read as before',
      { matchingOrCombining: undefined, evaluationOrScoring: undefined, preventsExercisingRights: undefined },
      'riskAssessmentOnly',
      ['processesPersonalData'],
    ],
    [
      '"no personal data", high inherent risk, begun before 2018 and unchanged',
      { processesPersonalData: false, highInherentRisk: true, processingBeganBefore2018_05_25: true },
      'riskAssessmentOnly',
      ['highInherentRisk', 'predates2018Unchanged', 'personalDataImpliedByAnswers'],
    ],
  ])('%s → %s', (_why, overrides, outcome, reasons) => {
    expect(screenForDpia(answers(overrides))).toEqual({ outcome, reasons });
  });

  it('needs a DPIA exactly when a criterion holds and no pre-2018 exemption applies, across all answers', () => {
    const keys = [
      ...dpiaCriteria,
      ...edpbCriteria,
      'highInherentRisk',
      'processesPersonalData',
      'processingBeganBefore2018_05_25',
      'changedSince2018',
    ] as const;
    for (let bits = 0; bits < 1 << keys.length; bits++) {
      const given = Object.fromEntries(
        keys.map((key, i) => [key, (bits & (1 << i)) !== 0]),
      ) as unknown as ScreeningAnswers;
      const { outcome, reasons } = screenForDpia(given);
      const edpb = edpbCriteria.filter((key) => given[key]).length;
      const triggered = [...dpiaCriteria, 'highInherentRisk' as const].some((key) => given[key]) || edpb >= 2;
      // New technology is never processing unchanged since 2018: the exemption does not apply to it.
      const exempt = given.processingBeganBefore2018_05_25 && !given.changedSince2018 && !given.newTechnology;
      expect(outcome === 'dpiaRequired').toBe(triggered && !exempt);
      expect(outcome === 'neither').toBe(!triggered && edpb === 0 && !given.processesPersonalData);
      expect(reasons.includes('newTechnologyContradicts2018')).toBe(
        given.newTechnology && given.processingBeganBefore2018_05_25 && !given.changedSince2018,
      );
      expect(reasons.length).toBeGreaterThan(0);
      expect(reasons).toEqual(screeningReasonCodes.filter((code) => reasons.includes(code)));
    }
  });
});
