import type { ImportView } from '../../transfer/import-card';
import type { TransferRegister } from '../../transfer/download';
import { registerFileTransfer, type TransferDeps } from '../../transfer/handlers';
import type { Routes } from '../../turn';
import { verbs } from '../../verbs';
import type { RiskRepository } from '../repository';
import { riskImportFields, riskMappingFrom } from './columns';
import { riskTable } from './export-table';
import { readRisks, SYSTEMS_LIMIT, type RiskImportService } from './import-service';
import type { SystemDirectory } from '../service';

/** How the risk register's import speaks (#19). */
export const risksView: ImportView = { kind: 'risks', root: 'riskTransfer', fields: riskImportFields };

/** The risk register as its export and its dry-run download read it. */
export const riskRegisterTransfer = (
  repo: Pick<RiskRepository, 'get' | 'listAll'>,
  systems: Pick<SystemDirectory, 'choices'>,
  imports: RiskImportService,
): TransferRegister => ({
  view: risksView,
  table: async (locale) => {
    const [items, names] = await Promise.all([repo.listAll(), systems.choices(SYSTEMS_LIMIT)]);
    const risks = await readRisks(
      repo,
      items.map((item) => item.id),
    );
    return riskTable(risks, locale, new Map(names.map((system) => [system.id, system.name])));
  },
  imports,
});

/** What importing and exporting the risk register needs. */
export interface RiskTransferDeps extends TransferDeps {
  riskImports: RiskImportService;
  riskRepo: Pick<RiskRepository, 'listAll'>;
}

/**
 * Import and export of the risk register (#19): `importér risici` and the file in the personal chat
 * give a dry run with the columns as guessed; "Importér" applies it; `eksportér risici` gives one-time
 * links to the register as CSV and XLSX. The coordinator's alone (P10).
 */
export function registerRiskTransfer(router: Routes, deps: RiskTransferDeps): void {
  registerFileTransfer(router, deps, {
    view: risksView,
    importWords: ['importér risici', 'importer risici', 'import risks'],
    exportWords: ['eksportér risici', 'eksporter risici', 'export risks'],
    verbs: { remap: verbs.riskImportRemap, apply: verbs.riskImportApply },
    imports: deps.riskImports,
    chooseColumns: riskMappingFrom,
    count: async () => (await deps.riskRepo.listAll()).length,
    exportGrant: 'riskRegister',
  });
}
