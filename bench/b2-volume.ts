/**
 * B2 — cost versus data volume: the same user-facing reads at 1k, 10k and 20k incidents (and a
 * tenth as many systems, and half as many risks: 5,000 risks and 1,000 systems at 10k), counting
 * entities read at the storage edge (ReadCounter) and timing each call (median of repeats).
 * Each volume gets an in-memory Azurite of its own, seeded through the Table API (`lib/seed-api.ts`).
 */
import type { TableClient } from '@azure/data-tables';
import { danishToday, systemClock } from '../src/clock';
import { composeRepositories, composeServices, reviewSources } from '../src/compose';
import { loadConfig } from '../src/config';
import type { RiskActor } from '../src/features/risks/access';
import { RISK_PAGE_SIZE } from '../src/features/risks/service';
import { AFTER_RISKS, ALL, COUNTS } from '../src/storage/risk-rows';
import { listBounds } from '../src/features/risks/register-index';
import type { Role } from '../src/features/access/roles';
import { incidentsCsv } from '../src/features/incidents/csv';
import { formatNumber } from '../src/features/incidents/numbering';
import { IncidentService, OPEN_PAGE_SIZE, type IncidentActor } from '../src/features/incidents/service';
import { ReviewService } from '../src/features/reviews/service';
import { SystemService, type SystemActor } from '../src/features/systems/service';
import { TableApprovalRepository } from '../src/storage/approval-repository';
import { TableAuditLog } from '../src/storage/audit-repository';
import { TableIncidentRepository } from '../src/storage/incident-repository';
import { incidentKey, OPEN, REPORTERS, reporterRange, yearKey } from '../src/storage/incident-rows';
import { TableReviewRepository } from '../src/storage/review-repository';
import { REGISTER } from '../src/storage/system-lists';
import { TableSystemRepository } from '../src/storage/system-repository';
import type { Tables } from '../src/storage/tables';
import { peakRssMb, rssMb, sampleRss } from './lib/children';
import { seedThroughApi, type ApiSeeding } from './lib/seed-api';
import { checkReadBack } from './lib/seed-check';
import { incidentRows, type SeededSet } from './lib/seed-incidents';
import { riskRows, type RiskSet } from './lib/seed-risks';
import { systemRows, type SeededSystems } from './lib/seed-systems';

export interface B2Measure {
  name: string;
  /** Entities read per call (ReadCounter), and what the call returned. */
  reads: number;
  shown: number;
  medianMs: number;
  /**
   * The same storage request(s) made directly with the Azure SDK on the same tables, no bot code:
   * what the emulator alone takes at this size (Azurite scans a whole table per query).
   */
  directMs?: number;
}

export interface B2Size {
  size: number;
  seeded: Omit<SeededSet, 'perYear'> & { perYear: Record<string, number> };
  /** The systems seeded beside the incidents (a tenth as many). */
  systems?: SeededSystems;
  /** The risks seeded beside them (half as many as incidents, #19). */
  risks?: RiskSet;
  /** How the volume was stored (both sets at once, so `seeded.seconds` and `systems.seconds` are this total). */
  seeding?: B2Seeding;
  measures: B2Measure[];
}

/** Seeding through the Table API (`lib/seed-api.ts`). */
export interface B2Seeding {
  method: 'table-api';
  entities: number;
  /** Transactions of up to 100 entities of one partition, `inFlight` at a time. */
  transactions: number;
  inFlight: number;
  seconds: number;
  entitiesPerSecond: number;
  /** Read-back checks passed after seeding (incidents, systems, list sizes). */
  readBackChecks: number;
  /** Azurite's RSS once seeded, its peak during the measures, and since it started. */
  azuriteRssMb: number;
  azuritePeakRssMb: number;
  azuriteLifetimePeakRssMb: number;
  /** The bench process's own peak RSS so far (it builds the rows). */
  benchMaxRssMb: number;
}

export interface B2Result {
  sizes: B2Size[];
  pageSize: { open: number; mine: number; systems: number };
}

const median = (values: number[]): number => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] as number;
};

