import { stringsFor, type Locale } from '../../../i18n';
import type { SystemRecord } from '../model';
import { importFields } from './columns';
import type { Table } from '../../transfer/limits';

export { tableCsv, tableXlsx } from '../../transfer/files';

/**
 * The register as a table whose headings and values the import reads back (P4): the headings in
 * the reader's language, categories and kinds of personal data by their names, yes/no as words.
 * The owner is the name Teams gave (the import recognises a system's own owner by it).
 */
export function registerTable(systems: readonly SystemRecord[], locale: Locale): Table {
  const s = stringsFor(locale);
  const columns = s.registerTransfer.columns as Record<string, string>;
  const header = importFields.map((field) => columns[field] ?? field);
  const rows = [...systems]
    .sort((a, b) => a.name.localeCompare(b.name, 'da'))
    .map((system) => [
      system.kitosUuid ?? '',
      system.name,
      system.purpose,
      system.supplier,
      system.ownerName,
      system.criticality?.category ? s.systems.categories[system.criticality.category] : '',
      system.personalData ? s.systems.form.yes : s.systems.form.no,
      system.personalDataKinds.map((kind) => s.incidents.personalDataKinds[kind]).join(', '),
      system.contingencyPlanUrl ?? '',
    ]);
  return { header, rows };
}
