import { NotFoundError } from '../../errors';
import type { Locale } from '../../i18n';
import type { RoleRepository } from '../access/roles';
import { refused, type Download } from '../incidents/download-answer';
import type { EvidenceGrant } from '../incidents/exports';
import { asciiFileName } from './file-name';
import { evidenceTypes } from './model';
import type { EvidenceService } from './service';

/** What serving an evidence file needs. */
export interface EvidenceDownloadDeps {
  roles: RoleRepository;
  evidence: EvidenceService;
}

/**
 * Serves one evidence file from a one-time link (#20, P10): only while the link's maker is still the
 * coordinator, or the DPO and the incident a breach; only bytes whose SHA-256 is the one recorded
 * when the file was attached; always as a download (`Content-Disposition: attachment`, `nosniff`, a
 * sandboxing CSP), with the type its bytes were found to be — never the type the sender claimed.
 */
export async function downloadEvidence(
  grant: EvidenceGrant,
  deps: EvidenceDownloadDeps,
  pageLanguage: Locale,
): Promise<Download> {
  const roles = await deps.roles.rolesOf(grant.userId);
  if (!roles.has('coordinator') && !roles.has('dpo')) return refused(403, 'evidence.linkForbidden', pageLanguage);
  let opened: Awaited<ReturnType<EvidenceService['open']>>;
  try {
    opened = await deps.evidence.open({ userId: grant.userId, name: grant.name, roles }, grant.number, grant.fileId);
  } catch (error) {
    if (error instanceof NotFoundError) return refused(404, 'evidence.linkNotFound', pageLanguage);
    throw error;
  }
  if ('missing' in opened) return refused(404, 'evidence.linkNotFound', pageLanguage);
  if ('changed' in opened) return refused(409, 'evidence.linkChanged', pageLanguage);
  const { file, bytes } = opened;
  return {
    status: 200,
    headers: {
      'content-type': evidenceTypes[file.type].contentType,
      'content-disposition': `attachment; filename="${asciiFileName(file.name)}"; filename*=UTF-8''${encodeURIComponent(file.name)}`,
      'content-length': String(bytes.length),
      'cache-control': 'no-store',
      'x-content-type-options': 'nosniff',
      // Should a browser render it anyway: no scripts, no requests, no same-origin access.
      'content-security-policy': "default-src 'none'; sandbox",
    },
    body: bytes,
  };
}