export async function runB2(sizes: number[], log: (line: string) => void): Promise<B2Result> {
  const result: B2Result = { sizes: [], pageSize: { open: 50, mine: 20, systems: 40 } };
  const lastYear = new Date().getUTCFullYear();
  for (const size of sizes) result.sizes.push(await runSize(size, lastYear, log));
  return result;
}

/** Seeds one volume into an Azurite of its own, measures, and drops it all. */
async function runSize(size: number, lastYear: number, log: (line: string) => void): Promise<B2Size> {
  const { seeding, incidents, systems, risks, readBackChecks } = await seedSize(size, lastYear, log);
  try {
    const seeded: SeededSet = { ...incidents, written: incidents.entities, complete: true, seconds: seeding.seconds };
    const systemsSeeded: SeededSystems = {
      ...systems,
      written: systems.entities,
      complete: true,
      seconds: seeding.seconds,
    };
    logSeeding(size, seeded, systemsSeeded, risks, seeding, readBackChecks, log);
    const azuriteRssMb = rssMb(seeding.azurite.pid);
    const rss = sampleRss(seeding.azurite.pid);
    const measures = await measureSize(seeding.tables, seeded, lastYear);
    const azuritePeakRssMb = rss.stop();
    for (const m of measures)
      log(
        `  ${size}: ${m.name}: ${m.reads} entities read, ${m.shown} shown, ${m.medianMs.toFixed(1)} ms ` +
          `(the same request made directly: ${m.directMs?.toFixed(1)} ms)`,
      );
    const azuriteLifetimePeakRssMb = peakRssMb(seeding.azurite.pid);
    const benchMaxRssMb = process.resourceUsage().maxRSS / 1024;
    log(
      `  ${size}: Azurite RSS ${azuriteRssMb.toFixed(0)} MB once seeded, peak ${azuritePeakRssMb.toFixed(0)} MB while ` +
        `measured, ${azuriteLifetimePeakRssMb.toFixed(0)} MB since start; the bench's own peak ` +
        `${benchMaxRssMb.toFixed(0)} MB so far`,
    );
    return {
      size,
      seeded: { ...seeded, perYear: Object.fromEntries([...seeded.perYear].map(([y, n]) => [String(y), n])) },
      systems: systemsSeeded,
      risks,
      seeding: {
        method: 'table-api',
        entities: seeding.entities,
        transactions: seeding.transactions,
        inFlight: seeding.inFlight,
        seconds: seeding.seconds,
        entitiesPerSecond: seeding.entities / seeding.seconds,
        readBackChecks,
        azuriteRssMb,
        azuritePeakRssMb,
        azuriteLifetimePeakRssMb,
        benchMaxRssMb,
      },
      measures,
    };
  } finally {
    await seeding.dispose();
  }
}

/**
 * Builds the rows, stores them and checks that they read back; answers only what the measures
 * need, so that the rows (over 1 GB of the bench's heap at 50k) are gone before anything is timed.
 */
async function seedSize(size: number, lastYear: number, log: (line: string) => void) {
  const incidents = incidentRows(size, lastYear);
  const systems = systemRows(Math.round(size / 10), new Date());
  const risks = riskRows(Math.round(size / 2), systems.refs, new Date());
  const prefix = `b2n${size}${Date.now().toString(36)}`;
  const seeding = await seedThroughApi(
    [...incidents.partitions, ...systems.partitions, ...risks.partitions],
    prefix,
    (stored, total, s) =>
      log(`  ${size}: ${stored} of ${total} entities stored in ${s.toFixed(0)} s (${(stored / s).toFixed(0)}/s)`),
  );
  try {
    const readBackChecks = await checkReadBack(seeding.tables, incidents, systems, risks.set);
    return { seeding, incidents: incidents.set, systems: systems.set, risks: risks.set, readBackChecks };
  } catch (error) {
    await seeding.dispose();
    throw error;
  }
}

