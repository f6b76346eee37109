import writeXlsxFile from 'write-excel-file/node';
import { stringsFor, type Locale } from '../../i18n';
import { csvCell } from '../incidents/csv';
import type { Download } from '../incidents/download-answer';
import { importStrings, rowDetails, type ImportView } from './import-card';
import type { Table } from './limits';
import type { ImportPlan } from './plan';

const XLSX_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

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

/** A file to download: never cached, never sniffed as another type. */
export const fileDownload = (name: string, type: string, body: string | Buffer): Download => ({
  status: 200,
  headers: {
    'content-type': type,
    'content-disposition': `attachment; filename="${name}"`,
    'cache-control': 'no-store',
    'x-content-type-options': 'nosniff',
  },
  body,
});

/** A register's table as the CSV or XLSX download its export link gives (`base`: the file name without extension). */
export async function tableDownload(table: Table, format: 'csv' | 'xlsx', base: string, sheet: string) {
  if (format === 'xlsx') return fileDownload(`${base}.xlsx`, XLSX_TYPE, await tableXlsx(table, sheet));
  return fileDownload(`${base}.csv`, 'text/csv; charset=utf-8', tableCsv(table));
}

/** The full dry run as CSV: line, name, outcome, why (P4, #19 import). */
export function dryRunCsv(plan: ImportPlan, locale: Locale, view: ImportView): string {
  const s = importStrings(locale, view);
  const outcomes = stringsFor(locale).registerTransfer.import.outcomes;
  return tableCsv({
    header: [s.csv.line, s.csv.name, s.csv.outcome, s.csv.details],
    rows: plan.rows.map((row) => [String(row.line), row.name, outcomes[row.outcome], rowDetails(locale, row, view)]),
  });
}
