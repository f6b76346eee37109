import type { Incident } from '../incidents/model';
import type { Screening } from '../dpia/model';
import type { RiskAssessmentIntervals } from '../systems/criticality';
import type { SystemListItem } from '../systems/list-item';
import type { SystemRecord } from '../systems/model';
import type { RiskLevel, RiskListItem, RiskRecord } from '../risks/model';
import { assessmentOf, periodEnding, topRiskIds } from './gather';
import type { AnnualAssessment } from './model';

/** The most systems the assessment reads (the register's first, in its order). */
export const SYSTEMS_READ = 2000;
/** Point reads in flight at once while reading records. */
const IN_FLIGHT = 8;

/** What the assessment reads, each a narrow view of a repository (read only). */
export interface AssessmentReaders {
  risks: { listAll(): Promise<RiskListItem[]>; get(id: string): Promise<{ risk: RiskRecord } | undefined> };
  systems: {
    listRegister(after: string | undefined, limit: number): Promise<SystemListItem[]>;
    get(id: string): Promise<{ system: SystemRecord } | undefined>;
  };
  incidents: { listReportedBetween(from: Date, to: Date): Promise<Incident[]> };
  screenings: { get(id: string): Promise<{ screening: Screening } | undefined> };
}

/** `read` for each of `keys`, at most {@link IN_FLIGHT} at a time, in order; what is not found is left out. */
async function readAll<K, T>(keys: readonly K[], read: (key: K) => Promise<T | undefined>): Promise<T[]> {
  const found: (T | undefined)[] = new Array(keys.length);
  let next = 0;
  const worker = async () => {
    while (next < keys.length) {
      const index = next++;
      found[index] = await read(keys[index] as K);
    }
  };
  await Promise.all(Array.from({ length: Math.min(IN_FLIGHT, keys.length) }, worker));
  return found.filter((value): value is T => value !== undefined);
}

/**
 * Generates the annual overall risk assessment from the register as it is at `now` (P7): reads every
 * risk's list item, the records of the top risks only, the systems with their latest screening, and
 * the incidents reported in the 12 months up to today.
 *
 * @remarks Reads grow with the register (one list partition for the risks, one record and one
 * screening per system), as an annual document may; the card answers within Teams' time for a
 * municipality's register (docs/RISKS.md).
 */
export async function generateAssessment(
  readers: AssessmentReaders,
  options: {
    now: Date;
    generatedBy: string;
    acceptanceAbove: RiskLevel;
    intervals: Partial<RiskAssessmentIntervals>;
  },
): Promise<AnnualAssessment> {
  const period = periodEnding(options.now);
  const [risks, systemItems, incidents] = await Promise.all([
    readers.risks.listAll(),
    readers.systems.listRegister(undefined, SYSTEMS_READ),
    readers.incidents.listReportedBetween(period.fromInstant, options.now),
  ]);
  const top = topRiskIds(risks);
  const [topRecords, systems] = await Promise.all([
    readAll(top.ids, async (id) => (await readers.risks.get(id))?.risk),
    readAll(systemItems, async (item) => (await readers.systems.get(item.id))?.system),
  ]);
  const screenings = await readAll(
    systems.filter((system) => system.latestScreeningId),
    async (system) => (await readers.screenings.get(system.latestScreeningId as string))?.screening,
  );
  return assessmentOf({
    ...options,
    risks,
    topRecords,
    topOmitted: top.omitted,
    systems,
    incidents,
    screenings,
  });
}
