/**
 * B1 — card actions and messages under load: autocannon against the real server (auth off) and,
 * in the same run, against two floors (a bare restify route and a minimal teams-ai app).
 */
import type { ChildProcess } from 'node:child_process';
import { loadConfig } from '../src/config';
import { formatNumber } from '../src/features/incidents/numbering';
import { TableConversationRepository } from '../src/storage/conversation-repository';
import { createTables } from '../src/storage/tables';
import { benchUser, cardAction, message, reportData, TENANT, type BenchUser } from './lib/activities';
import type { BenchAzurite } from './lib/azurite';
import { cpuSeconds, sampleRss, startTsChild, stopChild, waitForLine } from './lib/children';
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
  rssMb: number;
  /** CPU used during the measured run, in cores (1.0 = one core busy): the server, Azurite, the connector. */
  cpu?: { server: number; azurite: number; connector: number };
  note?: string;
}

interface Target {
  name: string;
  server: 'restify' | 'teams-ai' | 'teams-ai-storage' | 'bot';
  class: ScenarioClass;
  floor?: string;
  /** A second floor shown beside the target's, for context (no target). */
  contextFloor?: string;
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
    name: 'bot: "hjælp" message',
    server: 'bot',
    class: 'read',
    floor: 'floor: teams-ai echo message',
    prepare: async (ctx) => (i) => message(pick(ctx.reporters, i), ctx.serviceUrl, 'hjælp'),
  },
  {
    name: 'bot: incident submit',
    server: 'bot',
    class: 'write',
    floor: 'floor: teams-ai Action.Execute',
    prepare: async (ctx) => (i) =>
      cardAction(pick(ctx.reporters, i), ctx.serviceUrl, 'incident.submit', reportData(ctx.today)),
  },
  {
    name: 'bot: triage card refresh',
    server: 'bot',
    class: 'read',
    floor: 'floor: teams-ai Action.Execute',
    contextFloor: 'floor: teams-ai Action.Execute + 2 table reads',
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
    name: 'bot: approval click',
    server: 'bot',
    class: 'write',
    floor: 'floor: teams-ai Action.Execute',
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

async function startServer(
  kind: Target['server'],
  env: Record<string, string>,
): Promise<{ child: ChildProcess; url: string }> {
  const profile = process.env.BENCH_PROFILE ? [`--cpu-prof`, `--cpu-prof-dir=${process.env.BENCH_PROFILE}`] : [];
  const child =
    kind === 'bot'
      ? startTsChild('bench/bot-server.ts', env, [], profile)
      : startTsChild('bench/floor-server.ts', env, [kind]);
  const match = await waitForLine(child, /listening (\d+)/, 60_000);
  return { child, url: `http://127.0.0.1:${match[1]}` };
}

/** Runs B1: floors and bot scenarios one after another, side by side in one run. */
export async function runB1(azurite: BenchAzurite, options: B1Options, log: (line: string) => void): Promise<B1Row[]> {
  const connector = startTsChild('bench/connector-server.ts', {}, ['fast']);
  const serviceUrl = `http://127.0.0.1:${(await waitForLine(connector, /listening (\d+)/))[1]}`;
  const prefix = `b1${Date.now().toString(36)}`;
  const now = new Date(Date.now() - 86_400_000);
  const today = now.toISOString().slice(0, 10);
  const ctx: BotContext = {
    serviceUrl,
    connectionString: azurite.connectionString,
    prefix,
    today,
    year: Number(today.slice(0, 4)),
    coordinator: benchUser('Koordinator'),
    reporters: Array.from({ length: 64 }, (_, i) => benchUser(`Medarbejder ${i}`)),
  };
  const botEnv = {
    NODE_ENV: 'development',
    PORT: '0',
    HOST: '127.0.0.1',
    LOG_LEVEL: 'error',
    STORAGE_CONNECTION_STRING: azurite.connectionString,
    TABLE_PREFIX: prefix,
    ALLOWED_TENANT_IDS: TENANT,
    BOOTSTRAP_COORDINATORS: ctx.coordinator.id,
    MicrosoftAppId: '',
    MicrosoftAppType: 'MultiTenant',
  };
  const rows: B1Row[] = [];
  let bot: { child: ChildProcess; url: string } | undefined;
  try {
    const only = process.env.BENCH_SCENARIO ? new RegExp(process.env.BENCH_SCENARIO, 'i') : undefined;
    for (const scenario of scenarios.filter((s) => s.class === 'floor' || !only || only.test(s.name))) {
      const make = await (async () => {
        if (scenario.server === 'bot' && !bot) {
          bot = await startServer('bot', botEnv);
          await prepareBot(ctx, bot.url);
        }
        return scenario.prepare(ctx);
      })();
      if (typeof make === 'string') {
        rows.push({ scenario: scenario.name, class: scenario.class, floor: scenario.floor, note: make, ...empty() });
        log(`  ${scenario.name}: ${make}`);
        continue;
      }
      const server =
        scenario.server === 'bot'
          ? (bot as { child: ChildProcess; url: string })
          : await startServer(scenario.server, { STORAGE_CONNECTION_STRING: azurite.connectionString });
      try {
        if (options.warmupSeconds > 0)
          await load(server.url, make, { seconds: options.warmupSeconds, connections: options.connections });
        const rss = sampleRss(server.child.pid);
        const pids = [server.child.pid, azurite.pid, connector.pid];
        const cpuBefore = pids.map(cpuSeconds);
        const wallStart = performance.now();
        const result = await load(server.url, make, { seconds: options.seconds, connections: options.connections });
        const wall = (performance.now() - wallStart) / 1000;
        const [server_, azurite_, connector_] = pids.map(
          (pid, i) => (cpuSeconds(pid) - (cpuBefore[i] as number)) / wall,
        );
        const cpu = { server: server_ as number, azurite: azurite_ as number, connector: connector_ as number };
        const row: B1Row = {
          scenario: scenario.name,
          class: scenario.class,
          floor: scenario.floor,
          rssMb: rss.stop(),
          cpu,
          ...result,
        };
        const floor = rows.find((candidate) => candidate.scenario === scenario.floor);
        if (floor && floor.reqPerSec > 0) row.ratioToFloor = row.reqPerSec / floor.reqPerSec;
        const context = rows.find((candidate) => candidate.scenario === scenario.contextFloor);
        if (context && context.reqPerSec > 0) {
          row.contextFloor = scenario.contextFloor;
          row.ratioToContextFloor = row.reqPerSec / context.reqPerSec;
        }
        rows.push(row);
        log(
          `  ${scenario.name}: ${result.reqPerSec.toFixed(0)} req/s, p50 ${result.p50Ms} ms, p99 ${result.p99Ms} ms, ` +
            `errors ${result.non2xx + result.errors}, RSS ${row.rssMb.toFixed(0)} MB, ` +
            `CPU server ${cpu.server.toFixed(2)} / Azurite ${cpu.azurite.toFixed(2)} / connector ${cpu.connector.toFixed(2)} cores`,
        );
      } finally {
        if (scenario.server !== 'bot') await stopChild(server.child);
      }
    }
  } finally {
    if (bot) await stopChild(bot.child);
    await stopChild(connector);
  }
  return rows;
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

/** Channels registered, and 50 incidents to refresh (reported through the bot, as a user would). */
async function prepareBot(ctx: BotContext, botUrl: string): Promise<void> {
  const config = loadConfig({ STORAGE_CONNECTION_STRING: ctx.connectionString, TABLE_PREFIX: ctx.prefix });
  const tables = createTables(config.storage, ctx.prefix);
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
