/**
 * B1 — card actions and messages under load: autocannon against the real server (auth off) and,
 * in the same run, against floors (a bare restify route, a minimal teams-ai app, and for the write
 * scenarios their storage calls made directly, `storage-floor.ts`).
 */
import type { ChildProcess } from 'node:child_process';
import path from 'node:path';
import { loadConfig } from '../src/config';
import { triageCard } from '../src/features/incidents/triage-card';
import type { Incident } from '../src/features/incidents/model';
import { formatNumber } from '../src/features/incidents/numbering';
import { parseReport, pickInputs } from '../src/features/incidents/report-form';
import { TableConversationRepository } from '../src/storage/conversation-repository';
import { createTables } from '../src/storage/tables';
import { benchUser, cardAction, message, reportData, TENANT, type BenchUser } from './lib/activities';
import type { BenchAzurite } from './lib/azurite';
import {
  build,
  cpuSeconds,
  freePort,
  productionStart,
  root,
  sampleRss,
  startChild,
  startTsChild,
  stopChild,
  waitForLine,
  waitForOk,
} from './lib/children';
import { load, type LoadResult } from './lib/load';
import { seedApprovals } from './lib/seed-approvals';

export interface B1Options {
  seconds: number;
  warmupSeconds: number;
  connections: number;
}

/** What a scenario is compared with, and which target applies. */
type ScenarioClass = 'floor' | 'read' | 'write';

export interface B1Row extends LoadResult {
  scenario: string;
  class: ScenarioClass;
  /** The floor it is compared with. */
  floor?: string;
  ratioToFloor?: number;
  contextFloor?: string;
  ratioToContextFloor?: number;
  sizeFloor?: string;
  ratioToSizeFloor?: number;
  /** Write scenarios: the floor making the same storage calls directly, and p99 ÷ its p99. */
  storageFloor?: string;
  p99RatioToStorageFloor?: number;
  rssMb: number;
  /** CPU used during the measured run, in cores (1.0 = one core busy): the server, Azurite, the connector. */
  cpu?: { server: number; azurite: number; connector: number };
  /** The bot's storage requests per request answered, in all and by "METHOD table" (bot scenarios). */
  storageCallsPerRequest?: number;
  storageCalls?: Record<string, number>;
  note?: string;
}

interface Target {
  name: string;
  server: 'restify' | 'teams-ai' | 'teams-ai-storage' | 'teams-ai-triage-size' | 'storage' | 'bot';
  /** `storage` floors: the operation whose storage calls are made directly (`storage-floor.ts`). */
  operation?: 'submit' | 'approval';
  class: ScenarioClass;
  floor?: string;
  /** A second floor shown beside the target's, for context (no target). */
  contextFloor?: string;
  /** A floor answering with a card as big as the scenario's, for context (no target). */
  sizeFloor?: string;
  /** Write scenarios: the floor making the same storage calls directly (p99 shown as a ratio to it). */
  storageFloor?: string;
  /** Builds the request body maker, or returns a reason it does not apply ("n/a"). */
  prepare: (ctx: BotContext) => Promise<((i: number) => object) | string>;
}

interface BotContext {
  serviceUrl: string;
  connectionString: string;
  prefix: string;
  today: string;
  year: number;
  coordinator: BenchUser;
  reporters: BenchUser[];
}

const pick = <T>(items: T[], i: number): T => items[i % items.length] as T;
const coordinatorChannel = '19:bench-coordinator@thread.tacv2';
const managementChannel = '19:bench-management@thread.tacv2';

/**
 * The triage card of an incident like the ones the refresh scenario shows (reported with the
 * bench's report, its one history entry, the coordinator as refresh user), rendered by the bot's
 * own function: the same-size floor answers with it.
 */
function triageSizedCard(ctx: BotContext): object {
  const now = new Date();
  const reporter = ctx.reporters[0] as BenchUser;
  const report = parseReport(pickInputs(reportData(ctx.today)), now);
  const incident: Incident = {
    ...report,
    number: formatNumber(ctx.year, 1),
    year: ctx.year,
    seq: 1,
    version: 1,
    reporterId: reporter.id,
    reporterName: reporter.name,
    reportedAt: now.toISOString(),
    state: 'received',
    isBreach: true,
    nis2Significant: false,
    measures: [],
  };
  const history = [
    {
      version: 1,
      at: now.toISOString(),
      by: reporter.id,
      byName: reporter.name,
      action: 'reported' as const,
      changes: {},
    },
  ];
  return triageCard('da', { incident, history, coordinatorIds: [ctx.coordinator.id], links: {}, now });
}

