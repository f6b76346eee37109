import { ConflictError, ForbiddenError, NotFoundError } from '../../errors';
import type { Locale } from '../../i18n';
import type { RoleRepository } from '../access/roles';
import { DOCX_TYPE, renderDocx } from '../documents/docx';
import { refused, type Download } from '../incidents/download-answer';
import type { AnnualAssessmentGrant } from '../incidents/exports';
import { assessmentCsv } from './csv';
import { assessmentDocument } from './document';
import type { AnnualAssessmentService } from './service';

/** What serving a version of the overall risk assessment needs. */
export interface AssessmentDownloadDeps {
  roles: RoleRepository;
  annualAssessments: Pick<AnnualAssessmentService, 'version'>;
}

/**
 * Serves a kept version of the annual overall risk assessment (P7) as Word or CSV, only while the
 * link's maker is still the coordinator or in the management group (P10): the role is read again
 * here. The content is hashed again before it is served: the file is exactly the version named.
 */
export async function downloadAssessment(
  grant: AnnualAssessmentGrant,
  deps: AssessmentDownloadDeps,
  pageLanguage: Locale,
): Promise<Download> {
  const roles = await deps.roles.rolesOf(grant.userId);
  let found: Awaited<ReturnType<AnnualAssessmentService['version']>>;
  try {
    found = await deps.annualAssessments.version({ userId: grant.userId, name: '', roles }, grant.hash);
  } catch (error) {
    if (error instanceof NotFoundError) return refused(404, 'annualAssessment.downloads.linkNotFound', pageLanguage);
    if (error instanceof ConflictError) return refused(409, 'annualAssessment.downloads.changed', pageLanguage);
    if (error instanceof ForbiddenError) return refused(403, 'annualAssessment.downloads.linkForbidden', pageLanguage);
    throw error;
  }
  const base = `${grant.locale === 'da' ? 'samlet-risikovurdering' : 'overall-risk-assessment'}-${found.content.year}-${found.hash.slice(0, 12)}`;
  const docx = grant.format === 'docx';
  return {
    status: 200,
    headers: {
      'content-type': docx ? DOCX_TYPE : 'text/csv; charset=utf-8',
      'content-disposition': `attachment; filename="${base}.${grant.format}"`,
      'cache-control': 'no-store',
      'x-content-type-options': 'nosniff',
    },
    body: docx
      ? await renderDocx(assessmentDocument(grant.locale, found.content, found.hash))
      : assessmentCsv(grant.locale, found.content, found.hash),
  };
}
