import type { AzuriteHandle } from './azurite';

/** Stops the run's Azurite. */
export default async function globalTeardown(): Promise<void> {
  await (globalThis as { __azurite?: AzuriteHandle }).__azurite?.stop();
}
