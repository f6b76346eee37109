import { createHash } from 'node:crypto';
import type { Screening } from '../dpia/model';
import type { Incident } from '../incidents/model';
import { ANONYMISED, anonymiseIncident, isAnonymised } from '../retention/rules';
import { anonymiseScreening } from '../retention/screening-rules';
import type { SystemRecord } from '../systems/model';
import type { AuditRecord, KeyedEvent } from './chain';

/** The audit chain of the decisions a record holds: breach decisions, DPIA outcomes, criticality confirmations. */
export const DECISIONS = 'decisions';

/** The kinds of decision the `decisions` chain keeps, each the action of its records. */
export const decisionActions = {
  breach: 'breach.decision',
  screening: 'dpia.outcome',
  criticality: 'criticality.confirmed',
} as const;
export type DecisionKind = keyof typeof decisionActions;

/** Sorted-key JSON, so a digest does not depend on property order. */
function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  if (value && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, item]) => item !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([key, item]) => `${JSON.stringify(key)}:${canonical(item)}`).join(',')}}`;
  }
  return JSON.stringify(value ?? null);
}

const digestOf = (facts: unknown): string => createHash('sha256').update(canonical(facts), 'utf8').digest('hex');

/** What of an incident is its breach decision (P3): the breach mark and the art. 33 decision. */
export const breachFacts = (incident: Incident): unknown => ({
  isBreach: incident.isBreach,
  decision: incident.breachDecision ?? null,
});

/** What of a screening is its outcome (P5): the confirmed answers, notes, outcome, who and when. */
export const screeningFacts = (screening: Screening): unknown => screening.answer ?? null;

/** What of a system is its confirmed criticality (P4): the category, any override reason, who and when. */
export const criticalityFacts = (system: SystemRecord): unknown => {
  const c = system.criticality;
  return c?.confirmedAt
    ? { category: c.category, overrideReason: c.overrideReason, confirmedBy: c.confirmedBy, confirmedAt: c.confirmedAt }
    : null;
};

/** One decision as a record holds it now: its digest, and the digest of what survives anonymisation. */
export interface DecisionState {
  kind: DecisionKind;
  subject: string;
  /** Whether the record holds a decision (one without an audit record is reported). */
  decided: boolean;
  digest: string;
  /** The digest the facts have once the retention run has anonymised the record (equal where it does not). */
  anonymisedDigest: string;
  /** The record was anonymised by the retention run: only what survives it can be compared. */
  anonymised: boolean;
}

/** The breach decision an incident holds now. */
export function breachState(incident: Incident): DecisionState {
  return {
    kind: 'breach',
    subject: incident.number,
    decided: incident.breachDecision !== undefined,
    digest: digestOf(breachFacts(incident)),
    anonymisedDigest: digestOf(breachFacts(anonymiseIncident(incident))),
    anonymised: isAnonymised(incident),
  };
}

/** The DPIA outcome a screening holds now. */
export function screeningState(screening: Screening): DecisionState {
  return {
    kind: 'screening',
    subject: screening.id,
    decided: screening.answer !== undefined,
    digest: digestOf(screeningFacts(screening)),
    anonymisedDigest: digestOf(screeningFacts(anonymiseScreening(screening))),
    anonymised: screening.requestedBy === ANONYMISED,
  };
}

/** The criticality a system holds now (systems are never anonymised). */
export function criticalityState(system: SystemRecord): DecisionState {
  const digest = digestOf(criticalityFacts(system));
  return {
    kind: 'criticality',
    subject: system.id,
    decided: system.criticality?.confirmedAt !== undefined,
    digest,
    anonymisedDigest: digest,
    anonymised: false,
  };
}

/**
 * The audit event of a decision as a record now holds it: once per version of the record (a
 * screening's outcome, set once, once per screening), so a retry appends nothing twice.
 *
 * @remarks P10. The details hold no personal data and no free text (the audit log is never
 * anonymised): only the digests of the decision, which `npm run audit:verify` compares with the
 * record, and the neutral facts in `summary` (e.g. notify or not, the outcome, the category).
 */
export function decisionEvent(
  state: DecisionState,
  actor: { userId: string; name?: string },
  summary: Record<string, unknown>,
  version?: number,
): KeyedEvent {
  return {
    actor: actor.userId,
    actorName: actor.name,
    action: decisionActions[state.kind],
    subject: state.subject,
    details: {
      ...summary,
      ...(version !== undefined ? { version } : {}),
      digest: state.digest,
      anonymisedDigest: state.anonymisedDigest,
    },
    key: `${decisionActions[state.kind]}/${state.subject}/${version ?? 'once'}`,
  };
}

/** Why a record's decision does not match the audit log. */
export interface DecisionMismatch {
  kind: DecisionKind;
  subject: string;
  reason: 'differs from its audit record' | 'not in the audit log';
}

/**
 * Compares the decisions records hold now with the latest audit record of each (P10: a decision
 * cannot be rewritten unseen).
 *
 * @remarks A record whose decision differs from the latest audit record of its subject was changed
 * outside the bot. A record anonymised by the retention run is compared on what survives that.
 * A decision without any audit record is listed apart: it was recorded before the audit log kept
 * decisions, or its audit record was lost with a storage fault; it is reported, not judged.
 */
export function checkDecisions(
  states: readonly DecisionState[],
  records: readonly AuditRecord[],
): { mismatches: DecisionMismatch[]; unaudited: DecisionMismatch[] } {
  const latest = new Map<string, AuditRecord>();
  for (const record of records) latest.set(`${record.action}|${record.subject}`, record);
  const mismatches: DecisionMismatch[] = [];
  const unaudited: DecisionMismatch[] = [];
  for (const state of states) {
    const record = latest.get(`${decisionActions[state.kind]}|${state.subject}`);
    if (!record) {
      if (state.decided) unaudited.push({ kind: state.kind, subject: state.subject, reason: 'not in the audit log' });
      continue;
    }
    const matches = state.anonymised
      ? record.details.anonymisedDigest === state.digest
      : record.details.digest === state.digest;
    if (!matches)
      mismatches.push({ kind: state.kind, subject: state.subject, reason: 'differs from its audit record' });
  }
  return { mismatches, unaudited };
}

/** The criticality decision a system's stored category is (P4): confirmed, or set by an import, by `by`. */
export const criticalityDecision = (system: SystemRecord, by: { userId: string; name: string }): KeyedEvent =>
  decisionEvent(
    criticalityState(system),
    by,
    { category: system.criticality?.category, proposed: system.criticality?.proposed },
    system.version,
  );
