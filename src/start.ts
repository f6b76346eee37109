import { allSettledOrThrow } from './platform/all-settled';
import type { AddressInfo } from 'node:net';
import type { ServiceClientCredentialsFactory } from './bot/adapter';
import type { Bot } from './bot/app';
import { systemClock, type Clock } from './clock';
import { compose, initialJobs, transferRegisters } from './compose';
import type { AppConfig } from './config';
import type { Actor } from './features/access/actor';
import { grantConfiguredCoordinators, grantDemoRoster, readDemoRoster } from './features/access/bootstrap';
import type { ConversationRepository } from './features/access/conversations';
import { downloadExport } from './features/incidents/export-download';
import { createLogger, type Logger } from './logger';
import type { Scheduler } from './platform/scheduler/scheduler';
import { runMigrations } from './storage/migrations/runner';
import type { SendPaceOptions } from './bot/send-pace';
import type { ReadCounter } from './storage/read-counter';
import { createServer } from './server';
import { createTables, type Tables } from './storage/tables';
import { isOutage } from './storage/errors';
import { StorageUnavailableError } from './errors';

/** Optional parts a test or benchmark replaces. */
export interface StartOptions {
  logger?: Logger;
  clock?: Clock;
  credentialsFactory?: ServiceClientCredentialsFactory;
  /** Counts entities read from storage (benchmarks). */
  readCounter?: ReadCounter;
  /** Teams' send limits as this instance keeps them; default Teams' own (tests slow them to watch the queue). */
  sendPace?: SendPaceOptions;
}

/** A running bot. */
export interface RunningBot {
  url: string;
  port: number;
  bot: Bot<Actor>;
  tables: Tables;
  /** This instance's conversation references and channel purposes (channel lookups cached, see channel-cache.ts). */
  conversations: ConversationRepository;
  /** The durable scheduler (polling only when SCHEDULER_ENABLED; tests call `tick()`). */
  scheduler: Scheduler;
  close(): Promise<void>;
}

/**
 * Composes and starts the bot: storage, adapter, routes and the HTTP server.
 *
 * @remarks Tables are created, storage migrations run, first jobs scheduled and roles bootstrapped before the server
 * listens, so `/readyz` answers only once all of that is done; if storage is unreachable at start,
 * the process keeps trying (nothing listens meanwhile) and exits after 30 attempts; any other error
 * (a refusal, a bug) stops it at once.
 */
export async function startBot(config: AppConfig, options: StartOptions = {}): Promise<RunningBot> {
  const logger = options.logger ?? createLogger(config.logLevel);
  const clock = options.clock ?? systemClock;
  if (!config.auth.enabled) {
    logger.warn(
      'Bot Framework authentication is OFF (no MicrosoftAppId). Local development only — never expose this port.',
    );
  }
  const tables = createTables(config.storage, config.tablePrefix);
  let listening = `http://${config.host}:${config.port}`;
  const publicBaseUrl = (): string => config.publicBaseUrl ?? listening;
  const { repos, services, adapter, sendBudget, notifier, bot, scheduler, migrations } = compose(
    tables,
    config,
    clock,
    logger,
    publicBaseUrl,
    options,
  );
  const { roles, conversations, jobs, exports } = repos;
  const prepare = async (): Promise<void> => {
    await tables.ensureAll();
    // Rows of an earlier layout move to the current one before anything reads them.
    await runMigrations(tables.client('Migrations'), migrations, logger);
    // Independent writes to different rows and tables: one round trip of waiting, not one each.
    await allSettledOrThrow([
      ...initialJobs(config, clock.now()).map((job) => jobs.schedule(job)),
      grantConfiguredCoordinators(roles, config.bootstrapCoordinators, repos.audit),
    ]);
    if (config.demoRosterFile && config.env !== 'production') {
      await grantDemoRoster(readDemoRoster(config.demoRosterFile), roles, conversations);
      logger.warn('demo roster roles granted (development only)');
    }
  };
  await retryUntilReady(prepare, logger);
  if (config.schedulerEnabled) scheduler.start();

  const server = createServer(
    bot,
    adapter,
    tables,
    logger,
    (token, acceptLanguage) =>
      downloadExport(
        token,
        {
          exports,
          roles,
          incidents: services.incidents,
          dpoBreaches: services.dpoBreaches,
          awareness: services.awareness,
          annualAssessments: services.annualAssessments,
          evidence: services.evidence,
          transfers: transferRegisters(repos, services),
          clock,
        },
        acceptLanguage,
      ),
    { authRequired: config.auth.enabled, now: () => clock.now().getTime() },
  );
  await new Promise<void>((resolve) => server.listen(config.port, config.host, resolve));
  const port = (server.address() as AddressInfo).port;
  listening = `http://${config.host}:${port}`;
  logger.info({ port, host: config.host }, 'bot listening');
  return {
    url: `http://${config.host}:${port}`,
    port,
    bot,
    tables,
    conversations,
    scheduler,
    close: async () => {
      await scheduler.stop();
      await notifier.settled(10_000);
      await sendBudget.stop();
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.server.closeAllConnections();
      });
      server.refusals.close();
    },
  };
}

async function retryUntilReady(prepare: () => Promise<void>, logger: Logger): Promise<void> {
  for (let attempt = 1; ; attempt++) {
    try {
      await prepare();
      return;
    } catch (error) {
      // Only an outage is worth waiting for; a refusal or a bug would fail the same way 30 times.
      if (attempt >= 30 || !(error instanceof StorageUnavailableError || isOutage(error))) throw error;
      logger.warn({ attempt, err: error }, 'storage not ready at start; retrying');
      await new Promise((resolve) => setTimeout(resolve, Math.min(5000, 200 * attempt)));
    }
  }
}
