import type { ApprovalItem, ApprovalState, Decision, Round } from './model';
import { currentRound } from './model';

/**
 * How a round ends: a request for changes from any member ends it at once; otherwise it is
 * approved when `required` different members have approved; until then it stays open.
 *
 * @remarks P7, P9: the completion rule is configured per kind ("any one member" is 1).
 */
export function roundOutcome(decisions: readonly Decision[], required: number): Round['outcome'] {
  if (decisions.some((decision) => decision.decision === 'requestChanges')) return 'changesRequested';
  const approvers = new Set(decisions.filter((decision) => decision.decision === 'approve').map((d) => d.by));
  return approvers.size >= Math.max(1, required) ? 'approved' : undefined;
}

/**
 * Why a decision cannot be recorded on the item as it is now, or undefined when it can.
 *
 * @remarks P7, P9, segregation of duties: the person who submitted the round may not decide it
 * (`ownSubmission`) unless the municipality has explicitly allowed it (`allowSelfDecision`).
 */
export function decisionRefusal(
  item: ApprovalItem,
  round: number,
  userId: string,
  allowSelfDecision = false,
): 'outdated' | 'alreadyDecided' | 'ownSubmission' | undefined {
  const current = currentRound(item);
  if (item.state !== 'pending' || current.round !== round) return 'outdated';
  if (current.decisions.some((decision) => decision.by === userId)) return 'alreadyDecided';
  if (!allowSelfDecision && current.submittedBy === userId) return 'ownSubmission';
  return undefined;
}

/** The member's decision in a round, if they made one. */
export const decisionBy = (item: ApprovalItem, round: number, userId: string): Decision | undefined =>
  item.rounds.find((candidate) => candidate.round === round)?.decisions.find((decision) => decision.by === userId);

/** The item's state right after a decision of a round, as the rule decided it then (later decisions aside). */
export function stateAfter(round: Round, decision: Decision): ApprovalState {
  const upTo = round.decisions.slice(0, round.decisions.indexOf(decision) + 1);
  return roundOutcome(upTo, round.required) ?? 'pending';
}

/** The item with a decision added to its current round, closed when the rule says so. */
export function withDecision(item: ApprovalItem, decision: Decision): ApprovalItem {
  const current = currentRound(item);
  const decisions = [...current.decisions, decision];
  const outcome = roundOutcome(decisions, current.required);
  const round: Round = { ...current, decisions, ...(outcome ? { outcome, closedAt: decision.at } : {}) };
  return { ...item, state: outcome ?? 'pending', rounds: [...item.rounds.slice(0, -1), round] };
}

/** The item with a new round for a resubmitted version; earlier rounds are kept as they were. */
export function withNewRound(item: ApprovalItem, round: Omit<Round, 'round' | 'decisions'>): ApprovalItem {
  const previous = currentRound(item);
  const closed: Round = previous.outcome ? previous : { ...previous, closedAt: round.submittedAt };
  return {
    ...item,
    state: 'pending',
    rounds: [...item.rounds.slice(0, -1), closed, { ...round, round: previous.round + 1, decisions: [] }],
  };
}

/**
 * Parses the per-kind completion rule, e.g. `policyRevision=2,handbookRevision=2`; kinds not named need one approval.
 */
export function parseRequiredApprovals(text: string | undefined): Record<string, number> {
  const rules: Record<string, number> = {};
  for (const part of (text ?? '').split(',')) {
    const match = /^\s*(\w+)\s*=\s*(\d+)\s*$/.exec(part);
    if (match) rules[match[1] as string] = Math.max(1, Number(match[2]));
  }
  return rules;
}