/** Every scenario; a new one (e.g. another feature's card) is one entry here. */
const scenarios: Target[] = [
  {
    name: 'floor: restify POST 200',
    server: 'restify',
    class: 'floor',
    prepare: async () => () => ({}),
  },
  {
    name: 'floor: teams-ai echo message',
    server: 'teams-ai',
    class: 'floor',
    prepare: async (ctx) => (i) => message(pick(ctx.reporters, i), ctx.serviceUrl, 'hello'),
  },
  {
    name: 'floor: teams-ai Action.Execute',
    server: 'teams-ai',
    class: 'floor',
    prepare: async (ctx) => (i) => cardAction(pick(ctx.reporters, i), ctx.serviceUrl, 'floor.card', {}),
  },
  {
    name: 'floor: teams-ai Action.Execute + 2 table reads',
    server: 'teams-ai-storage',
    class: 'floor',
    prepare: async (ctx) => (i) => cardAction(pick(ctx.reporters, i), ctx.serviceUrl, 'floor.card', {}),
  },
  {
    name: 'floor: teams-ai Action.Execute, triage-sized card',
    server: 'teams-ai-triage-size',
    class: 'floor',
    prepare: async (ctx) => (i) => cardAction(pick(ctx.reporters, i), ctx.serviceUrl, 'floor.card', {}),
  },
  {
    name: 'bot: "hjælp" message',
    server: 'bot',
    class: 'read',
    floor: 'floor: teams-ai echo message',
    prepare: async (ctx) => (i) => message(pick(ctx.reporters, i), ctx.serviceUrl, 'hjælp'),
  },
  {
    name: 'floor: storage calls of an incident submit',
    server: 'storage',
    operation: 'submit',
    class: 'floor',
    prepare: async () => () => ({}),
  },
  {
    name: 'bot: incident submit',
    server: 'bot',
    class: 'write',
    floor: 'floor: teams-ai Action.Execute',
    storageFloor: 'floor: storage calls of an incident submit',
    prepare: async (ctx) => (i) =>
      cardAction(pick(ctx.reporters, i), ctx.serviceUrl, 'incident.submit', reportData(ctx.today)),
  },
  {
    name: 'bot: triage card refresh',
    server: 'bot',
    class: 'read',
    floor: 'floor: teams-ai Action.Execute',
    contextFloor: 'floor: teams-ai Action.Execute + 2 table reads',
    sizeFloor: 'floor: teams-ai Action.Execute, triage-sized card',
    prepare: async (ctx) => (i) =>
      cardAction(
        ctx.coordinator,
        ctx.serviceUrl,
        'incident.refresh',
        { number: formatNumber(ctx.year, (i % 50) + 1) },
        {
          id: `${coordinatorChannel};messageid=1700000000000`,
          type: 'channel',
          channelId: coordinatorChannel,
          teamId: '19:team',
        },
        'automatic',
      ),
  },
  {
    name: 'floor: storage calls of an approval click',
    server: 'storage',
    operation: 'approval',
    class: 'floor',
    prepare: async () => () => ({}),
  },
  {
    name: 'bot: approval click',
    server: 'bot',
    class: 'write',
    floor: 'floor: teams-ai Action.Execute',
    storageFloor: 'floor: storage calls of an approval click',
    prepare: async (ctx) => {
      let hasApprovals = true;
      try {
        require.resolve('../src/features/approvals/service');
      } catch {
        hasApprovals = false;
      }
      if (!hasApprovals) return 'n/a (no approvals feature)';
      const items = await seedApprovals(ctx.connectionString, ctx.prefix, 8000);
      // Its own count across warm-up and run (autocannon's restarts at 0), so every click decides a
      // pending approval rather than re-clicking one the warm-up decided.
      let clicks = 0;
      return () => {
        const item = pick(items, clicks++);
        return cardAction(
          item.approver,
          ctx.serviceUrl,
          'approval.approve',
          { id: item.id, round: 1 },
          {
            id: `${managementChannel};messageid=1700000000001`,
            type: 'channel',
            channelId: managementChannel,
            teamId: '19:team',
          },
        );
      };
    },
  },
];

/**
 * Starts a floor (through tsx) or the bot as production runs it: the compiled build, with a
 * preload that counts its storage requests (`lib/storage-calls.cjs`, read with `storageCalls`).
 */
