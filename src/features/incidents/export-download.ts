import { DateTime } from 'luxon';
import { ZONE } from '../../clock';
import { incidentsCsv } from './csv';
import type { ExportRepository } from './exports';
import { downloadBreachRecord, type BreachRecordDownloadDeps } from './breach-record-download';
import { pageLocale, refused, type Download } from './download-answer';
import { downloadReadConfirmations, type ReadConfirmationsDownloadDeps } from '../awareness/export-download';
import { downloadAssessment, type AssessmentDownloadDeps } from '../annual-assessment/download';
import { downloadEvidence, type EvidenceDownloadDeps } from '../evidence/download';
import { downloadRegisterFile, type RegisterDownloadDeps } from '../transfer/download';

export { pageLocale, refused, type Download } from './download-answer';

/** The export's days in Danish time (`to` is the instant after the last day), for the file name. */
function danishDays(from: string, to: string): [string, string] {
  const day = (iso: string) => DateTime.fromISO(iso, { zone: ZONE });
  return [day(from).toISODate() as string, day(to).minus({ milliseconds: 1 }).toISODate() as string];
}

/** What serving a download needs. */
export interface ExportDownloadDeps
  extends
    BreachRecordDownloadDeps,
    ReadConfirmationsDownloadDeps,
    AssessmentDownloadDeps,
    EvidenceDownloadDeps,
    RegisterDownloadDeps {
  exports: ExportRepository;
}

/**
 * Serves a one-time export link: the grant must exist, be unused and unexpired, and its creator
 * must still hold a role that may have it (P10) — the link alone grants nothing after that. The
 * incident log is the coordinator's; a breach record is the coordinator's and the DPO's; who
 * confirmed a policy version (P12) is the coordinator's; the overall risk assessment (P7) is the
 * coordinator's and the management group's; an evidence file (#20) the coordinator's and, on a breach,
 * the DPO's.
 */
export async function downloadExport(
  token: string,
  deps: ExportDownloadDeps,
  acceptLanguage?: string,
): Promise<Download> {
  const locale = pageLocale(acceptLanguage);
  const grant = await deps.exports.claim(token);
  if (!grant || new Date(grant.expiresAt) < deps.clock.now()) return refused(404, 'incidents.export.linkGone', locale);
  if (grant.kind === 'breachRecord') return downloadBreachRecord(grant, deps, locale);
  if (grant.kind === 'readConfirmations') return downloadReadConfirmations(grant, deps, locale);
  if (grant.kind === 'annualAssessment') return downloadAssessment(grant, deps, locale);
  if (grant.kind === 'evidence') return downloadEvidence(grant, deps, locale);
  if (grant.kind === 'systemRegister' || grant.kind === 'riskRegister' || grant.kind === 'importDryRun')
    return downloadRegisterFile(grant, deps, locale);
  const roles = await deps.roles.rolesOf(grant.userId);
  if (!roles.has('coordinator')) return refused(403, 'incidents.export.linkForbidden', locale);
  const incidents = await deps.incidents.reportedBetween(
    { userId: grant.userId, name: '', roles },
    new Date(grant.from),
    new Date(grant.to),
  );
  // The log says what changed, by whom and when, for every incident exported (#15, P10).
  const histories = new Map(
    await Promise.all(
      incidents.map(
        async (incident) =>
          [incident.number, await deps.incidents.history({ userId: grant.userId, name: '', roles }, incident)] as const,
      ),
    ),
  );
  // The days the coordinator chose, in Danish time (the grant holds the UTC instants around them).
  const [first, last] = danishDays(grant.from, grant.to);
  const name = `haendelser-${first}-${last}.csv`;
  return {
    status: 200,
    headers: {
      'content-type': 'text/csv; charset=utf-8',
      'content-disposition': `attachment; filename="${name}"`,
      'cache-control': 'no-store',
      // A browser must never guess another type (HTML) for a file holding user text.
      'x-content-type-options': 'nosniff',
    },
    body: incidentsCsv(incidents, 'da', histories),
  };
}
