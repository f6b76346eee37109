/**
 * B2 — cost versus data volume: the same user-facing reads at 1k, 10k and 50k incidents (and a
 * tenth as many systems), counting
 * entities read at the storage edge (ReadCounter) and timing each call (median of repeats).
 */
import type { TableClient } from '@azure/data-tables';
import { loadConfig } from '../src/config';
import { systemClock } from '../src/clock';
import type { Role } from '../src/features/access/roles';
import { incidentsCsv } from '../src/features/incidents/csv';
import { formatNumber } from '../src/features/incidents/numbering';
import { IncidentService, type IncidentActor } from '../src/features/incidents/service';
import { ReviewService } from '../src/features/reviews/service';
import { SystemService, type SystemActor } from '../src/features/systems/service';
import { TableApprovalRepository } from '../src/storage/approval-repository';
import { TableAuditLog } from '../src/storage/audit-repository';
import { TableIncidentRepository } from '../src/storage/incident-repository';
import { incidentKey, OPEN, REPORTERS, reporterRange, yearKey } from '../src/storage/incident-rows';
import { TableReviewRepository } from '../src/storage/review-repository';
import { REGISTER } from '../src/storage/system-lists';
import { TableSystemRepository } from '../src/storage/system-repository';
import { createTables } from '../src/storage/tables';
import type { BenchAzurite } from './lib/azurite';
import { seedIncidents, type SeededSet } from './lib/seed-incidents';
import { seedSystems, type SeededSystems } from './lib/seed-systems';

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
  measures: B2Measure[];
}

export interface B2Result {
  sizes: B2Size[];
  pageSize: { open: number; mine: number; systems: number };
}

const median = (values: number[]): number => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] as number;
};

export async function runB2(
  azurite: BenchAzurite,
  sizes: number[],
  log: (line: string) => void,
  seedBudgetSeconds = 150,
): Promise<B2Result> {
  const result: B2Result = { sizes: [], pageSize: { open: 50, mine: 20, systems: 40 } };
  const lastYear = new Date().getUTCFullYear();
  for (const size of sizes) {
    const prefix = `b2n${size}${Date.now().toString(36)}`;
    const tables = createTables(loadConfig({ STORAGE_CONNECTION_STRING: azurite.connectionString }).storage, prefix);
    await tables.ensureAll();
    const seeded = await seedIncidents(
      tables.client('Incidents'),
      tables.client('IncidentIndex'),
      size,
      lastYear,
      seedBudgetSeconds * 1000,
    );
    const systemsSeeded = await seedSystems(
      tables.client('Systems'),
      tables.client('SystemIndex'),
      Math.round(size / 10),
      new Date(),
      seedBudgetSeconds * 1000,
    );
    if (!seeded.complete || !systemsSeeded.complete) {
      // Azurite scans a table's whole collection per query and per insert check, so seeding slows as the
      // table grows; a partly seeded set would measure nothing meaningful.
      const [short, what] = seeded.complete ? [systemsSeeded, 'system'] : [seeded, 'incident'];
      log(
        `  ${size}: ${what} seeding stopped at the ${seedBudgetSeconds} s budget: ${short.written} of ${short.entities} entities ` +
          `(${(short.written / short.seconds).toFixed(0)} entities/s); size not measured`,
      );
      result.sizes.push({
        size,
        seeded: { ...seeded, perYear: Object.fromEntries([...seeded.perYear].map(([y, n]) => [String(y), n])) },
        systems: systemsSeeded,
        measures: [],
      });
      await Promise.all(
        (['Incidents', 'IncidentIndex', 'Systems', 'SystemIndex'] as const).map((name) =>
          tables
            .client(name)
            .deleteTable()
            .catch(() => undefined),
        ),
      );
      continue;
    }
    log(
      `  seeded ${size} incidents (${seeded.entities} entities, ${seeded.open} open, ${seeded.reporters} reporters) in ${seeded.seconds.toFixed(1)} s`,
    );
    log(
      `  seeded ${systemsSeeded.systems} systems (${systemsSeeded.entities} entities, ${systemsSeeded.owners} owners) in ${systemsSeeded.seconds.toFixed(1)} s`,
    );
    let reads = 0;
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
    const measures = [
      await measure(
        'open incidents page (50)',
        30,
        async () => (await service.listOpen(coordinator)).incidents.length,
        // The page and one row more, which tells whether there is a next page.
        () => firstPage(index, `PartitionKey eq '${OPEN}'`, 51),
      ),
      await measure(
        "one reporter's incidents (20)",
        30,
        async () => (await service.listMine(heavy)).length,
        () =>
          firstPage(
            index,
            `PartitionKey eq '${REPORTERS}' and RowKey ge '${heavyRange.from}' and RowKey lt '${heavyRange.to}'`,
            20,
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
          for (const year of [exportYear - 1, exportYear, exportYear + 1])
            await everyRow(incidents, exportFilter(year));
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
    ];
    for (const m of measures)
      log(
        `  ${size}: ${m.name}: ${m.reads} entities read, ${m.shown} shown, ${m.medianMs.toFixed(1)} ms ` +
          `(the same request made directly: ${m.directMs?.toFixed(1)} ms)`,
      );
    result.sizes.push({
      size,
      seeded: { ...seeded, perYear: Object.fromEntries([...seeded.perYear].map(([y, n]) => [String(y), n])) },
      systems: systemsSeeded,
      measures,
    });
    // Free the emulator's memory before the next size.
    await Promise.all(
      (['Incidents', 'IncidentIndex', 'Reviews', 'Audit', 'Systems', 'SystemIndex'] as const).map((name) =>
        tables
          .client(name)
          .deleteTable()
          .catch(() => undefined),
      ),
    );
  }
  return result;
}
