import type { Clock } from '../../clock';
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

const refused = (status: number, text: string): Download => ({
  status,
  headers: {
    'content-type': 'text/plain; charset=utf-8',
    'x-content-type-options': 'nosniff',
    'cache-control': 'no-store',
  },
  body: text,
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
  if (!grant || new Date(grant.expiresAt) < deps.clock.now())
    return refused(404, 'The link has expired or was used already. Make a new export in Teams.');
  const roles = await deps.roles.rolesOf(grant.userId);
  if (!roles.has('coordinator')) return refused(403, 'Forbidden');
  const incidents = await deps.incidents.reportedBetween(
    { userId: grant.userId, name: '', roles },
    new Date(grant.from),
    new Date(grant.to),
  );
  const name = `haendelser-${grant.from.slice(0, 10)}-${grant.to.slice(0, 10)}.csv`;
  return {
    status: 200,
    headers: {
      'content-type': 'text/csv; charset=utf-8',
      'content-disposition': `attachment; filename="${name}"`,
      'cache-control': 'no-store',
      // A browser must never guess another type (HTML) for a file holding user text.
      'x-content-type-options': 'nosniff',
    },
    body: incidentsCsv(incidents, 'da'),
  };
}
