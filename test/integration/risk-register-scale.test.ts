import { randomBytes } from 'node:crypto';
import type { TransactionAction } from '@azure/data-tables';
import { composeRepositories, composeServices, reviewSources } from '../../src/compose';
import { loadConfig } from '../../src/config';
import type { HeatMapCounts } from '../../src/features/risks/level';
import type { RiskActor } from '../../src/features/risks/access';
import { RISK_PAGE_SIZE } from '../../src/features/risks/service';
import { levelCode } from '../../src/features/risks/register-index';
import { REVIEW_FITS } from '../../src/features/risks/review-card';
import { createTables, type Tables } from '../../src/storage/tables';
import { riskRows } from '../../bench/lib/seed-risks';
import type { SeedPartition } from '../../bench/lib/seed-rows';
import { systemRows } from '../../bench/lib/seed-systems';
import { ManualClock } from '../support/harness';

jest.setTimeout(240_000);

const RISKS = 5000;
/** How many risks the heat map's counts hold: every cell of the inherent side, and the unassessed. */
const totalOf = (map: HeatMapCounts): number => map.inherent.flat().reduce((a, b) => a + b, 0) + map.unassessed;
const SYSTEMS = 1000;

/** Stores the rows in transactions of up to 100 entities of one partition, a few at a time. */
async function store(tables: Tables, partitions: SeedPartition[]): Promise<void> {
  const batches = partitions.flatMap((partition) =>
    Array.from({ length: Math.ceil(partition.rows.length / 100) }, (_, i) => ({
      table: partition.table,
      rows: partition.rows.slice(i * 100, (i + 1) * 100),
    })),
  );
  let next = 0;
  const worker = async () => {
    while (next < batches.length) {
      const batch = batches[next++]!;
      await tables.client(batch.table).submitTransaction(batch.rows.map((row): TransactionAction => ['create', row]));
    }
  };
  await Promise.all(Array.from({ length: 8 }, worker));
}

/**
 * #19 Scale: with 5,000 risks and 1,000 systems in Azurite, the register's pages read what they show
 * (the entities read counted at the storage edge, as the benchmark counts them).
 */
