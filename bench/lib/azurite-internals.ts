/**
 * The parts of Azurite (and of the LokiJS it stores tables in) that B2 needs to write Azurite's
 * table database file itself. Taken from Azurite's own package, not copied, so that they are the
 * ones the emulator runs; a newer Azurite that moves them makes the bench fail here, loudly.
 */
import path from 'node:path';

/** The document Azurite keeps per entity (`TableHandler.createPersistedEntity`, normalized). */
export interface AzuriteDoc {
  PartitionKey: string;
  RowKey: string;
  properties: Record<string, unknown>;
  lastModifiedTime: string;
  eTag: string;
  /** Added by LokiJS on insert. */
  $loki?: number;
  meta?: unknown;
}

/** The LokiJS collection methods the bench uses (Azurite depends on lokijs; the bench does not). */
export interface LokiCollection {
  name: string;
  adaptiveBinaryIndices: boolean;
  insert(docs: AzuriteDoc[]): unknown;
  findOne(query: Record<string, unknown>): AzuriteDoc | null;
  find(query: Record<string, unknown>): { account: string; table: string }[];
  count(): number;
  ensureAllIndexes(force: boolean): void;
  checkAllIndexes(options?: { repair?: boolean }): string[];
}

export interface LokiDb {
  getCollection(name: string): LokiCollection | null;
  loadDatabase(options: object, callback: (error?: Error) => void): void;
  saveDatabase(callback: (error?: Error) => void): void;
}

type LokiConstructor = new (file: string, options: { persistenceMethod: 'fs' }) => LokiDb;

const azuriteDir = path.dirname(require.resolve('azurite/package.json'));
const fromAzurite = <T>(file: string): T => require(path.join(azuriteDir, 'dist', 'src', file)) as T;

/** The lokijs Azurite itself loads (resolved from Azurite's folder, so the same copy and version). */
const Loki = require(require.resolve('lokijs', { paths: [azuriteDir] })) as LokiConstructor;

const tableUtils = fromAzurite<{
  newTableEntityEtag(modTime: string): string;
  newHighPrecisionTimeStamp(date: Date): string;
}>('table/utils/utils.js');
const constants = fromAzurite<{ DEFAULT_TABLE_LOKI_DB_PATH: string }>('table/utils/constants.js');
const metadataStore = fromAzurite<{
  default: { prototype: { getTableCollectionName(account: string, table: string): string } };
}>('table/persistence/LokiTableMetadataStore.js');

/** The account Azurite serves by default (the one in every Azurite connection string). */
export const AZURITE_ACCOUNT = 'devstoreaccount1';
/** Azurite's list of tables. */
export const TABLES_COLLECTION = '$TABLES_COLLECTION$';

/** The table database file Azurite keeps in its `--location` folder. */
export const tableDbFile = (location: string): string => path.join(location, constants.DEFAULT_TABLE_LOKI_DB_PATH);

/** Azurite's modification time of an entity: ISO 8601 with 7 fractional digits (from hrtime). */
export const entityModTime = (date: Date): string => tableUtils.newHighPrecisionTimeStamp(date);

/** Azurite's eTag for an entity modified at `modTime` (`W/"datetime'…'"`, what If-Match must match). */
export const entityEtag = (modTime: string): string => tableUtils.newTableEntityEtag(modTime);

/** The LokiJS collection name of a table's entities. */
export const tableCollectionName = (account: string, table: string): string =>
  metadataStore.default.prototype.getTableCollectionName(account, table);

/** Loads a LokiJS database file as Azurite does (without Azurite's autosave: the bench saves once). */
export async function loadLokiDb(file: string): Promise<LokiDb> {
  const db = new Loki(file, { persistenceMethod: 'fs' });
  await new Promise<void>((resolve, reject) => db.loadDatabase({}, (error) => (error ? reject(error) : resolve())));
  return db;
}

export function saveLokiDb(db: LokiDb): Promise<void> {
  return new Promise<void>((resolve, reject) => db.saveDatabase((error) => (error ? reject(error) : resolve())));
}
