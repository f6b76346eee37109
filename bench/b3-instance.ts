/**
 * B3 child: one bot instance's scheduler and notifier, wired as `src/start.ts` wires them (shared
 * send budget in the `Senders` table, jobs in `Jobs`), running the bench's fan-out job kind — its
 * own process, so that B3 can kill it as a crash or a platform stop would.
 *
 * Environment: B3_STORAGE (connection string), B3_PREFIX (tables), B3_OWNER, B3_LEASE_MS, B3_POLL_MS.
 * Prints `ready`; starts polling on SIGUSR2; prints `delivered <conversation>` once a send's outcome
 * is recorded; on SIGTERM stops as the bot does (the sends in flight finish, the jobs are handed
 * back) and prints `stopped`.
 * Logs warnings (no personal data) as JSON lines on stderr.
 */
import { TeamsAdapter } from '@microsoft/teams-ai/lib/TeamsAdapter';
import type { AdaptiveCard } from '../src/platform/cards';
import { TeamsNotifier } from '../src/bot/notifier';
import { SendBudget } from '../src/bot/send-budget';
import { systemClock } from '../src/clock';
import { loadConfig } from '../src/config';
import { Scheduler, type JobHandler } from '../src/platform/scheduler/scheduler';
import { createLogger } from '../src/logger';
import { TableConversationRepository } from '../src/storage/conversation-repository';
import { TableJobRepository } from '../src/storage/job-repository';
import { TableLiveSenders } from '../src/storage/live-senders';
import { createTables } from '../src/storage/tables';

/** The job kind `b3-fanout.ts` schedules: payload `{ conversations: string[] }`. */
const FANOUT_KIND = 'bench.fanout';

const env = (name: string): string => {
  const value = process.env[name];
  if (!value) throw new Error(`${name} is not set`);
  return value;
};
const print = (line: string): void => void process.stdout.write(`${line}\n`);

const card: AdaptiveCard = {
  type: 'AdaptiveCard',
  version: '1.5',
  body: [{ type: 'TextBlock', text: 'Påmindelse: kvartalsgennemgang', wrap: true }],
} as never;

function main(): void {
  const tables = createTables(loadConfig({ STORAGE_CONNECTION_STRING: env('B3_STORAGE') }).storage, env('B3_PREFIX'));
  const logger = createLogger('warn', process.stderr);
  const conversations = new TableConversationRepository(tables.client('Conversations'), tables.client('Channels'));
  const adapter = new TeamsAdapter({ MicrosoftAppId: '', MicrosoftAppPassword: '', MicrosoftAppType: 'MultiTenant' });
  const budget = new SendBudget({ senders: new TableLiveSenders(tables.client('Senders')), logger });
  const notifier = new TeamsNotifier(adapter, '', conversations, systemClock, logger, { gate: budget });
  const fanOut: JobHandler = async (job, context) => {
    const ids = job.payload.conversations as string[];
    for (const id of ids) {
      let sent = false;
      await context.deliverOnce(`${job.id}|${id}`, async () => {
        const target = await conversations.byId(id);
        if (!target) return 'failed';
        const outcome = await notifier.send(target, card);
        sent = outcome === 'sent';
        return outcome;
      });
      if (sent) print(`delivered ${id}`);
    }
    return { outcome: `sent ${ids.length}` };
  };
  const scheduler = new Scheduler(
    new TableJobRepository(tables.client('Jobs')),
    systemClock,
    logger,
    { [FANOUT_KIND]: fanOut },
    { owner: env('B3_OWNER'), leaseMs: Number(env('B3_LEASE_MS')), pollMs: Number(env('B3_POLL_MS')) },
  );
  // Nothing else keeps the process alive until SIGUSR2 (the scheduler's timer is unref'd).
  setInterval(() => undefined, 60_000);
  process.once('SIGUSR2', () => scheduler.start());
  process.once('SIGTERM', () => {
    void (async () => {
      await scheduler.stop();
      await budget.stop();
      print('stopped');
      process.exit(0);
    })();
  });
  print('ready');
}

main();
