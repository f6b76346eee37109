/**
 * B3 — reminder fan-out: N conversations due at once, three scheduler instances on one Azurite,
 * each its own process (`b3-instance.ts`), one killed in the middle, a connector enforcing Teams'
 * bot limits (429 + Retry-After).
 */
import type { ChildProcess } from 'node:child_process';
import { odata, type TableClient } from '@azure/data-tables';
import { createInterface } from 'node:readline';
import { loadConfig } from '../src/config';
import { TableConversationRepository } from '../src/storage/conversation-repository';
import { TableJobRepository } from '../src/storage/job-repository';
import { decodeKey } from '../src/storage/keys';
import { createTables } from '../src/storage/tables';
import { TENANT } from './lib/activities';
import type { BenchAzurite } from './lib/azurite';
import { cpuSeconds, startTsChild, stopChild, waitForLine } from './lib/children';

export interface B3Result {
  conversations: number;
  instances: number;
  shardSize: number;
  leaseMs: number;
  /** From the instances' start to the last delivery the connector accepted. */
  totalSeconds: number;
  /** Conversations ÷ 50 per second. */
  minimumSeconds: number;
  /** The floor for a sender that bunches 50 sends at every window edge: (⌈N / 50⌉ − 1) s. */
  burstMinimumSeconds: number;
  ratio: number;
  received429: number;
  duplicates: number;
  losses: number;
  /** SIGKILL (a crash) or SIGTERM (the platform stopping the instance); absent without a kill. */
  killSignal?: string;
  /** Conversations delivered when the kill was sent (-1: no kill). */
  killedAfterSends: number;
  /** Deliveries of the killed instance with an intent but no outcome in storage when it died. */
  inFlightAtKill: number;
  /** Of those, how many the connector had accepted: the crash window, each one a duplicate to come. */
  inFlightDelivered: number;
  /** Duplicates among the conversations in flight at the kill (any other duplicate is a fault). */
  duplicatesFromKill: number;
  /** Deliveries the surviving instances logged as sent again (an intent without an outcome). */
  resentUnconfirmed: number;
  /** Sends the connector accepted in each second from the start ("accepted/refused" when it refused some). */
  perSecond: string[];
  /** Deliveries each instance recorded (the budget's split). */
  deliveredBy: number[];
  /** CPU seconds used from the start to the last delivery: the instances together, Azurite, the connector. */
  cpuSeconds: { instances: number; azurite: number; connector: number };
  timedOut: boolean;
}

/** The job kind `b3-instance.ts` runs. */
const KIND = 'bench.fanout';
const OVERALL_PER_SECOND = 50;
const INSTANCES = 3;

/** One scheduler process and what it printed: deliveries recorded, sends it logged as repeated. */
interface Instance {
  child: ChildProcess;
  delivered: number;
  resent: number;
  closed: Promise<void>;
}

/**
 * Conversations whose delivery `owner` began (intent recorded) but never recorded an outcome: read
 * as `TableJobRepository` keeps them (`delivery/<key>`; an intent carries its owner, an outcome
 * replaces the row without one). This is what an operator would find after a crash.
 */
async function unrecordedDeliveries(table: TableClient, owner: string): Promise<string[]> {
  const found: string[] = [];
  const filter = odata`PartitionKey eq 'delivery' and owner eq ${owner}`;
  for await (const row of table.listEntities({ queryOptions: { filter } }))
    found.push(decodeKey(row.rowKey as string).split('|')[1] as string);
  return found;
}

function startInstance(owner: string, env: Record<string, string>): Instance {
  const child = startTsChild('bench/b3-instance.ts', { ...env, B3_OWNER: owner });
  const instance: Instance = {
    child,
    delivered: 0,
    resent: 0,
    closed: new Promise((resolve) => child.once('close', () => resolve())),
  };
  createInterface({ input: child.stdout! }).on('line', (line) => {
    const [event, id] = line.split(' ');
    if (event === 'delivered' && id) instance.delivered++;
  });
  createInterface({ input: child.stderr! }).on('line', (line) => {
    const unconfirmed = (() => {
      try {
        return (JSON.parse(line) as { unconfirmed?: number }).unconfirmed;
      } catch {
        return undefined;
      }
    })();
    if (typeof unconfirmed === 'number') instance.resent += unconfirmed;
  });
  return instance;
}

