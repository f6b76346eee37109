import type { RoleRepository } from '../access/roles';
import { NotFoundError } from '../../errors';
import type { Locale } from '../../i18n';
import { refused, type Download } from '../incidents/download-answer';
import type { ReadConfirmationsGrant } from '../incidents/exports';
import { readConfirmationsCsv } from './csv';
import type { AwarenessService } from './service';

/** What serving the read confirmations needs. */
export interface ReadConfirmationsDownloadDeps {
  roles: RoleRepository;
  awareness: Pick<AwarenessService, 'status'>;
}

/**
 * Serves who confirmed a policy version (P12) as CSV, only while the link's maker is still the
 * coordinator (P10): the role is read again here, so a link made by someone who has since lost it
 * gives nothing.
 */
export async function downloadReadConfirmations(
  grant: ReadConfirmationsGrant,
  deps: ReadConfirmationsDownloadDeps,
  pageLanguage: Locale,
): Promise<Download> {
  const roles = await deps.roles.rolesOf(grant.userId);
  if (!roles.has('coordinator')) return refused(403, 'awareness.export.linkForbidden', pageLanguage);
  let found: Awaited<ReturnType<AwarenessService['status']>>;
  try {
    found = await deps.awareness.status({ userId: grant.userId, name: '', roles }, grant.campaignId);
  } catch (error) {
    if (error instanceof NotFoundError) return refused(404, 'incidents.export.linkGone', pageLanguage);
    throw error;
  }
  const version = found.campaign.version.replace(/[^A-Za-z0-9.-]/g, '');
  const base = grant.locale === 'da' ? 'laest-og-forstaaet' : 'read-and-understood';
  return {
    status: 200,
    headers: {
      'content-type': 'text/csv; charset=utf-8',
      'content-disposition': `attachment; filename="${base}-${found.campaign.kind}-${version}.csv"`,
      'cache-control': 'no-store',
      'x-content-type-options': 'nosniff',
    },
    body: readConfirmationsCsv(found.requests, grant.locale),
  };
}
