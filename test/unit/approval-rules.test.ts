import type { ApprovalItem, Decision } from '../../src/features/approvals/model';
import {
  decisionRefusal,
  parseRequiredApprovals,
  roundOutcome,
  withDecision,
  withNewRound,
} from '../../src/features/approvals/rules';
import { wouldRemoveLastCoordinator, parsePerson } from '../../src/features/access/role-rules';

const decision = (by: string, kind: Decision['decision'], comment = ''): Decision => ({
  by,
  byName: by,
  at: '2027-03-01T09:00:00.000Z',
  decision: kind,
  comment,
});

const item = (required: number): ApprovalItem => ({
  id: 'a1b2c3d4-0000-4000-8000-000000000001',
  kind: 'policyRevision',
  state: 'pending',
  createdAt: '2027-03-01T08:00:00.000Z',
  rounds: [
    {
      round: 1,
      title: 'Politik 2027',
      version: '1.1',
      link: '',
      summary: '',
      material: false,
      submittedBy: 'coordinator',
      submittedByName: 'Mette',
      submittedAt: '2027-03-01T08:00:00.000Z',
      required,
      decisions: [],
    },
  ],
});

describe('the completion rule of an approval round (P7, P9)', () => {
  it.each([
    ['no decisions', [], 1, undefined],
    ['any one member approves', [decision('lars', 'approve')], 1, 'approved'],
    ['one of two required', [decision('lars', 'approve')], 2, undefined],
    ['two of two', [decision('lars', 'approve'), decision('anne', 'approve')], 2, 'approved'],
    ['the same member twice counts once', [decision('lars', 'approve'), decision('lars', 'approve')], 2, undefined],
    [
      'a request for changes ends the round',
      [decision('lars', 'approve'), decision('anne', 'requestChanges')],
      2,
      'changesRequested',
    ],
    [
      'a request for changes wins over enough approvals',
      [decision('anne', 'requestChanges'), decision('lars', 'approve')],
      1,
      'changesRequested',
    ],
    ['zero required is treated as one', [], 0, undefined],
  ] as const)('%s', (_name, decisions, required, expected) => {
    expect(roundOutcome(decisions, required)).toBe(expected);
  });

  it('closes the round and sets the state when the rule is met', () => {
    const once = withDecision(item(2), decision('lars', 'approve'));
    expect(once.state).toBe('pending');
    const twice = withDecision(once, decision('anne', 'approve'));
    expect(twice.state).toBe('approved');
    expect(twice.rounds[0]?.outcome).toBe('approved');
    expect(twice.rounds[0]?.decisions.map((d) => d.by)).toEqual(['lars', 'anne']);
  });

  it('refuses a decision on an outdated round, a closed item, or a second decision by the same member', () => {
    const pending = withDecision(item(2), decision('lars', 'approve'));
    expect(decisionRefusal(pending, 1, 'anne')).toBeUndefined();
    expect(decisionRefusal(pending, 1, 'lars')).toBe('alreadyDecided');
    expect(decisionRefusal(pending, 0, 'anne')).toBe('outdated');
    const closed = withDecision(pending, decision('anne', 'requestChanges', 'Afsnit 4'));
    expect(decisionRefusal(closed, 1, 'peter')).toBe('outdated');
    const second = withNewRound(closed, {
      ...closed.rounds[0]!,
      version: '1.2',
      submittedAt: '2027-03-02T08:00:00.000Z',
    });
    expect(decisionRefusal(second, 1, 'peter')).toBe('outdated');
    expect(decisionRefusal(second, 2, 'lars')).toBeUndefined();
  });

  it('refuses the submitter a decision on their own round unless self-decision is allowed (segregation of duties)', () => {
    const pending = item(1);
    expect(decisionRefusal(pending, 1, 'coordinator')).toBe('ownSubmission');
    expect(decisionRefusal(pending, 1, 'coordinator', true)).toBeUndefined();
    expect(decisionRefusal(pending, 1, 'lars')).toBeUndefined();
  });

  it('starts a new round on resubmission and keeps the earlier rounds as they were', () => {
    const closed = withDecision(item(1), decision('anne', 'requestChanges', 'Afsnit 4 mangler'));
    const next = withNewRound(closed, {
      ...closed.rounds[0]!,
      version: '1.2',
      submittedAt: '2027-03-02T08:00:00.000Z',
    });
    expect(next.state).toBe('pending');
    expect(next.rounds).toHaveLength(2);
    expect(next.rounds[0]).toEqual(closed.rounds[0]);
    expect(next.rounds[1]).toMatchObject({ round: 2, version: '1.2', decisions: [] });
  });

  it('reads the configured rule per kind', () => {
    expect(parseRequiredApprovals('policyRevision=2, handbookRevision=3')).toEqual({
      policyRevision: 2,
      handbookRevision: 3,
    });
    expect(parseRequiredApprovals(undefined)).toEqual({});
  });
});

describe('role rules (P10)', () => {
  it('never removes the last coordinator', () => {
    expect(wouldRemoveLastCoordinator('coordinator', 'a', ['a'])).toBe(true);
    expect(wouldRemoveLastCoordinator('coordinator', 'a', ['a', 'b'])).toBe(false);
    expect(wouldRemoveLastCoordinator('management', 'a', ['a'])).toBe(false);
    expect(wouldRemoveLastCoordinator('coordinator', 'c', ['a'])).toBe(false);
  });

  it('names a person by Entra object id or e-mail, nothing else', () => {
    expect(parsePerson(' 6F1C9A52-3B1E-4C1A-9D55-0A1B2C3D4E5F ')).toEqual({
      kind: 'id',
      id: '6f1c9a52-3b1e-4c1a-9d55-0a1b2c3d4e5f',
    });
    expect(parsePerson('Lars.Holm@Kommune.dk')).toEqual({ kind: 'email', email: 'lars.holm@kommune.dk' });
    expect(parsePerson('Lars Holm')).toBeUndefined();
  });
});
