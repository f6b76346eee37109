/** How many records an import or an export reads at once. */
const AT_ONCE = 16;

/**
 * Reads a record per id, a few at a time (the import's comparison and the export read whole records);
 * ids whose record is not stored are left out.
 */
export async function readEach<T>(ids: readonly string[], read: (id: string) => Promise<T | undefined>): Promise<T[]> {
  const found: T[] = [];
  for (let i = 0; i < ids.length; i += AT_ONCE)
    for (const record of await Promise.all(ids.slice(i, i + AT_ONCE).map(read))) if (record) found.push(record);
  return found;
}