async function startServer(
  kind: Target['server'],
  env: Record<string, string>,
): Promise<{ child: ChildProcess; url: string }> {
  if (kind !== 'bot') {
    const child = startTsChild('bench/floor-server.ts', env, [kind]);
    const match = await waitForLine(child, /listening (\d+)/, 60_000);
    return { child, url: `http://127.0.0.1:${match[1]}` };
  }
  await build();
  const profile = process.env.BENCH_PROFILE ? [`--cpu-prof`, `--cpu-prof-dir=${process.env.BENCH_PROFILE}`] : [];
  const port = await freePort();
  const { nodeArgs, entry } = productionStart();
  const child = startChild(
    process.execPath,
    [...nodeArgs, '--require', path.join(root, 'bench/lib/storage-calls.cjs'), ...profile, path.join(root, entry)],
    { env: { ...process.env, ...env, PORT: String(port) } },
  );
  child.stdout?.resume();
  child.stderr?.resume();
  const url = `http://127.0.0.1:${port}`;
  await waitForOk(`${url}/readyz`, 60_000, 20);
  return { child, url };
}

/** The bot's storage requests so far, by "METHOD table" (from its preload, on SIGUSR2). */
async function storageCalls(bot: ChildProcess): Promise<Record<string, number>> {
  const line = waitForLine(bot, /storage-calls (\{.*\})\n/, 10_000);
  bot.kill('SIGUSR2');
  return JSON.parse((await line)[1] as string) as Record<string, number>;
}

/** `after − before` per request, largest first. */
function perRequest(before: Record<string, number>, after: Record<string, number>, requests: number) {
  const calls: Record<string, number> = {};
  for (const [key, count] of Object.entries(after)) {
    const delta = count - (before[key] ?? 0);
    if (delta > 0) calls[key] = delta / Math.max(requests, 1);
  }
  return Object.fromEntries(Object.entries(calls).sort(([, a], [, b]) => b - a));
}

