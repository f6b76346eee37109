import type { Locale } from '../../i18n';
import { NotFoundError } from '../../errors';
import { DOCX_TYPE, renderDocx } from '../documents/docx';
import { breachRecordDocument, hasRecordDocument } from './breach-record';
import { dpoMaySee } from './dpo-breach';
import type { Clock } from '../../clock';
import type { RoleRepository } from '../access/roles';
import { refused, type Download } from './download-answer';
import type { DpoBreachService } from './dpo-breach';
import type { IncidentService } from './service';
import type { BreachRecordGrant } from './exports';
import type { IncidentView } from './repository';

/** `HÆN-2026-0042` as an ASCII file name part (`HAEN-2026-0042`), for browsers that ignore `filename*`. */
const ascii = (text: string): string =>
  text
    .replace(/Æ/g, 'AE')
    .replace(/Ø/g, 'OE')
    .replace(/Å/g, 'AA')
    .replace(/[^A-Za-z0-9-]/g, '');

/** What serving a breach record needs. */
export interface BreachRecordDownloadDeps {
  roles: RoleRepository;
  incidents: IncidentService;
  dpoBreaches: DpoBreachService;
  clock: Clock;
}

/**
 * Serves a breach record as a Word document (P3 art. 33(5), P10): only while the link's maker is
 * still the coordinator (a breach record or a NIS2 incident's record), or the data protection officer and the incident a breach they may see;
 * the record as it is now, in the maker's language.
 *
 * @remarks The role is read again here: a link made by someone who has since lost the role gives
 * nothing. An incident that no longer is a breach record (or does not exist) is refused as gone.
 */
export async function downloadBreachRecord(
  grant: BreachRecordGrant,
  deps: BreachRecordDownloadDeps,
  pageLanguage: Locale,
): Promise<Download> {
  const roles = await deps.roles.rolesOf(grant.userId);
  const actor = { userId: grant.userId, name: grant.name, roles };
  let view: IncidentView;
  try {
    if (roles.has('coordinator')) view = await deps.incidents.view(actor, grant.number);
    else if (roles.has('dpo')) view = await deps.dpoBreaches.view(actor, grant.number);
    else return refused(403, 'breachRecord.linkForbidden', pageLanguage);
  } catch (error) {
    if (error instanceof NotFoundError) return refused(404, 'breachRecord.linkNotFound', pageLanguage);
    throw error;
  }
  const mayHave = roles.has('coordinator') ? hasRecordDocument(view.incident) : dpoMaySee(view.incident);
  if (!mayHave) return refused(404, 'breachRecord.linkNotFound', pageLanguage);
  const spec = breachRecordDocument(grant.locale, view.incident, view.history, {
    name: grant.name,
    at: deps.clock.now(),
  });
  const base = dpoMaySee(view.incident)
    ? grant.locale === 'da'
      ? 'brud'
      : 'breach'
    : grant.locale === 'da'
      ? 'haendelse'
      : 'incident';
  const name = `${base}-${view.incident.number}.docx`;
  return {
    status: 200,
    headers: {
      'content-type': DOCX_TYPE,
      'content-disposition': `attachment; filename="${base}-${ascii(view.incident.number)}.docx"; filename*=UTF-8''${encodeURIComponent(name)}`,
      'cache-control': 'no-store',
      'x-content-type-options': 'nosniff',
    },
    body: await renderDocx(spec),
  };
}
