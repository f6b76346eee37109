import { startAzurite } from './azurite';

/** Starts one Azurite for the whole run; each test file uses its own table prefix. */
export default async function globalSetup(): Promise<void> {
  const azurite = await startAzurite();
  process.env.TEST_AZURITE_CONNECTION_STRING = azurite.connectionString;
  (globalThis as { __azurite?: unknown }).__azurite = azurite;
}
