/** The bench's tables and its target checks (printed, never failing the process). */
import type { B1Row } from './b1-load';
import type { B2Result } from './b2-volume';
import type { B3Result } from './b3-fanout';
import type { B4Result } from './b4-startup';

export interface TargetCheck {
  part: string;
  target: string;
  measured: string;
  pass: boolean | 'n/a';
}

/** How long and how hard the bench runs (BENCH_* settings). */
export interface BenchOptions {
  seconds: number;
  warmupSeconds: number;
  connections: number;
  sizes: number[];
  fanout: number;
}

/** What one bench run found, as written to bench/results/. */
export interface BenchResults {
  startedAt: string;
  machine: { nproc: number; memoryGb: number; node: string; cpu: string; platform: string; loadAvgAtStart: number[] };
  options: BenchOptions;
  b1?: B1Row[];
  b2?: B2Result;
  b3?: B3Result;
  /** The same fan-out with no instance killed (to separate the cost of the kill). */
  b3NoKill?: B3Result;
  b4?: B4Result;
  targets: TargetCheck[];
  errors: { part: string; message: string }[];
}

const fmt = (value: number | undefined, digits = 0): string =>
  value === undefined || Number.isNaN(value) ? '—' : value.toFixed(digits);

function table(headers: string[], rows: string[][], log: (line: string) => void): void {
  const widths = headers.map((header, i) => Math.max(header.length, ...rows.map((row) => (row[i] ?? '').length)));
  const line = (cells: string[]) => `  ${cells.map((cell, i) => cell.padEnd(widths[i] as number)).join('  ')}`;
  log(line(headers));
  log(line(widths.map((width) => '-'.repeat(width))));
  for (const row of rows) log(line(row));
}

