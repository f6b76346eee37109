import type { SystemRepository } from '../systems/repository';
import type { Screening } from './model';

/** Where the id of a system's newest screening is looked up (none if the system is gone). */
export type LatestScreeningOf = (systemId: string) => Promise<string | undefined>;

/** Looks the newest screening up in the system register itself (for jobs and counts, which act for no one). */
export const latestInRegister =
  (systems: Pick<SystemRepository, 'get'>): LatestScreeningOf =>
  async (systemId) =>
    (await systems.get(systemId))?.system.latestScreeningId;

/**
 * Keeps the screenings that are still their system's newest, reading each system once.
 *
 * @remarks P5, P6: a replaced screening can no longer be answered, nor its DPIA recorded done, so it
 * is neither reminded of nor counted as open. It leaves those lists when it is replaced; this covers
 * the index rows written before that was so, and a removal that failed.
 */
export async function onlyLatest(screenings: Screening[], latestOf: LatestScreeningOf): Promise<Screening[]> {
  const bySystem = new Map<string, Promise<string | undefined>>();
  for (const { systemId } of screenings) if (!bySystem.has(systemId)) bySystem.set(systemId, latestOf(systemId));
  const latest = await Promise.all(screenings.map(({ systemId }) => bySystem.get(systemId)));
  return screenings.filter((screening, i) => latest[i] === screening.id);
}