interface ConnectorStats {
  refused: number;
  lastAt: number;
  delivered: Record<string, number>;
  acceptedAt: number[];
  refusedAt: number[];
}

/** Counts per second since `from`: "accepted" or "accepted/refused" when some were refused. */
function perSecond(stats: ConnectorStats, from: number): string[] {
  const seconds = Math.max(0, ...stats.acceptedAt.map((at) => Math.floor((at - from) / 1000))) + 1;
  const count = (times: number[], second: number) =>
    times.filter((at) => Math.floor((at - from) / 1000) === second).length;
  return Array.from({ length: seconds }, (_, second) => {
    const refused = count(stats.refusedAt, second);
    return `${count(stats.acceptedAt, second)}${refused ? `/${refused}` : ''}`;
  });
}

export async function runB3(
  azurite: BenchAzurite,
  count: number,
  log: (line: string) => void,
  kill = true,
): Promise<B3Result> {
  const killSignal = kill ? (process.env.BENCH_B3_SIGNAL === 'SIGTERM' ? 'SIGTERM' : 'SIGKILL') : undefined;
  const connector = startTsChild('bench/connector-server.ts', {}, ['limited']);
  const serviceUrl = `http://127.0.0.1:${(await waitForLine(connector, /listening (\d+)/))[1]}`;
  const prefix = `b3${Date.now().toString(36)}`;
  const tables = createTables(loadConfig({ STORAGE_CONNECTION_STRING: azurite.connectionString }).storage, prefix);
  const instances: Instance[] = [];
  try {
    await tables.ensureAll();
    const conversations = new TableConversationRepository(tables.client('Conversations'), tables.client('Channels'));
    const ids = Array.from({ length: count }, (_, i) => `a:bench-${String(i).padStart(5, '0')}`);
    for (let i = 0; i < ids.length; i += 16)
      await Promise.all(
        ids.slice(i, i + 16).map((conversationId, j) =>
          conversations.remember({
            conversationId,
            serviceUrl,
            tenantId: TENANT,
            conversationType: 'personal',
            userId: `user-${i + j}`,
          }),
        ),
      );

    const shardSize = 10;
    const leaseMs = 3000;
    const jobs = tables.client('Jobs');
    const repository = new TableJobRepository(jobs);
    const dueAt = new Date(Date.now() - 1000).toISOString();
    for (let from = 0; from < count; from += shardSize)
      await repository.schedule({
        id: `${KIND}:${from}`,
        kind: KIND,
        dueAt,
        payload: { conversations: ids.slice(from, from + shardSize) },
      });

    const env = {
      B3_STORAGE: azurite.connectionString,
      B3_PREFIX: prefix,
      B3_LEASE_MS: String(leaseMs),
      B3_POLL_MS: '200',
    };
    for (let n = 0; n < INSTANCES; n++) instances.push(startInstance(`instance-${n}`, env));
    await Promise.all(instances.map(({ child }) => waitForLine(child, /^ready$/m, 60_000)));

    const stats = async () => (await (await fetch(`${serviceUrl}/_stats`)).json()) as ConnectorStats;
    const cpu = () => ({
      instances: instances.reduce((sum, { child }) => sum + (cpuSeconds(child.pid) || 0), 0),
      azurite: cpuSeconds(azurite.pid),
      connector: cpuSeconds(connector.pid),
    });
    const cpuAtStart = cpu();
    let cpuAtEnd = cpuAtStart;
    const started = Date.now();
    for (const { child } of instances) child.kill('SIGUSR2');
    const deadline = started + Math.max(60_000, (count / OVERALL_PER_SECOND) * 6000);
    let current = await stats();
    let timedOut = false;
    let killedAfterSends = -1;
    let inFlight: string[] = [];
    let inFlightDelivered = 0;
    for (;;) {
      const delivered = Object.keys(current.delivered).length;
      const victim = instances[0] as Instance;
      if (killSignal && killedAfterSends < 0 && delivered >= count * 0.4) {
        killedAfterSends = delivered;
        const victimCpu = cpuSeconds(victim.child.pid);
        victim.child.kill(killSignal);
        await victim.closed;
        cpuAtStart.instances -= victimCpu; // it no longer counts in the sum
        inFlight = await unrecordedDeliveries(jobs, 'instance-0');
        const atKill = await stats();
        inFlightDelivered = inFlight.filter((id) => (atKill.delivered[id] ?? 0) > 0).length;
        log(
          `  instance-0 stopped by ${killSignal} after ${delivered} deliveries; ` +
            `${inFlight.length} of its deliveries in flight, ${inFlightDelivered} of them already at the connector`,
        );
      }
      current = await stats();
      cpuAtEnd = cpu();
      if (Object.keys(current.delivered).length >= count) break;
      if (Date.now() > deadline) {
        timedOut = true;
        break;
      }
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    // Give late duplicates (a re-run shard) time to show before counting.
    await new Promise((resolve) => setTimeout(resolve, leaseMs + 1000));
    await Promise.all(instances.map(({ child }) => stopChild(child)));
    const final = await stats();
    const counts = ids.map((id) => final.delivered[id] ?? 0);
    const duplicatesOf = (list: string[]) =>
      list.reduce((sum, id) => sum + Math.max(0, (final.delivered[id] ?? 0) - 1), 0);
    const totalSeconds = ((timedOut ? Date.now() : current.lastAt) - started) / 1000;
    const minimumSeconds = count / OVERALL_PER_SECOND;
    const result: B3Result = {
      conversations: count,
      instances: INSTANCES,
      shardSize,
      leaseMs,
      totalSeconds,
      minimumSeconds,
      burstMinimumSeconds: Math.ceil(count / OVERALL_PER_SECOND) - 1,
      ratio: totalSeconds / minimumSeconds,
      received429: final.refused,
      duplicates: counts.reduce((sum, n) => sum + Math.max(0, n - 1), 0),
      losses: counts.filter((n) => n === 0).length,
      killSignal,
      killedAfterSends,
      inFlightAtKill: inFlight.length,
      inFlightDelivered,
      duplicatesFromKill: duplicatesOf(inFlight),
      resentUnconfirmed: instances.slice(1).reduce((sum, instance) => sum + instance.resent, 0),
      perSecond: perSecond(final, started),
      deliveredBy: instances.map((instance) => instance.delivered),
      cpuSeconds: {
        instances: cpuAtEnd.instances - cpuAtStart.instances,
        azurite: cpuAtEnd.azurite - cpuAtStart.azurite,
        connector: cpuAtEnd.connector - cpuAtStart.connector,
      },
      timedOut,
    };
    log(
      `  ${count} conversations: ${totalSeconds.toFixed(1)} s (minimum ${minimumSeconds.toFixed(1)} s, ratio ${result.ratio.toFixed(2)}), ` +
        `429s ${result.received429}, duplicates ${result.duplicates} (${result.duplicatesFromKill} from the kill's ` +
        `crash window), losses ${result.losses}, sent again as unconfirmed ${result.resentUnconfirmed}; ` +
        `recorded by instance ${result.deliveredBy.join('/')}; per second ${result.perSecond.join(' ')}; CPU s ` +
        `instances ${result.cpuSeconds.instances.toFixed(1)}, Azurite ${result.cpuSeconds.azurite.toFixed(1)}, ` +
        `connector ${result.cpuSeconds.connector.toFixed(1)}`,
    );
    return result;
  } finally {
    await Promise.all(instances.map(({ child }) => stopChild(child)));
    await stopChild(connector);
  }
}