function logSeeding(
  size: number,
  seeded: SeededSet,
  systems: SeededSystems,
  risks: RiskSet,
  seeding: ApiSeeding,
  readBackChecks: number,
  log: (line: string) => void,
): void {
  log(
    `  seeded ${size} incidents (${seeded.entities} entities, ${seeded.open} open, ${seeded.reporters} reporters), ` +
      `${systems.systems} systems (${systems.entities} entities, ${systems.owners} owners) and ${risks.risks} risks ` +
      `(${risks.entities} entities, ${risks.overdue} past their review date, ${risks.openMeasures} open measures) through the Table API ` +
      `in ${seeding.seconds.toFixed(1)} s: ${seeding.transactions} transactions, ${seeding.inFlight} in flight, ` +
      `${(seeding.entities / seeding.seconds).toFixed(0)} entities/s; ${readBackChecks} read-back checks passed`,
  );
}

/** The measured calls at one volume; see the README's B2 section. */
async function measureSize(tables: Tables, seeded: SeededSet, lastYear: number): Promise<B2Measure[]> {
  let reads = 0;
  // The bot's own composition on the seeded tables (#19): the register's page and the review with every source.
  const config = loadConfig({ NODE_ENV: 'development', SCHEDULER_ENABLED: 'false' });
  const repos = composeRepositories(tables, config, systemClock, { add: (entities) => void (reads += entities) });
  const composed = composeServices(repos, config, systemClock);
  const reviewRisks = reviewSources(repos, systemClock).risks!;
  const today = danishToday(systemClock.now());
  const quarterAgo = new Date(systemClock.now().getTime() - 91 * 86_400_000).toISOString();
  const riskCoordinator: RiskActor = { userId: 'coordinator', name: 'K', roles: new Set<Role>(['coordinator']) };
  const repo = new TableIncidentRepository(tables.client('Incidents'), tables.client('IncidentIndex'), {
    add: (entities) => void (reads += entities),
  });
  const service = new IncidentService(repo, systemClock);
  const coordinator: IncidentActor = { userId: 'coordinator', name: 'K', roles: new Set<Role>(['coordinator']) };
  const heavy: IncidentActor = { userId: seeded.heavyReporter, name: 'M', roles: new Set<Role>() };
  const audit = new TableAuditLog(tables.client('Audit'), systemClock);
  const reviews = new ReviewService(
    new TableReviewRepository(tables.client('Reviews')),
    repo,
    new TableApprovalRepository(tables.client('Reviews')),
    audit,
    systemClock,
  );
  const systemService = new SystemService(
    new TableSystemRepository(tables.client('Systems'), tables.client('SystemIndex'), {
      add: (entities) => void (reads += entities),
    }),
    systemClock,
  );
  const systemCoordinator: SystemActor = { userId: 'coordinator', name: 'K', roles: new Set<Role>(['coordinator']) };
  const exportYear = lastYear - 1;
  const measure = async (
    name: string,
    repeats: number,
    call: (i: number) => Promise<number>,
    direct: (i: number) => Promise<unknown>,
  ): Promise<B2Measure> => {
    const timed = async (run: (i: number) => Promise<unknown>) => {
      for (let i = 0; i < Math.min(5, repeats); i++) await run(i); // warm (JIT, connections)
      const times: number[] = [];
      for (let i = 0; i < repeats; i++) {
        const started = performance.now();
        await run(i);
        times.push(performance.now() - started);
      }
      return median(times);
    };
    let perCall = 0;
    let shown = 0;
    const medianMs = await timed(async (i) => {
      const before = reads;
      shown = await call(i);
      perCall = reads - before;
    });
    return { name, reads: perCall, shown, medianMs, directMs: await timed(direct) };
  };
  const incidents = tables.client('Incidents');
  const index = tables.client('IncidentIndex');
  const risksTable = tables.client('Risks');
  const firstPage = (client: TableClient, filter: string, size: number) =>
    client.listEntities({ queryOptions: { filter } }).byPage({ maxPageSize: size }).next();
  const everyRow = async (client: TableClient, filter: string) => {
    for await (const row of client.listEntities({ queryOptions: { filter } })) void row;
  };
  const byNumber = (i: number) => {
    const year = seeded.years[i % 10] as number;
    return { year, seq: 1 + ((i * 7919) % (seeded.perYear.get(year) as number)) };
  };
  const heavyRange = reporterRange(seeded.heavyReporter);
  const exportFilter = (year: number) =>
    `PartitionKey eq '${yearKey(year)}' and RowKey gt 'i' and RowKey lt 'j' and reportedAt ge ` +
    `'${new Date(Date.UTC(exportYear, 0, 1)).toISOString()}' and reportedAt lt '${new Date(Date.UTC(exportYear + 1, 0, 1)).toISOString()}'`;
  const measureAll = async (): Promise<B2Measure[]> => [
    await measure(
      `open incidents page (${OPEN_PAGE_SIZE})`,
      30,
      async () => (await service.listOpen(coordinator)).incidents.length,
      // The page and one row more, which tells whether there is a next page.
      () => firstPage(index, `PartitionKey eq '${OPEN}'`, OPEN_PAGE_SIZE + 1),
    ),
    await measure(
      "one reporter's incidents (20)",
      30,
      async () => (await service.listMine(heavy)).incidents.length,
      // The page and one row more (is there a next page?).
      () =>
        firstPage(
          index,
          `PartitionKey eq '${REPORTERS}' and RowKey ge '${heavyRange.from}' and RowKey lt '${heavyRange.to}'`,
          21,
        ),
    ),
    await measure(
      'one incident by number',
      30,
      async (i) => {
        const { year, seq } = byNumber(i);
        await service.get(coordinator, formatNumber(year, seq));
        return 1;
      },
      (i) => incidents.getEntity(yearKey(byNumber(i).year), incidentKey(byNumber(i).seq)),
    ),
    await measure(
      `CSV export of ${exportYear}`,
      3,
      async () => {
        const found = await service.reportedBetween(
          coordinator,
          new Date(Date.UTC(exportYear, 0, 1)),
          new Date(Date.UTC(exportYear + 1, 0, 1)),
        );
        incidentsCsv(found, 'da');
        return found.length;
      },
      async () => {
        for (const year of [exportYear - 1, exportYear, exportYear + 1]) await everyRow(incidents, exportFilter(year));
      },
    ),
    await measure(
      'systems page (40)',
      30,
      async () => (await systemService.registerPage(systemCoordinator, undefined)).items.length,
      // The register's first page and one row more, which tells whether there is a next page.
      () => firstPage(tables.client('SystemIndex'), `PartitionKey eq '${REGISTER}'`, 41),
    ),
    await measure(
      'quarterly review summary',
      10,
      async () => (await reviews.summary()).openTotal ?? 0,
      () => everyRow(index, `PartitionKey eq '${OPEN}'`),
    ),
    await measure(
      `risk register page (${RISK_PAGE_SIZE})`,
      30,
      async () => {
        const [page] = await Promise.all([
          composed.risks.list(riskCoordinator),
          composed.risks.heatMap(riskCoordinator),
        ]);
        return page.items.length;
      },
      // The register's first page and one row more, and the heat map's counts (a point read).
      () =>
        Promise.all([
          firstPage(risksTable, `PartitionKey eq '${ALL}' and RowKey lt '${AFTER_RISKS}'`, RISK_PAGE_SIZE + 1),
          risksTable.getEntity(ALL, COUNTS),
        ]),
    ),
    await measure(
      "quarterly review: the register's part",
      10,
      // Compared with a review held a quarter ago, as the review is from the second quarter on.
      async () => (await reviewRisks({ since: quarterAgo, levels: {} })).total,
      // The counts (a point read) and the first ten rows of each of the review's five lists.
      () =>
        Promise.all([
          risksTable.getEntity(ALL, COUNTS),
          ...(['high', 'changed', 'due', 'accepted', 'measures'] as const).map((list) => {
            const { from, to } = listBounds(list, today, quarterAgo);
            return firstPage(risksTable, `PartitionKey eq '${ALL}' and RowKey ge '${from}' and RowKey lt '${to}'`, 10);
          }),
        ]),
    ),
  ];
  // A whole pass first, then the one reported: the first calls of a volume (the bench's JIT, the
  // repositories' connections, Azurite's first queries) were up to twice as slow.
  await measureAll();
  return measureAll();
}
