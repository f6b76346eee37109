import { randomUUID } from 'node:crypto';
import type { Clock } from '../../clock';
import { ConflictError } from '../../errors';
import type { AuditChain, AuditLog } from '../audit/audit-log';
import type { KeyedEvent } from '../audit/chain';
import type { HistoryEntry } from '../incidents/model';
import {
  anonymiseHistoryEntry,
  anonymiseIncident,
  isDueForAnonymisation,
  retentionCutoff,
  retentionStart,
} from './rules';
import type { EvidenceStore } from '../evidence/store';
import { evidenceFolder } from '../evidence/model';
import { anonymiseReferral, isReferralDue, referralRetentionStart } from './referral-rules';
import { anonymiseScreening, isScreeningDue, screeningRetentionStart } from './screening-rules';
import type { RetentionRun, RetentionStore } from './store';

/** The audit chain the runs are recorded in. */
const AUDIT_CHAIN: AuditChain = 'retention';
/** A run stored as under way and not heard from for this long has stopped. */
const STOPPED_AFTER_MS = 60 * 60_000;

/** One record the run anonymised (or, in a dry run, would anonymise). */
export interface RetentionItem {
  /** The incident number, `screening <id> (<system>)` or `referral <id>` (never the person). */
  label: string;
  /** When its retention period started. */
  since: string;
}

/** What a run did. */
export interface RetentionReport {
  dryRun: boolean;
  incidents: { cutoff: string; anonymised: RetentionItem[]; historyRows: number };
  screenings: { cutoff: string; anonymised: RetentionItem[] };
  referrals: { cutoff: string; anonymised: RetentionItem[] };
  /** Records changed by someone else during the run: left for the next run. */
  conflicts: string[];
  /** Earlier runs whose audit record was missing (their append failed) and is appended now. */
  earlierRunsRecorded: number;
}

/** How long records are kept whole, in years. */
export interface RetentionPeriods {
  incidentYears: number;
  screeningYears: number;
  referralYears: number;
}

/**
 * Anonymises every closed incident, every settled DPIA screening and every decided violation
 * referral whose retention period has ended (data minimisation, P10, P11), keeping what auditors need.
 *
 * @remarks An incident's history rows are rewritten first (by/byName/comment and free-text change
 * values), then the incident is replaced with its eTag and gets an `anonymised` history entry; a
 * crash in between leaves an incident that the next run finds due and finishes. A dry run changes
 * nothing. A real run appends one audit record with the counts (no numbers, no content), and first
 * the records of earlier runs that could not append theirs.
 */
