import { NotFoundError } from '../../errors';
import { t, type Locale } from '../../i18n';
import type { RoleRepository } from '../access/roles';
import { refused, type Download } from '../incidents/download-answer';
import type { ImportDryRunGrant, RiskRegisterGrant, SystemRegisterGrant } from '../incidents/exports';
import { dryRunCsv, fileDownload, tableDownload } from './files';
import type { ImportView } from './import-card';
import type { ImportActor } from './import-service';
import type { Table } from './limits';
import type { ImportPlan } from './plan';
import type { ImportKind } from './session';

/** A register that can be exported and imported: how it speaks, its table, and its uploads' dry runs. */
export interface TransferRegister {
  view: ImportView;
  /** The whole register in the columns its import reads back, in the reader's language. */
  table(locale: Locale): Promise<Table>;
  imports: { dryRun(actor: ImportActor, id: unknown): Promise<{ plan: ImportPlan }> };
}

/** What serving the registers' files needs. */
export interface RegisterDownloadDeps {
  roles: RoleRepository;
  transfers: Record<ImportKind, TransferRegister>;
}

/** A grant for a register's files. */
export type TransferGrant = SystemRegisterGrant | RiskRegisterGrant | ImportDryRunGrant;

/**
 * Serves a register (CSV or XLSX) or an upload's full dry run, only while the link's maker is
 * still the coordinator (P10: the role is read again here).
 */
export async function downloadRegisterFile(
  grant: TransferGrant,
  deps: RegisterDownloadDeps,
  pageLanguage: Locale,
): Promise<Download> {
  const kind =
    grant.kind === 'importDryRun' ? (grant.register ?? 'systems') : grant.kind === 'riskRegister' ? 'risks' : 'systems';
  const register = deps.transfers[kind];
  const root = register.view.root;
  const roles = await deps.roles.rolesOf(grant.userId);
  if (!roles.has('coordinator')) return refused(403, `${root}.export.onlyCoordinator`, pageLanguage);
  if (grant.kind === 'importDryRun') {
    try {
      const { plan } = await register.imports.dryRun({ userId: grant.userId, name: '', roles }, grant.importId);
      return fileDownload('proevekoersel.csv', 'text/csv; charset=utf-8', dryRunCsv(plan, grant.locale, register.view));
    } catch (error) {
      if (error instanceof NotFoundError) return refused(404, 'registerTransfer.import.gone', pageLanguage);
      throw error;
    }
  }
  return tableDownload(
    await register.table(grant.locale),
    grant.format,
    t(grant.locale, `${root}.export.fileName`),
    t(grant.locale, `${root}.export.sheet`),
  );
}