export function targetsOf(results: BenchResults): TargetCheck[] {
  const checks: TargetCheck[] = [];
  for (const row of results.b1 ?? []) {
    if (row.class === 'floor') continue;
    if (row.note) {
      checks.push({ part: 'B1', target: `${row.scenario}: measured`, measured: row.note, pass: 'n/a' });
      continue;
    }
    const errors = row.non2xx + row.errors;
    checks.push({ part: 'B1', target: `${row.scenario}: 0 errors`, measured: String(errors), pass: errors === 0 });
    if (row.class === 'read')
      checks.push({
        part: 'B1',
        target: `${row.scenario}: ≥ 0.8× ${row.floor?.replace('floor: ', '')} req/s`,
        measured: `${fmt(row.ratioToFloor, 2)}×`,
        pass: (row.ratioToFloor ?? 0) >= 0.8,
      });
    if (row.class === 'write')
      checks.push({
        part: 'B1',
        target: `${row.scenario}: p99 ≤ 100 ms`,
        measured:
          `${row.p99Ms} ms` +
          (row.p99RatioToStorageFloor === undefined
            ? ''
            : ` (${fmt(row.p99RatioToStorageFloor, 2)}× the same storage calls made directly)`),
        pass: row.p99Ms <= 100,
      });
  }
  const botRows = (results.b1 ?? []).filter((row) => row.scenario.startsWith('bot:') && !row.note);
  if (botRows.length > 0) {
    const peak = Math.max(...botRows.map((row) => row.rssMb));
    checks.push({ part: 'B1', target: 'bot RSS ≤ 400 MB under load', measured: `${fmt(peak)} MB`, pass: peak <= 400 });
  }
  const sizes = (results.b2?.sizes ?? []).filter((size) => size.measures.length > 0);
  if (sizes.length > 0) {
    const first = sizes[0];
    const last = sizes[sizes.length - 1];
    for (const m of first?.measures ?? []) {
      const other = last?.measures.find((candidate) => candidate.name === m.name);
      if (!other || !first || !last) continue;
      if (m.name.startsWith('CSV export')) {
        const perFirst = m.medianMs / Math.max(1, m.shown);
        const perLast = other.medianMs / Math.max(1, other.shown);
        checks.push({
          part: 'B2',
          target: `${m.name}: reads = rows reported; time per row flat`,
          measured: `${other.reads}/${other.shown} rows at ${last.size}; ${(perFirst * 1000).toFixed(0)}→${(perLast * 1000).toFixed(0)} µs/row`,
          pass: other.reads === other.shown && perLast <= perFirst * 1.25,
        });
        continue;
      }
      if (m.name.startsWith('quarterly review summary')) {
        // It counts every open incident: it may read one row per incident it counts, and no more.
        checks.push({
          part: 'B2',
          target: `${m.name}: reads ≤ open incidents counted + 5`,
          measured: sizes
            .map((size) => size.measures.find((x) => x.name === m.name))
            .map((x) => `${x?.reads}/${x?.shown}`)
            .join(' → '),
          pass: sizes.every((size) => {
            const x = size.measures.find((candidate) => candidate.name === m.name);
            return x !== undefined && x.reads <= x.shown + 5;
          }),
        });
        continue;
      }
      if (m.name.startsWith("quarterly review: the register's part")) {
        // #19: page-sized reads at 5,000 risks — the counts and the first ten of each of five lists.
        checks.push({
          part: 'B2',
          target: `${m.name}: reads page-sized (≤ 100)`,
          measured: sizes
            .map((size) => size.measures.find((x) => x.name === m.name))
            .map((x) => `${x?.reads} for ${x?.shown} risks`)
            .join(' → '),
          pass: sizes.every((size) => (size.measures.find((x) => x.name === m.name)?.reads ?? Infinity) <= 100),
        });
        continue;
      }
      // A page's size is in its name, e.g. "systems page (40)".
      const pageSize = /\((\d+)\)/.exec(m.name)?.[1];
      const limit = pageSize ? Number(pageSize) : m.name.includes('by number') ? 1 : 1000;
      const maxReads = Math.max(...sizes.map((size) => size.measures.find((x) => x.name === m.name)?.reads ?? 0));
      checks.push({
        part: 'B2',
        target: `${m.name}: reads ≤ page size + 5`,
        measured: `${m.reads}→${other.reads} reads (${first.size}→${last.size})`,
        pass: maxReads <= limit + 5,
      });
      checks.push({
        part: 'B2',
        target: `${m.name}: same reads and time ±25% ${first.size}→${last.size}`,
        measured:
          `${m.reads}→${other.reads} reads; ${fmt(m.medianMs, 1)}→${fmt(other.medianMs, 1)} ms` +
          (m.directMs !== undefined && other.directMs !== undefined
            ? ` (direct request ${fmt(m.directMs, 1)}→${fmt(other.directMs, 1)} ms)`
            : ''),
        pass:
          other.reads <= Math.max(m.reads, limit) * 2 + 2 &&
          other.reads <= m.reads * 1.5 + 2 &&
          other.medianMs <= m.medianMs * 1.25 &&
          other.medianMs >= m.medianMs * 0.75,
      });
    }
  }
  const b3 = results.b3;
  if (b3) {
    checks.push({
      part: 'B3',
      target: 'fan-out time ≤ 1.2× minimum',
      measured: `${fmt(b3.ratio, 2)}×`,
      pass: b3.ratio <= 1.2,
    });
    checks.push({ part: 'B3', target: 'duplicates 0', measured: String(b3.duplicates), pass: b3.duplicates === 0 });
    checks.push({ part: 'B3', target: 'losses 0', measured: String(b3.losses), pass: b3.losses === 0 });
  }
  const b4 = results.b4;
  if (b4) {
    checks.push({
      part: 'B4',
      target: 'production start to /readyz ≤ 3 s',
      measured: `${fmt(b4.readyMs)} ms`,
      pass: b4.readyMs <= 3000,
    });
    checks.push({
      part: 'B4',
      target: 'production idle RSS ≤ 250 MB',
      measured: `${fmt(b4.idleRssMb)} MB`,
      pass: b4.idleRssMb <= 250,
    });
  }
  return checks;
}

