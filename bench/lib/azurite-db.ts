/**
 * Azurite's table database file, written by the bench: the documents Azurite would store for the
 * seeder's rows, their comparison with what Azurite did store, and the bulk insert.
 *
 * @remarks Why not the Table API: Azurite checks each insert with `findOne({PartitionKey, RowKey})`,
 * which narrows by the PartitionKey index and then scans the whole partition for the RowKey; B2's
 * partitions hold 30k–50k rows, so seeding 50k incidents through the API never finishes.
 */
import {
  AZURITE_ACCOUNT,
  entityEtag,
  entityModTime,
  tableCollectionName,
  type AzuriteDoc,
  type LokiCollection,
  type LokiDb,
} from './azurite-internals';
import type { SeedRow } from './seed-rows';

const INT32 = { min: -(2 ** 31), max: 2 ** 31 - 1 };

/**
 * The document Azurite stores for `row` inserted at `modTime`: what the SDK sends (undefined and
 * null dropped, no type annotation for strings, booleans and numbers) as Azurite normalizes it
 * (`NormalizedEntity`: the keys also among the properties, a non-integer number annotated
 * `Edm.Double`, Timestamp = modification time) and `insertTableEntity` stores it.
 */
export function toAzuriteDoc(row: SeedRow, modTime: string): AzuriteDoc {
  const properties: Record<string, unknown> = { PartitionKey: row.partitionKey, RowKey: row.rowKey };
  for (const [name, value] of Object.entries(row)) {
    if (name === 'partitionKey' || name === 'rowKey' || value === undefined || value === null) continue;
    if (typeof value === 'string' || typeof value === 'boolean') properties[name] = value;
    else if (typeof value === 'number' && Number.isInteger(value) && value >= INT32.min && value <= INT32.max)
      properties[name] = value;
    else if (typeof value === 'number' && Number.isFinite(value) && !Number.isInteger(value)) {
      properties[name] = value;
      properties[`${name}@odata.type`] = 'Edm.Double';
    } else throw new Error(`the bench cannot store ${name} = ${String(value)} (${typeof value}) in Azurite's file`);
  }
  properties.Timestamp = modTime;
  properties['Timestamp@odata.type'] = 'Edm.DateTime';
  return {
    PartitionKey: row.partitionKey,
    RowKey: row.rowKey,
    properties,
    lastModifiedTime: modTime,
    eTag: entityEtag(modTime),
  };
}

/** A fresh document for `row`, modified now (Azurite's clock: hrtime precision, so eTags differ). */
export const newAzuriteDoc = (row: SeedRow): AzuriteDoc => toAzuriteDoc(row, entityModTime(new Date()));

/** Fields that differ by when a document was written, not by what it holds. */
const WRITE_TIME_FIELDS = new Set(['$loki', 'meta', 'eTag', 'lastModifiedTime']);

/** One way a stored document differs from the built one: where, and how. */
export interface DocDifference {
  path: string;
  detail: string;
}

/**
 * Where the document Azurite stored and the one the bench builds from the same row differ;
 * write-time fields aside (LokiJS's `$loki` and `meta`, the eTag, the modification time and
 * Timestamp's value), whose form is checked on their own.
 */
export function docDifferences(stored: AzuriteDoc, built: AzuriteDoc): DocDifference[] {
  const differences = writeTimeProblems(stored);
  const walk = (a: unknown, b: unknown, at: string): void => {
    if (isObject(a) && isObject(b)) {
      for (const key of new Set([...Object.keys(a), ...Object.keys(b)])) {
        const path = at ? `${at}.${key}` : key;
        if ((!at && WRITE_TIME_FIELDS.has(key)) || path === 'properties.Timestamp') continue;
        walk(a[key], b[key], path);
      }
    } else if (!Object.is(a, b))
      differences.push({ path: at, detail: `stored ${JSON.stringify(a)} ≠ built ${JSON.stringify(b)}` });
  };
  walk(stored, built, '');
  return differences;
}

const isObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/** The stored write-time fields must relate as the bench builds them (Timestamp = time, eTag of time). */
function writeTimeProblems(stored: AzuriteDoc): DocDifference[] {
  const problems: DocDifference[] = [];
  if (stored.properties.Timestamp !== stored.lastModifiedTime)
    problems.push({
      path: 'properties.Timestamp',
      detail: `${String(stored.properties.Timestamp)} is not lastModifiedTime ${stored.lastModifiedTime}`,
    });
  if (stored.eTag !== entityEtag(stored.lastModifiedTime))
    problems.push({
      path: 'eTag',
      detail: `${stored.eTag} is not the eTag of its lastModifiedTime, ${entityEtag(stored.lastModifiedTime)}`,
    });
  if (!/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{7}Z$/.test(stored.lastModifiedTime))
    problems.push({
      path: 'lastModifiedTime',
      detail: `${stored.lastModifiedTime} is not ISO 8601 with 7 fractional digits`,
    });
  return problems;
}

/** The collection of a table's entities, looked up as Azurite's `getEntityCollection` does. */
export function entityCollection(db: LokiDb, table: string): LokiCollection {
  const collection =
    db.getCollection(tableCollectionName(AZURITE_ACCOUNT, table.toLowerCase())) ??
    db.getCollection(tableCollectionName(AZURITE_ACCOUNT, table));
  if (!collection) throw new Error(`Azurite's database file has no collection for table ${table}`);
  return collection;
}

/**
 * Inserts documents as one bulk: LokiJS's adaptive binary indices (updated per insert, a sorted
 * splice each) off during the insert, then every index rebuilt and checked, and adaptive indices
 * back on — they are saved with the collection, and Azurite keeps using them after loading.
 */
export function bulkInsert(collection: LokiCollection, docs: AzuriteDoc[]): void {
  collection.adaptiveBinaryIndices = false;
  try {
    collection.insert(docs);
    collection.ensureAllIndexes(true);
  } finally {
    collection.adaptiveBinaryIndices = true;
  }
  const broken = collection.checkAllIndexes();
  if (broken.length > 0)
    throw new Error(`index ${broken.join(', ')} of ${collection.name} is not valid after the bulk insert`);
}