/** Runs B1: floors and bot scenarios one after another, side by side in one run. */
export async function runB1(azurite: BenchAzurite, options: B1Options, log: (line: string) => void): Promise<B1Row[]> {
  const connector = startTsChild('bench/connector-server.ts', {}, ['fast']);
  const serviceUrl = `http://127.0.0.1:${(await waitForLine(connector, /listening (\d+)/))[1]}`;
  const base = `b1${Date.now().toString(36)}`;
  const now = new Date(Date.now() - 86_400_000);
  const today = now.toISOString().slice(0, 10);
  const ctx: BotContext = {
    serviceUrl,
    connectionString: azurite.connectionString,
    prefix: base,
    today,
    year: Number(today.slice(0, 4)),
    coordinator: benchUser('Koordinator'),
    reporters: Array.from({ length: 64 }, (_, i) => benchUser(`Medarbejder ${i}`)),
  };
  const botEnv = (prefix: string) => ({
    NODE_ENV: 'development',
    HOST: '127.0.0.1',
    LOG_LEVEL: 'error',
    STORAGE_CONNECTION_STRING: azurite.connectionString,
    BENCH_STORAGE_HOST: `127.0.0.1:${azurite.port}`,
    TABLE_PREFIX: prefix,
    ALLOWED_TENANT_IDS: TENANT,
    BOOTSTRAP_COORDINATORS: ctx.coordinator.id,
    MicrosoftAppId: '',
    MicrosoftAppType: 'MultiTenant',
    // 64 reporters submit thousands of reports: B1 measures storing them, not the per-person limit.
    REPORT_LIMIT: '100000',
  });
  const rows: B1Row[] = [];
  const only = process.env.BENCH_SCENARIO ? new RegExp(process.env.BENCH_SCENARIO, 'i') : undefined;
  try {
    for (const [index, scenario] of scenarios.entries()) {
      // The storage floors belong to their write scenario: run with it.
      if ((scenario.class !== 'floor' || scenario.server === 'storage') && only && !only.test(scenario.name)) continue;
      if (scenario.server === 'storage') {
        rows.push(await measureStorageFloor(scenario, `${base}s${index}`));
        continue;
      }
      // Each bot scenario gets a fresh bot and tables of its own: Azurite scans a whole table for
      // every query and point read, so rows written by an earlier scenario would slow a later one
      // (Azure Table Storage does not); B2 measures what volume costs.
      let server: { child: ChildProcess; url: string } | undefined;
      try {
        if (scenario.server === 'bot') {
          ctx.prefix = `${base}s${index}`;
          await registerChannels(ctx);
          server = await startServer('bot', botEnv(ctx.prefix));
          await reportIncidents(ctx, server.url);
        }
        const make = await scenario.prepare(ctx);
        if (typeof make === 'string') {
          rows.push({ scenario: scenario.name, class: scenario.class, floor: scenario.floor, note: make, ...empty() });
          log(`  ${scenario.name}: ${make}`);
          continue;
        }
        server ??= await startServer(scenario.server, {
          STORAGE_CONNECTION_STRING: azurite.connectionString,
          ...(scenario.server === 'teams-ai-triage-size' ? { FLOOR_CARD: JSON.stringify(triageSizedCard(ctx)) } : {}),
        });
        rows.push(await measure(scenario, server, make));
      } finally {
        if (server) await stopChild(server.child);
      }
    }
  } finally {
    await stopChild(connector);
  }
  return rows;

  async function measure(
    scenario: Target,
    server: { child: ChildProcess; url: string },
    make: (i: number) => object,
  ): Promise<B1Row> {
    if (options.warmupSeconds > 0)
      await load(server.url, make, { seconds: options.warmupSeconds, connections: options.connections });
    const isBot = scenario.server === 'bot';
    const callsBefore = isBot ? await storageCalls(server.child) : {};
    const rss = sampleRss(server.child.pid);
    const pids = [server.child.pid, azurite.pid, connector.pid];
    const cpuBefore = pids.map(cpuSeconds);
    const wallStart = performance.now();
    const result = await load(server.url, make, { seconds: options.seconds, connections: options.connections });
    const wall = (performance.now() - wallStart) / 1000;
    const [server_, azurite_, connector_] = pids.map((pid, i) => (cpuSeconds(pid) - (cpuBefore[i] as number)) / wall);
    const cpu = { server: server_ as number, azurite: azurite_ as number, connector: connector_ as number };
    const row: B1Row = {
      scenario: scenario.name,
      class: scenario.class,
      floor: scenario.floor,
      rssMb: rss.stop(),
      cpu,
      ...result,
    };
    if (isBot) {
      row.storageCalls = perRequest(callsBefore, await storageCalls(server.child), result.requests);
      row.storageCallsPerRequest = Object.values(row.storageCalls).reduce((sum, n) => sum + n, 0);
    }
    const floor = rows.find((candidate) => candidate.scenario === scenario.floor);
    if (floor && floor.reqPerSec > 0) row.ratioToFloor = row.reqPerSec / floor.reqPerSec;
    const context = rows.find((candidate) => candidate.scenario === scenario.contextFloor);
    if (context && context.reqPerSec > 0) {
      row.contextFloor = scenario.contextFloor;
      row.ratioToContextFloor = row.reqPerSec / context.reqPerSec;
    }
    const storage = rows.find((candidate) => candidate.scenario === scenario.storageFloor);
    if (storage && storage.p99Ms > 0) {
      row.storageFloor = scenario.storageFloor;
      row.p99RatioToStorageFloor = row.p99Ms / storage.p99Ms;
    }
    const sized = rows.find((candidate) => candidate.scenario === scenario.sizeFloor);
    if (sized && sized.reqPerSec > 0) {
      row.sizeFloor = scenario.sizeFloor;
      row.ratioToSizeFloor = row.reqPerSec / sized.reqPerSec;
    }
    const calls = row.storageCalls
      ? `, storage calls/request ${row.storageCallsPerRequest?.toFixed(2)} (${Object.entries(row.storageCalls)
          .map(([key, n]) => `${key} ${n.toFixed(2)}`)
          .join(', ')})`
      : '';
    log(
      `  ${scenario.name}: ${result.reqPerSec.toFixed(0)} req/s, p50 ${result.p50Ms} ms, p99 ${result.p99Ms} ms` +
        (row.p99RatioToStorageFloor === undefined
          ? ''
          : ` (${row.p99RatioToStorageFloor.toFixed(2)}× the storage floor's p99)`) +
        `, errors ${result.non2xx + result.errors}, RSS ${row.rssMb.toFixed(0)} MB, ` +
        `CPU server ${cpu.server.toFixed(2)} / Azurite ${cpu.azurite.toFixed(2)} / connector ${cpu.connector.toFixed(2)} cores` +
        calls,
    );
    return row;
  }

  /**
   * A write scenario's storage calls made directly (`storage-floor.ts`) on tables of its own, at the
   * same connection count, warm-up and seconds; "server" CPU is the floor process's (callers included).
   */
  async function measureStorageFloor(scenario: Target, prefix: string): Promise<B1Row> {
    const child = startTsChild(
      'bench/storage-floor.ts',
      {
        STORAGE_CONNECTION_STRING: azurite.connectionString,
        BENCH_STORAGE_HOST: `127.0.0.1:${azurite.port}`,
        TABLE_PREFIX: prefix,
        FLOOR_CONNECTIONS: String(options.connections),
        FLOOR_SECONDS: String(options.seconds),
        FLOOR_WARMUP: String(options.warmupSeconds),
        LOG_LEVEL: 'error',
      },
      [scenario.operation as string],
    );
    try {
      const done = waitForLine(child, /storage-floor (\{.*\})\n/, 300_000);
      await waitForLine(child, /storage-floor measuring/, 240_000);
      const rss = sampleRss(child.pid);
      const pids = [child.pid, azurite.pid];
      const cpuBefore = pids.map(cpuSeconds);
      const wallStart = performance.now();
      const figures = JSON.parse((await done)[1] as string) as LoadResult & {
        firstError?: string;
        storageCalls: Record<string, number>;
      };
      const wall = (performance.now() - wallStart) / 1000;
      const [server_, azurite_] = pids.map((pid, i) => (cpuSeconds(pid) - (cpuBefore[i] as number)) / wall);
      const row: B1Row = {
        scenario: scenario.name,
        class: 'floor',
        reqPerSec: figures.reqPerSec,
        p50Ms: figures.p50Ms,
        p99Ms: figures.p99Ms,
        requests: figures.requests,
        non2xx: 0,
        timeouts: 0,
        errors: figures.errors,
        rssMb: rss.stop(),
        cpu: { server: server_ as number, azurite: azurite_ as number, connector: 0 },
        storageCalls: figures.storageCalls,
        storageCallsPerRequest: Object.values(figures.storageCalls).reduce((sum, n) => sum + n, 0),
      };
      log(
        `  ${scenario.name}: ${row.reqPerSec.toFixed(0)} ops/s, p50 ${row.p50Ms} ms, p99 ${row.p99Ms} ms, ` +
          `errors ${row.errors}${figures.firstError ? ` (first: ${figures.firstError})` : ''}, ` +
          `CPU floor ${row.cpu?.server.toFixed(2)} / Azurite ${row.cpu?.azurite.toFixed(2)} cores, ` +
          `storage calls/operation ${row.storageCallsPerRequest?.toFixed(2)} (${Object.entries(figures.storageCalls)
            .map(([key, n]) => `${key} ${n.toFixed(2)}`)
            .join(', ')})`,
      );
      return row;
    } finally {
      await stopChild(child);
    }
  }
}

