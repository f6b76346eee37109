import type { AuditRecord } from '../../src/features/audit/chain';
import { breachState, checkDecisions, decisionEvent } from '../../src/features/audit/decision-records';
import type { Incident } from '../../src/features/incidents/model';
import { anonymiseIncident } from '../../src/features/retention/rules';
import { draft } from '../support/incidents';

const breach: Incident = {
  ...draft('reporter-1', 'Mail med CPR-numre sendt forkert'),
  number: 'HÆN-2026-0007',
  year: 2026,
  seq: 7,
  version: 3,
  kind: 'personalData',
  isBreach: true,
  state: 'closed',
  breachDecision: {
    notify: false,
    justification: 'Modtageren slettede mailen straks (Sofie Jensen bekræftede)',
    dataSubjectsInformed: 'notRequired',
    decidedBy: 'Mette Kjær',
    decidedAt: '2026-11-28T12:00:00.000Z',
  },
};

/** The audit record the bot appended for the incident as it was then. */
const recordOf = (incident: Incident, seq = 1): AuditRecord => {
  const event = decisionEvent(breachState(incident), { userId: 'coordinator' }, { notify: false }, incident.version);
  return { ...event, chain: 'decisions', seq, at: '2026-11-28T12:00:01.000Z', prevHash: '', hash: '' };
};

describe('decisions compared with the audit log (P10)', () => {
  it('finds a decision as recorded intact', () => {
    expect(checkDecisions([breachState(breach)], [recordOf(breach)])).toEqual({ mismatches: [], unaudited: [] });
  });

  it('names a decision changed behind the bot, also in its free text', () => {
    const edited = { ...breach, breachDecision: { ...breach.breachDecision!, justification: 'Ingen risiko.' } };
    expect(checkDecisions([breachState(edited)], [recordOf(breach)]).mismatches).toEqual([
      { kind: 'breach', subject: 'HÆN-2026-0007', reason: 'differs from its audit record' },
    ]);
  });

  it('compares the latest record: an earlier decision recorded again later is judged by the later one', () => {
    const later = { ...breach, version: 4, breachDecision: { ...breach.breachDecision!, notify: true } };
    expect(checkDecisions([breachState(later)], [recordOf(breach, 1), recordOf(later, 2)]).mismatches).toEqual([]);
    expect(checkDecisions([breachState(breach)], [recordOf(breach, 1), recordOf(later, 2)]).mismatches).toHaveLength(1);
  });

  it('accepts what the retention run anonymised, but not a change made after it', () => {
    const anonymised = anonymiseIncident(breach);
    expect(checkDecisions([breachState(anonymised)], [recordOf(breach)]).mismatches).toEqual([]);
    const tampered = { ...anonymised, breachDecision: { ...anonymised.breachDecision!, notify: true } };
    expect(checkDecisions([breachState(tampered)], [recordOf(breach)]).mismatches).toHaveLength(1);
  });

  it('lists a decision without any audit record apart, and ignores incidents without a decision', () => {
    const undecided = { ...breach, breachDecision: undefined };
    expect(checkDecisions([breachState(breach), breachState(undecided)], [])).toEqual({
      mismatches: [],
      unaudited: [{ kind: 'breach', subject: 'HÆN-2026-0007', reason: 'not in the audit log' }],
    });
  });
});