export function printSummary(results: BenchResults, log: (line: string) => void): void {
  log('\n== SUMMARY ==');
  if (results.b1) {
    log('\nB1 load (16 connections; ratio = req/s ÷ the teams-ai floor of the same shape)');
    table(
      [
        'scenario',
        'req/s',
        'p50 ms',
        'p99 ms',
        'errors',
        'RSS MB',
        'ratio',
        'CPU srv/azurite',
        'vs storage floor',
        'vs same-size floor',
        'p99 ÷ storage floor',
        'storage calls/req',
      ],
      results.b1.map((row) => [
        row.scenario,
        row.note ?? fmt(row.reqPerSec),
        fmt(row.p50Ms),
        fmt(row.p99Ms),
        row.note ? '—' : String(row.non2xx + row.errors),
        fmt(row.rssMb),
        row.ratioToFloor === undefined ? '' : `${row.ratioToFloor.toFixed(2)}×`,
        row.cpu ? `${row.cpu.server.toFixed(2)}/${row.cpu.azurite.toFixed(2)}` : '',
        row.ratioToContextFloor === undefined ? '' : `${row.ratioToContextFloor.toFixed(2)}×`,
        row.ratioToSizeFloor === undefined ? '' : `${row.ratioToSizeFloor.toFixed(2)}×`,
        row.p99RatioToStorageFloor === undefined ? '' : `${row.p99RatioToStorageFloor.toFixed(2)}×`,
        row.storageCallsPerRequest === undefined ? '' : row.storageCallsPerRequest.toFixed(2),
      ]),
      log,
    );
  }
  if (results.b2) {
    log('\nB2 data volume (entities read per call / shown; median ms; in brackets the same request made directly)');
    const names = results.b2.sizes[0]?.measures.map((m) => m.name) ?? [];
    table(
      ['call', ...results.b2.sizes.map((size) => `${size.size}`)],
      names.map((name) => [
        name,
        ...results.b2!.sizes.map((size) => {
          const m = size.measures.find((x) => x.name === name);
          if (!m) return '—';
          const direct = m.directMs === undefined ? '' : ` (${m.directMs.toFixed(1)})`;
          return `${m.reads}/${m.shown} ${m.medianMs.toFixed(1)} ms${direct}`;
        }),
      ]),
      log,
    );
    log(
      `  seeding: ${results.b2.sizes
        .map((size) =>
          size.seeded.complete && size.seeding
            ? `${size.size} (+ ${size.systems?.systems ?? 0} systems, ${size.risks?.risks ?? 0} risks) in ${size.seeded.seconds.toFixed(0)} s through the Table API (${size.seeding.entitiesPerSecond.toFixed(0)} entities/s)`
            : size.seeded.complete
              ? `${size.size} in ${size.seeded.seconds.toFixed(0)} s` +
                (size.systems ? ` (+ ${size.systems.systems} systems in ${size.systems.seconds.toFixed(0)} s)` : '')
              : `${size.size} NOT seeded (${size.seeded.written}/${size.seeded.entities} entities in ${size.seeded.seconds.toFixed(0)} s)`,
        )
        .join(', ')}`,
    );
  }
  if (results.b3) {
    log('\nB3 reminder fan-out (3 schedulers; minimum = conversations ÷ 50 req/s)');
    const runs = [
      ['one instance killed', results.b3],
      ['no instance killed', results.b3NoKill],
    ] as const;
    table(
      ['run', 'conversations', 'total s', 'minimum s', 'ratio', '429s', 'duplicates', 'losses'],
      runs
        .filter((run) => run[1] !== undefined)
        .map(([name, b3]) => [
          name,
          String(b3!.conversations),
          fmt(b3!.totalSeconds, 1),
          fmt(b3!.minimumSeconds, 1),
          fmt(b3!.ratio, 2),
          String(b3!.received429),
          String(b3!.duplicates),
          String(b3!.losses),
        ]),
      log,
    );
  }
  if (results.b4) {
    log('\nB4 start-up');
    const kinds = [results.b4, results.b4.dev];
    table(
      ['start', 'ready ms (median of 3)', 'CPU ms to ready', 'idle RSS MB'],
      kinds.map((kind) => [kind.command, fmt(kind.readyMs), fmt(kind.cpuMs), fmt(kind.idleRssMb)]),
      log,
    );
  }
  log('\nTargets');
  table(
    ['part', 'target', 'measured', 'result'],
    results.targets.map((check) => [
      check.part,
      check.target,
      check.measured,
      check.pass === 'n/a' ? 'n/a' : check.pass ? 'PASS' : 'FAIL',
    ]),
    log,
  );
  for (const error of results.errors) log(`\n${error.part} did not complete: ${error.message.split('\n')[0]}`);
}