const empty = (): LoadResult & { rssMb: number } => ({
  reqPerSec: NaN,
  p50Ms: NaN,
  p99Ms: NaN,
  requests: 0,
  non2xx: 0,
  timeouts: 0,
  errors: 0,
  rssMb: NaN,
});

/** The coordinator and management channels, registered before the bot starts (as after set-up). */
async function registerChannels(ctx: BotContext): Promise<void> {
  const config = loadConfig({ STORAGE_CONNECTION_STRING: ctx.connectionString, TABLE_PREFIX: ctx.prefix });
  const tables = createTables(config.storage, ctx.prefix);
  await tables.ensureAll();
  const conversations = new TableConversationRepository(tables.client('Conversations'), tables.client('Channels'));
  for (const [purpose, id] of [
    ['coordinator', coordinatorChannel],
    ['management', managementChannel],
  ] as const) {
    await conversations.remember({
      conversationId: id,
      serviceUrl: ctx.serviceUrl,
      tenantId: TENANT,
      conversationType: 'channel',
      teamId: '19:team',
    });
    await conversations.assignPurpose(purpose, id, TENANT, 'bench');
  }
}

/** 50 incidents to refresh, reported through the bot as a user would. */
async function reportIncidents(ctx: BotContext, botUrl: string): Promise<void> {
  for (let i = 0; i < 50; i++) {
    const response = await fetch(`${botUrl}/api/messages`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(
        cardAction(pick(ctx.reporters, i), ctx.serviceUrl, 'incident.submit', reportData(ctx.today)),
      ),
    });
    const text = await response.text();
    if (response.status !== 200 || !text.includes('HÆN-'))
      throw new Error(`seed report failed: ${response.status} ${text.slice(0, 200)}`);
  }
}
