/**
 * A string property holds at most 64 KiB (32 K UTF-16 characters), so a record whose JSON can be
 * longer (an incident with 50 long measures, an approval with many rounds) is stored over the
 * properties `json`, `json1`, `json2`, … An entity holds up to 1 MiB, far above what any record
 * here reaches. Always written with `Replace`, so a record that shrinks leaves no old part behind.
 */
const CHUNK = 30_000;

/** The record's JSON as `json`, `json1`, `json2`, … properties. */
export function jsonColumns(value: unknown): { json: string } & Record<string, string> {
  const json = JSON.stringify(value);
  const columns: { json: string } & Record<string, string> = { json: json.slice(0, CHUNK) };
  for (let i = 1; i * CHUNK < json.length; i++) columns[`json${i}`] = json.slice(i * CHUNK, (i + 1) * CHUNK);
  return columns;
}

/** The record stored by {@link jsonColumns} (a row written before records were split has `json` alone). */
export function fromJsonColumns<T>(row: Record<string, unknown>): T {
  let json = String(row.json ?? '');
  for (let i = 1; typeof row[`json${i}`] === 'string'; i++) json += row[`json${i}`] as string;
  return JSON.parse(json) as T;
}
