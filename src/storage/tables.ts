import { TableClient, TableServiceClient, type TableServiceClientOptions } from '@azure/data-tables';
import { DefaultAzureCredential } from '@azure/identity';
import type { AppConfig } from '../config';
import { rethrowStorageError } from './errors';

/** Every table the bot uses, by logical name; the physical name is the configured prefix + this. */
export const tableNames = [
  'Roles',
  'Conversations',
  'Channels',
  'Incidents',
  'IncidentIndex',
  'Idempotency',
  'Audit',
  'Jobs',
  'Exports',
  'Systems',
  'SystemIndex',
  'Screenings',
  'ScreeningIndex',
  'Reviews',
  'Violations',
  'Senders',
  'Migrations',
  'Risks',
  'Awareness',
  'Evidence',
  'Imports',
] as const;

export type TableName = (typeof tableNames)[number];

/** Access to the bot's tables; the only place that knows whether it is Azurite or Azure. */
export interface Tables {
  client(name: TableName): TableClient;
  /** Creates every table if missing (idempotent; run at start). */
  ensureAll(): Promise<void>;
  /** True when storage answers within the timeout (used by `/readyz`). */
  ping(timeoutMs?: number): Promise<boolean>;
}

const clientOptions: TableServiceClientOptions = {
  retryOptions: { maxRetries: 2, retryDelayInMs: 100, maxRetryDelayInMs: 1000 },
  allowInsecureConnection: true,
};

/** Builds table clients from configuration: a connection string for Azurite, managed identity for Azure. */
export function createTables(storage: AppConfig['storage'], prefix: string): Tables {
  const physical = (name: TableName): string => `${prefix}${name}`;
  let makeClient: (table: string) => TableClient;
  let service: TableServiceClient;
  if ('connectionString' in storage) {
    makeClient = (table) => TableClient.fromConnectionString(storage.connectionString, table, clientOptions);
    service = TableServiceClient.fromConnectionString(storage.connectionString, clientOptions);
  } else {
    const credential = new DefaultAzureCredential({ managedIdentityClientId: storage.managedIdentityClientId });
    makeClient = (table) => new TableClient(storage.accountUrl, table, credential, clientOptions);
    service = new TableServiceClient(storage.accountUrl, credential, clientOptions);
  }
  const clients = new Map<TableName, TableClient>();
  const client = (name: TableName): TableClient => {
    let existing = clients.get(name);
    if (!existing) {
      existing = makeClient(physical(name));
      clients.set(name, existing);
    }
    return existing;
  };
  return {
    client,
    async ensureAll() {
      try {
        await Promise.all(tableNames.map((name) => client(name).createTable()));
      } catch (error) {
        rethrowStorageError(error, 'tables');
      }
    },
    async ping(timeoutMs = 2000) {
      try {
        const pages = service.listTables({ abortSignal: AbortSignal.timeout(timeoutMs) }).byPage({ maxPageSize: 1 });
        await pages.next();
        return true;
      } catch {
        return false;
      }
    },
  };
}
