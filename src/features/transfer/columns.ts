import type { ColumnMapping } from './plan';

/** A header (or a word) as compared: lower case, é as e, Danish letters kept, everything else but letters and digits gone. */
export const headerKey = (header: string): string =>
  header
    .toLocaleLowerCase('da-DK')
    .replace(/é/g, 'e')
    .replace(/[^a-z0-9æøå]/g, '');

/**
 * Guesses which column fills which field from the header names (`aliases`: the names each field is
 * known by); each field takes the first column whose name it knows, each column fills one field at
 * most. The coordinator can change it on the card.
 */
export function guessColumns<Field extends string>(
  header: readonly string[],
  aliases: Record<Field, readonly string[]>,
): ColumnMapping<Field> {
  const keys = new Map<string, Field>();
  for (const field of Object.keys(aliases) as Field[])
    for (const alias of aliases[field]) if (!keys.has(headerKey(alias))) keys.set(headerKey(alias), field);
  const mapping: ColumnMapping<Field> = {};
  header.forEach((name, column) => {
    const field = keys.get(headerKey(name));
    if (field && mapping[field] === undefined) mapping[field] = column;
  });
  return mapping;
}

/** A mapping as the card sent it (`col_<field>` = column number or empty), checked against the header. */
export function chosenColumns<Field extends string>(
  data: Record<string, unknown>,
  columns: number,
  fields: readonly Field[],
): ColumnMapping<Field> {
  const mapping: ColumnMapping<Field> = {};
  for (const field of fields) {
    const value = data[`col_${field}`];
    const column = typeof value === 'string' && /^\d{1,3}$/.test(value) ? Number(value) : undefined;
    if (column !== undefined && column < columns) mapping[field] = column;
  }
  return mapping;
}
