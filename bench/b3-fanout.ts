/**
 * B3 — reminder fan-out: N conversations due at once, three Scheduler instances on one Azurite,
 * one killed in the middle, a connector enforcing Teams' bot limits (429 + Retry-After).
 */
import { TeamsAdapter } from '@microsoft/teams-ai/lib/TeamsAdapter';
import { systemClock } from '../src/clock';
import { loadConfig } from '../src/config';
import type { StoredConversation } from '../src/features/access/conversations';
import type { JobRepository } from '../src/features/scheduler/jobs';
import { Scheduler, type JobHandler } from '../src/features/scheduler/scheduler';
import { createLogger } from '../src/logger';
import { TeamsNotifier, type Notifier } from '../src/bot/notifier';
import { TableConversationRepository } from '../src/storage/conversation-repository';
import { TableJobRepository } from '../src/storage/job-repository';
import { createTables } from '../src/storage/tables';
import { TENANT } from './lib/activities';
import type { BenchAzurite } from './lib/azurite';
import { startTsChild, stopChild, waitForLine } from './lib/children';

export interface B3Result {
  conversations: number;
  instances: number;
  shardSize: number;
  leaseMs: number;
  totalSeconds: number;
  minimumSeconds: number;
  ratio: number;
  received429: number;
  duplicates: number;
  losses: number;
  killedAfterSends: number;
  /** Sends the killed instance completed at the connector but could not record (crash window). */
  unrecordedByKilled: number;
  timedOut: boolean;
}

const KIND = 'bench.fanout';
const OVERALL_PER_SECOND = 50;

/** A job repository and notifier that stop working the moment their instance is "killed". */
function killable<T extends object>(target: T, isKilled: () => boolean): T {
  return new Proxy(target, {
    get(object, property, receiver) {
      const value = Reflect.get(object, property, receiver) as unknown;
      if (typeof value !== 'function') return value;
      return async (...args: unknown[]) => {
        if (isKilled()) throw new Error('instance killed');
        return (value as (...a: unknown[]) => Promise<unknown>).apply(object, args);
      };
    },
  });
}

export async function runB3(
  azurite: BenchAzurite,
  count: number,
  log: (line: string) => void,
  kill = true,
): Promise<B3Result> {
  const connector = startTsChild('bench/connector-server.ts', {}, ['limited']);
  const serviceUrl = `http://127.0.0.1:${(await waitForLine(connector, /listening (\d+)/))[1]}`;
  const prefix = `b3${Date.now().toString(36)}`;
  const tables = createTables(loadConfig({ STORAGE_CONNECTION_STRING: azurite.connectionString }).storage, prefix);
  const schedulers: Scheduler[] = [];
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
    const logger = createLogger('silent');
    const card = {
      type: 'AdaptiveCard',
      version: '1.5',
      body: [{ type: 'TextBlock', text: 'Påmindelse: kvartalsgennemgang', wrap: true }],
    } as never;
    let sends = 0;
    let unrecordedByKilled = 0;
    let killedAfterSends = -1;
    const killed = [false, false, false];
    const handlerFor =
      (instance: number, notifier: Notifier): JobHandler =>
      async (job, context) => {
        const from = Number(job.payload.from);
        const to = Number(job.payload.to);
        for (const conversationId of ids.slice(from, to)) {
          await context.deliverOnce(`${job.id}|${conversationId}`, async () => {
            const target = (await conversations.byId(conversationId)) as StoredConversation;
            const outcome = await notifier.send(target, card);
            if (outcome === 'sent') sends++;
            if (killed[instance]) {
              unrecordedByKilled++;
              throw new Error('instance killed after sending');
            }
            return outcome;
          });
        }
        return { outcome: `sent ${to - from}` };
      };
    for (let instance = 0; instance < 3; instance++) {
      const isKilled = () => killed[instance] === true;
      const adapter = new TeamsAdapter({
        MicrosoftAppId: '',
        MicrosoftAppPassword: '',
        MicrosoftAppType: 'MultiTenant',
      });
      const notifier = killable<Notifier>(new TeamsNotifier(adapter, '', conversations, systemClock, logger), isKilled);
      const jobs = killable<JobRepository>(new TableJobRepository(tables.client('Jobs')), isKilled);
      schedulers.push(
        new Scheduler(
          jobs,
          systemClock,
          logger,
          { [KIND]: handlerFor(instance, notifier) },
          {
            owner: `instance-${instance}`,
            leaseMs,
            pollMs: 200,
          },
        ),
      );
    }
    const jobs = new TableJobRepository(tables.client('Jobs'));
    const dueAt = new Date(Date.now() - 1000).toISOString();
    for (let from = 0; from < count; from += shardSize)
      await jobs.schedule({
        id: `${KIND}:${from}`,
        kind: KIND,
        dueAt,
        payload: { from, to: Math.min(count, from + shardSize) },
      });

    const started = Date.now();
    for (const scheduler of schedulers) scheduler.start();
    const stats = async () =>
      (await (await fetch(`${serviceUrl}/_stats`)).json()) as {
        refused: number;
        lastAt: number;
        delivered: Record<string, number>;
      };
    const deadline = started + Math.max(60_000, (count / OVERALL_PER_SECOND) * 6000);
    let current = await stats();
    let timedOut = false;
    for (;;) {
      if (kill && killedAfterSends < 0 && sends >= count * 0.4) {
        killed[0] = true;
        killedAfterSends = sends;
        void schedulers[0]?.stop();
        log(`  instance-0 killed after ${sends} sends`);
      }
      current = await stats();
      if (Object.keys(current.delivered).length >= count) break;
      if (Date.now() > deadline) {
        timedOut = true;
        break;
      }
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    // Give late duplicates (a re-run shard) time to show before counting.
    await new Promise((resolve) => setTimeout(resolve, leaseMs + 1000));
    await Promise.all(schedulers.map((scheduler) => scheduler.stop()));
    const final = await stats();
    const counts = ids.map((id) => final.delivered[id] ?? 0);
    const totalSeconds = ((timedOut ? Date.now() : current.lastAt) - started) / 1000;
    const minimumSeconds = count / OVERALL_PER_SECOND;
    const result: B3Result = {
      conversations: count,
      instances: 3,
      shardSize,
      leaseMs,
      totalSeconds,
      minimumSeconds,
      ratio: totalSeconds / minimumSeconds,
      received429: final.refused,
      duplicates: counts.reduce((sum, n) => sum + Math.max(0, n - 1), 0),
      losses: counts.filter((n) => n === 0).length,
      killedAfterSends,
      unrecordedByKilled,
      timedOut,
    };
    log(
      `  ${count} conversations: ${totalSeconds.toFixed(1)} s (minimum ${minimumSeconds.toFixed(1)} s, ratio ${result.ratio.toFixed(2)}), ` +
        `429s ${result.received429}, duplicates ${result.duplicates}, losses ${result.losses}`,
    );
    return result;
  } finally {
    await Promise.all(schedulers.map((scheduler) => scheduler.stop().catch(() => undefined)));
    await stopChild(connector);
  }
}
