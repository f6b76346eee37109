import { NotFoundError } from '../../../errors';
import { stringsFor, t, type Locale } from '../../../i18n';
import type { RoleRepository } from '../../access/roles';
import { refused, type Download } from '../../incidents/download-answer';
import type { ImportDryRunGrant, SystemRegisterGrant } from '../../incidents/exports';
import type { SystemRecord } from '../model';
import { rowDetails } from './cards';
import { registerTable, tableCsv, tableXlsx } from './export-table';
import type { RegisterImportService } from './import-service';
import type { ImportPlan } from './plan';

/** What serving the register's files needs. */
export interface RegisterDownloadDeps {
  roles: RoleRepository;
  /** Every system of the register, in full (the export and the import read the same). */
  allSystems: () => Promise<SystemRecord[]>;
  imports: Pick<RegisterImportService, 'dryRun'>;
}

const XLSX_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

const file = (name: string, type: string, body: string | Buffer): Download => ({
  status: 200,
  headers: {
    'content-type': type,
    'content-disposition': `attachment; filename="${name}"`,
    'cache-control': 'no-store',
    'x-content-type-options': 'nosniff',
  },
  body,
});

/** The full dry run as CSV: line, name, outcome, why (P4 import). */
export function dryRunCsv(plan: ImportPlan, locale: Locale): string {
  const s = stringsFor(locale).registerTransfer.import;
  return tableCsv({
    header: [s.csv.line, s.csv.name, s.csv.outcome, s.csv.details],
    rows: plan.rows.map((row) => [String(row.line), row.name, s.outcomes[row.outcome], rowDetails(locale, row)]),
  });
}

/**
 * Serves the register (CSV or XLSX) or an upload's full dry run, only while the link's maker is
 * still the coordinator (P10: the role is read again here).
 */
export async function downloadRegisterFile(
  grant: SystemRegisterGrant | ImportDryRunGrant,
  deps: RegisterDownloadDeps,
  pageLanguage: Locale,
): Promise<Download> {
  const roles = await deps.roles.rolesOf(grant.userId);
  if (!roles.has('coordinator')) return refused(403, 'registerTransfer.export.onlyCoordinator', pageLanguage);
  if (grant.kind === 'importDryRun') {
    try {
      const { plan } = await deps.imports.dryRun({ userId: grant.userId, name: '', roles }, grant.importId);
      return file('proevekoersel.csv', 'text/csv; charset=utf-8', dryRunCsv(plan, grant.locale));
    } catch (error) {
      if (error instanceof NotFoundError) return refused(404, 'registerTransfer.import.gone', pageLanguage);
      throw error;
    }
  }
  const table = registerTable(await deps.allSystems(), grant.locale);
  const base = t(grant.locale, 'registerTransfer.export.fileName');
  if (grant.format === 'xlsx')
    return file(`${base}.xlsx`, XLSX_TYPE, await tableXlsx(table, t(grant.locale, 'registerTransfer.export.sheet')));
  return file(`${base}.csv`, 'text/csv; charset=utf-8', tableCsv(table));
}
