import writeXlsxFile from 'write-excel-file/node';
import { stringsFor, type Locale } from '../../../i18n';
import { csvCell } from '../../incidents/csv';
import type { SystemRecord } from '../model';
import { importFields } from './columns';
import type { Table } from './limits';

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

/**
 * A table as CSV for Danish Excel: UTF-8 with BOM, `;`, CRLF, every cell guarded against formulas
 * (`csvCell`: a leading `= + - @` gets a `'`, which the import takes off again; P10).
 */
export const tableCsv = (table: Table): string =>
  `\uFEFF${[table.header, ...table.rows].map((row) => row.map(csvCell).join(';')).join('\r\n')}\r\n`;

/** A table as XLSX: every cell a text cell, so nothing in it is ever a formula. */
export async function tableXlsx(table: Table, sheet: string): Promise<Buffer> {
  const data = [table.header, ...table.rows].map((row) => row.map((value) => ({ value, type: String })));
  return (await writeXlsxFile(data, { sheet }).toBuffer()) as Buffer;
}
