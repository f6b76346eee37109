import { chosenColumns, guessColumns, headerKey } from '../../transfer/columns';
import type { ColumnMapping as TransferMapping } from '../../transfer/plan';

/** The register's fields an import can fill (P4), in the order the export writes them. */
export const importFields = [
  'kitosUuid',
  'name',
  'purpose',
  'supplier',
  'owner',
  'category',
  'personalData',
  'personalDataKinds',
  'plan',
] as const;
export type ImportField = (typeof importFields)[number];

/** Which column (0-based) of the file fills which field; a field without a column keeps what the register has. */
export type ColumnMapping = TransferMapping<ImportField>;

export { headerKey };

/**
 * The header names each field is recognised by: the export's own headings (Danish and English),
 * common spreadsheet words, and the headings of a KITOS export of the organisation's IT systems.
 */
const aliases: Record<ImportField, string[]> = {
  kitosUuid: ['KITOS-UUID', 'KITOS UUID', 'UUID', 'IT-System UUID', 'IT-systemets UUID', 'System UUID', 'KITOS-id'],
  name: ['Systemnavn', 'Navn', 'IT-system', 'IT System', 'System', 'System name', 'Name', 'IT-systemnavn'],
  purpose: ['Formål', 'Beskrivelse', 'Purpose', 'Description', 'Systemets formål'],
  supplier: ['Leverandør', 'Rettighedshaver', 'Supplier', 'Vendor', 'Leverandør/rettighedshaver'],
  owner: [
    'Systemejer',
    'Systemansvarlig',
    'Ejer',
    'System owner',
    'Owner',
    'Systemejer e-mail',
    'Systemansvarlig e-mail',
  ],
  category: ['Kategori', 'Kritikalitet', 'Kritikalitetskategori', 'Category', 'Criticality', 'Forretningskritikalitet'],
  personalData: ['Personoplysninger', 'Behandler personoplysninger', 'Personal data', 'Indeholder personoplysninger'],
  personalDataKinds: [
    'Typer af personoplysninger',
    'Personoplysningstyper',
    'Kinds of personal data',
    'Personal data kinds',
    'Datatyper',
  ],
  plan: ['Beredskabsplan', 'Link til beredskabsplan', 'Contingency plan', 'Beredskabsplan (link)'],
};

/**
 * Guesses which column fills which field from the header names; each field takes the first column
 * whose name it knows, each column fills one field at most. The coordinator can change it on the card.
 */
export const guessMapping = (header: readonly string[]): ColumnMapping => guessColumns(header, aliases);

/** A mapping as the card sent it (`col_<field>` = column number or empty), checked against the header. */
export const mappingFrom = (data: Record<string, unknown>, columns: number): ColumnMapping =>
  chosenColumns(data, columns, importFields);