describe('the risk register at 5,000 risks and 1,000 systems (Azurite)', () => {
  const now = new Date('2026-12-07T09:00:00Z');
  const clock = new ManualClock(now);
  const reads = { count: 0 };
  const tables = createTables(
    { connectionString: process.env.TEST_AZURITE_CONNECTION_STRING as string },
    `l${randomBytes(4).toString('hex')}`,
  );
  const config = loadConfig({ NODE_ENV: 'test', SCHEDULER_ENABLED: 'false' });
  const repos = composeRepositories(tables, config, clock, { add: (entities) => void (reads.count += entities) });
  const services = composeServices(repos, config, clock);
  const systems = systemRows(SYSTEMS, now);
  const risks = riskRows(RISKS, systems.refs, now);
  const coordinator: RiskActor = { userId: 'coordinator', name: 'Koordinator', roles: new Set(['coordinator']) };
  const readsOf = async <T>(call: () => Promise<T>): Promise<{ result: T; reads: number }> => {
    const before = reads.count;
    const result = await call();
    return { result, reads: reads.count - before };
  };

  beforeAll(async () => {
    await tables.ensureAll();
    // The lists only: what the register's pages and the review read (a page that read the records would find none).
    await store(
      tables,
      [...systems.partitions, ...risks.partitions].filter((partition) => !['system', 'risk'].includes(partition.kind)),
    );
  });

  it('opens the register on a page of 25, the next one and one more row, and the heat map counts of all', async () => {
    const first = await readsOf(async () => ({
      page: await services.risks.list(coordinator),
      map: await services.risks.heatMap(coordinator),
    }));
    // The page and one row more (is there a next page?), and the heat map's counts: one point read.
    expect(first.reads).toBe(RISK_PAGE_SIZE + 1 + 1);
    expect(first.result.page.items).toHaveLength(RISK_PAGE_SIZE);
    expect(totalOf(first.result.map)).toBe(RISKS);

    // Deep in the register, the same.
    const ids = risks.items.map((item) => item.id).sort();
    const middle = await readsOf(() => services.risks.list(coordinator, ids[2500]));
    expect(middle.reads).toBe(RISK_PAGE_SIZE + 1);
    expect(middle.result.items.map((item) => item.id)).toEqual(ids.slice(2501, 2501 + RISK_PAGE_SIZE));
    expect(middle.result.next).toBe(ids[2500 + RISK_PAGE_SIZE]);
  });

  it("shows a system owner his own systems' risks, reading his systems and their risks only", async () => {
    const owner = systems.refs[0]!.ownerId;
    const own = systems.refs.filter((system) => system.ownerId === owner).map((system) => system.id);
    const hisRows = risks.partitions
      .filter((partition) => own.some((id) => partition.partitionKey === `sys_${id}`))
      .reduce((sum, partition) => sum + partition.rows.length, 0);
    const actor: RiskActor = { userId: owner, name: 'Systemejer', roles: new Set(['systemOwner']) };
    const seen = await readsOf(() => services.risks.list(actor));
    // His systems from the owners' list, and one row per risk of each of them: nothing of the rest of the register.
    expect(seen.reads).toBe(own.length + hisRows);
    expect(seen.reads).toBeLessThan(200);
    expect(seen.result.items.length).toBeGreaterThan(0);
  });

  it('shows the quarterly review from the first ten rows of each of its lists and the counts: page-sized', async () => {
    const today = now.toISOString().slice(0, 10);
    const review = await readsOf(() => reviewSources(repos, clock).risks!(undefined));
    // The counts (one row) and ten rows of each of four lists, whatever the register's size (before the
    // first review held there is nothing to compare with: no rows of the changed risks).
    expect(review.reads).toBe(1 + 4 * REVIEW_FITS[0].lines);
    const { result } = review;
    expect(result.total).toBe(RISKS);
    expect(result.overdue.count).toBe(risks.set.overdue);
    expect(result.expiredAcceptances.count).toBe(risks.set.expired);
    expect(result.openMeasures.count).toBe(risks.set.openMeasures);
    const levels = risks.items.map(levelCode).filter((code) => code !== 'unassessed');
    expect(result.highOrCritical.count).toBe(levels.filter((code) => /high|critical/.test(code)).length);
    // The worst first: there are more than ten critical/critical risks, so the ten shown are of them.
    expect(levels.filter((code) => code === 'critical/critical').length).toBeGreaterThan(10);
    expect(result.highOrCritical.lines.map((line) => `${line.level}/${line.residual}`)).toEqual(
      Array(10).fill('critical/critical'),
    );
    // The longest overdue first: the ten earliest review dates of the register.
    const dates = risks.items.flatMap((item) => (item.nextReview && item.nextReview < today ? [item.nextReview] : []));
    expect(result.overdue.lines.map((line) => line.nextReview)).toEqual(dates.sort().slice(0, 10));
    const dues = risks.items.flatMap((item) => (item.measuresDue ?? []).map((measure) => measure.dueDate)).sort();
    expect(result.openMeasures.lines.map((line) => line.dueDate)).toEqual(dues.slice(0, 10));
    expect(result.openMeasures.late).toBe(dues.filter((due) => due < today).length);

    // Compared with a review held 30 days ago: the risks whose levels changed since, counted from the
    // counts' days and the rows of that one day.
    const since = new Date(now.getTime() - 30 * 86_400_000).toISOString();
    const changed = risks.items.filter((item) => item.levelChangedAt && item.levelChangedAt > since);
    const sinceDay = risks.items.filter((item) => item.levelChangedAt?.slice(0, 10) === since.slice(0, 10));
    const compared = await readsOf(() => reviewSources(repos, clock).risks!({ since, levels: {} }));
    expect(compared.result.changed.count).toBe(changed.length);
    expect(compared.result.changed.lines.map((line) => line.id)).toEqual(
      changed
        .sort((a, b) => a.levelChangedAt!.localeCompare(b.levelChangedAt!) || (a.id < b.id ? -1 : 1))
        .slice(0, 10)
        .map((item) => item.id),
    );
    expect(compared.reads).toBeLessThanOrEqual(1 + 5 * REVIEW_FITS[0].lines + sinceDay.length);
  });
});