export async function runRetention(deps: {
  store: RetentionStore;
  audit: AuditLog;
  clock: Clock;
  periods: RetentionPeriods;
  dryRun: boolean;
  /** Where evidence files are kept (#20): an incident's are deleted with its anonymisation. */
  evidence?: Pick<EvidenceStore, 'deleteFolder'>;
}): Promise<RetentionReport> {
  const { store, dryRun } = deps;
  const now = deps.clock.now();
  const incidentCutoff = retentionCutoff(now, deps.periods.incidentYears);
  const screeningCutoff = retentionCutoff(now, deps.periods.screeningYears);
  const referralCutoff = retentionCutoff(now, deps.periods.referralYears);
  const report: RetentionReport = {
    dryRun,
    earlierRunsRecorded: dryRun ? 0 : await recordEarlierRuns(deps),
    incidents: { cutoff: incidentCutoff.toISOString(), anonymised: [], historyRows: 0 },
    screenings: { cutoff: screeningCutoff.toISOString(), anonymised: [] },
    referrals: { cutoff: referralCutoff.toISOString(), anonymised: [] },
    conflicts: [],
  };
  const runId = `${now.toISOString()}_${randomUUID()}`;
  const run = (finished: boolean): RetentionRun => ({
    id: runId,
    at: now.toISOString(),
    finished,
    updatedAt: deps.clock.now().toISOString(),
    details: {
      incidentYears: deps.periods.incidentYears,
      screeningYears: deps.periods.screeningYears,
      incidents: report.incidents.anonymised.length,
      historyRows: report.incidents.historyRows,
      screenings: report.screenings.anonymised.length,
      referralYears: deps.periods.referralYears,
      referrals: report.referrals.anonymised.length,
      conflicts: report.conflicts.length,
    },
  });
  // A real run stores its counts before it changes anything and after each change, so that a run
  // that stops midway (the process dies, storage fails) is still counted by the next one.
  const progress = async (): Promise<void> => {
    if (!dryRun) await store.saveRun(run(false));
  };
  await progress();
  const attempt = async (label: string, change: () => Promise<void>): Promise<boolean> => {
    try {
      await change();
      return true;
    } catch (error) {
      if (!(error instanceof ConflictError)) throw error;
      report.conflicts.push(label);
      return false;
    }
  };

  for (const { incident, etag } of await store.closedIncidents(incidentCutoff)) {
    if (!isDueForAnonymisation(incident, incidentCutoff)) continue;
    const item = { label: incident.number, since: retentionStart(incident) ?? '' };
    if (dryRun) {
      report.incidents.anonymised.push(item);
      continue;
    }
    // Evidence files first, then the records naming them: a crash between leaves an incident still due.
    await deps.evidence?.deleteFolder(evidenceFolder(incident));
    report.incidents.historyRows += await store.rewriteHistory(incident, anonymiseHistoryEntry);
    const version = incident.version + 1;
    const entry: HistoryEntry = {
      version,
      at: now.toISOString(),
      by: 'retention',
      byName: 'retention',
      action: 'anonymised',
      changes: {},
    };
    if (await attempt(incident.number, () => store.replace({ ...anonymiseIncident(incident), version }, etag, entry)))
      report.incidents.anonymised.push(item);
    await progress();
  }

  for (const { screening, etag } of await store.screenings()) {
    if (!isScreeningDue(screening, screeningCutoff)) continue;
    const item = {
      label: `screening ${screening.id} (${screening.systemName})`,
      since: screeningRetentionStart(screening) ?? '',
    };
    if (dryRun || (await attempt(item.label, () => store.replaceScreening(anonymiseScreening(screening), etag))))
      report.screenings.anonymised.push(item);
    if (!dryRun) await progress();
  }

  for (const { referral, etag } of await store.referrals()) {
    if (!isReferralDue(referral, referralCutoff)) continue;
    const item = { label: `referral ${referral.id}`, since: referralRetentionStart(referral) ?? '' };
    if (dryRun || (await attempt(item.label, () => store.replaceReferral(anonymiseReferral(referral), etag))))
      report.referrals.anonymised.push(item);
    if (!dryRun) await progress();
  }

  if (!dryRun) await recordRun(deps, run(true));
  return report;
}

/**
 * Records a finished run: its counts are stored first, then appended to the audit log under the
 * run's id, then the stored counts are let go.
 */
async function recordRun(deps: { store: RetentionStore; audit: AuditLog }, run: RetentionRun): Promise<void> {
  await deps.store.saveRun(run);
  await deps.audit.appendOnce(AUDIT_CHAIN, runEvent(run));
  await deps.store.runRecorded(run);
}

/**
 * Appends the record of every earlier run that stored its counts but may have failed to append
 * them; answers how many records were missing.
 *
 * @remarks P10: what a run anonymised is not due again, so the next run would never count it. The
 * stored counts and the key (the run's id) let the next run append the missing record, and only
 * it: a record whose append landed though its answer was lost is found by its key.
 */
async function recordEarlierRuns(deps: { store: RetentionStore; audit: AuditLog; clock: Clock }): Promise<number> {
  let appended = 0;
  const now = deps.clock.now().getTime();
  for (const run of await deps.store.unrecordedRuns()) {
    const lastSeen = new Date(run.updatedAt ?? run.at).getTime();
    // A run stored as under way and heard from within the hour may still be going (a manual run
    // beside the weekly one): it records itself.
    if (run.finished === false && now - lastSeen < STOPPED_AFTER_MS) continue;
    if ((await deps.audit.ensure(AUDIT_CHAIN, runEvent(run))).appended) appended++;
    await deps.store.runRecorded(run);
  }
  return appended;
}

/** A run's audit record: the counts only (no numbers, no content), when it ran, and whether it stopped midway. */
const runEvent = (run: RetentionRun): KeyedEvent => ({
  actor: 'retention',
  action: 'retention.anonymised',
  subject: 'incidents, screenings, referrals',
  details: { ...run.details, ranAt: run.at, ...(run.finished === false ? { stoppedMidway: true } : {}) },
  key: `retention.anonymised/${run.id}`,
});
