import { registerFileTransfer, type TransferDeps } from '../../transfer/handlers';
import type { Routes } from '../../turn';
import { verbs } from '../../verbs';
import { systemsView } from './cards';
import { mappingFrom } from './columns';
import type { RegisterImportService } from './import-service';

/** What importing and exporting the system register needs. */
export interface RegisterTransferDeps extends TransferDeps {
  imports: RegisterImportService;
}

/**
 * Import and export of the system register (P4): `importér systemer` and the file in the personal
 * chat give a dry run with the columns as guessed; "Importér" applies it; `eksportér systemer`
 * gives one-time links to the register as CSV and XLSX. The coordinator's alone (P10).
 */
export function registerRegisterTransfer(router: Routes, deps: RegisterTransferDeps): void {
  registerFileTransfer(router, deps, {
    view: systemsView,
    importWords: ['importér systemer', 'importer systemer', 'import systems'],
    exportWords: ['eksportér systemer', 'eksporter systemer', 'export systems'],
    verbs: { remap: verbs.systemImportRemap, apply: verbs.systemImportApply },
    imports: deps.imports,
    chooseColumns: mappingFrom,
    count: async () => (await deps.imports.registerSystems()).length,
    exportGrant: 'systemRegister',
  });
}
