import type { Clock } from '../../clock';
import { t } from '../../i18n';
import type { RoleRepository } from '../access/roles';
import { incidentsCsv } from './csv';
import type { ExportRepository } from './exports';
import type { IncidentService } from './service';

/** An HTTP answer, free of any server framework's types. */
export interface Download {
  status: number;
  headers: Record<string, string>;
  body: string;
}

/**
 * A refusal a person reads in the browser: Danish first, then English, since a browser carries no
 * Teams locale (P12).
 */
export const refused = (status: number, key: string): Download => ({
  status,
  headers: { 'content-type': 'text/plain; charset=utf-8', 'cache-control': 'no-store' },
  body: `${t('da', key)}\n\n${t('en', key)}\n`,
});

/**
 * Serves a one-time export link: the grant must exist, be unused and unexpired, and its creator
 * must still be a coordinator (P10) — the link alone grants nothing after that.
 */
export async function downloadExport(
  token: string,
  deps: { exports: ExportRepository; roles: RoleRepository; incidents: IncidentService; clock: Clock },
): Promise<Download> {
  const grant = await deps.exports.claim(token);
  if (!grant || new Date(grant.expiresAt) < deps.clock.now()) return refused(404, 'incidents.export.linkGone');
  const roles = await deps.roles.rolesOf(grant.userId);
  if (!roles.has('coordinator')) return refused(403, 'incidents.export.linkForbidden');
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
  const name = `haendelser-${grant.from.slice(0, 10)}-${grant.to.slice(0, 10)}.csv`;
  return {
    status: 200,
    headers: {
      'content-type': 'text/csv; charset=utf-8',
      'content-disposition': `attachment; filename="${name}"`,
      'cache-control': 'no-store',
    },
    body: incidentsCsv(incidents, 'da', histories),
  };
}
