/**
 * A string property holds at most 64 KiB (32 K UTF-16 characters), so a record whose JSON can be
 * longer (an incident with 50 long measures, an approval with many rounds) is stored over the
 * properties `json`, `json1`, `json2`, … An entity holds up to 1 MiB, far above what any record
 * here reaches. Always written with `Replace`, so a record that shrinks leaves no old part behind.
 */
const CHUNK = 30_000;

/**
 * The record's JSON as `json`, `json1`, `json2`, … properties, each cut on a character boundary.
 *
 * @remarks A cut between the two halves of a surrogate pair (an emoji) would leave each part with a
 * lone surrogate, which the storage service's UTF-8 turns into U+FFFD: the record would be read back
 * corrupted. Such a part ends one unit early instead.
 */
export function jsonColumns(value: unknown): { json: string } & Record<string, string> {
  const json = JSON.stringify(value);
  const parts: string[] = [];
  for (let start = 0; start < json.length || parts.length === 0;) {
    let end = Math.min(start + CHUNK, json.length);
    const last = json.charCodeAt(end - 1);
    if (end < json.length && last >= 0xd800 && last <= 0xdbff) end--;
    parts.push(json.slice(start, end));
    start = end;
  }
  const columns: { json: string } & Record<string, string> = { json: parts[0] ?? '' };
  parts.slice(1).forEach((part, i) => (columns[`json${i + 1}`] = part));
  return columns;
}

/** The record stored by {@link jsonColumns} (a row written before records were split has `json` alone). */
export function fromJsonColumns<T>(row: Record<string, unknown>): T {
  let json = String(row.json ?? '');
  for (let i = 1; typeof row[`json${i}`] === 'string'; i++) json += row[`json${i}`] as string;
  return JSON.parse(json) as T;
}
