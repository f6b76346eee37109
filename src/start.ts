import type { AddressInfo } from 'node:net';
import type { ServiceClientCredentialsFactory } from 'botframework-connector';
import { createAdapter } from './bot/adapter';
import { createBot, type Bot } from './bot/app';
import { DeliveryGuard } from './bot/dedup';
import { TableDeliveryLog } from './storage/delivery-log';
import { CachedConversationRepository } from './features/access/channel-cache';
import type { ConversationRepository } from './features/access/conversations';
import { CachedRoleRepository } from './features/access/role-cache';
import { auditedIncidents } from './features/audit/audited-repositories';
import { systemClock, type Clock } from './clock';
import type { AppConfig } from './config';
import { grantConfiguredCoordinators, grantDemoRoster, readDemoRoster } from './features/access/bootstrap';
import { TeamsNotifier } from './bot/notifier';
import { SendBudget } from './bot/send-budget';
import { HOUSEKEEPING, housekeepingHandler, nextHousekeepingJob } from './features/housekeeping/sweep-job';
import { DpoBreachService } from './features/incidents/dpo-breach';
import { downloadExport } from './features/incidents/export-download';
import {
  MEASURES_DIGEST,
  measuresDigestHandler,
  nextMeasuresDigestJob,
} from './features/incidents/measures-digest-job';
import { NOTICE_RETRY, noticeRetryHandler } from './features/incidents/notice-job';
import { deadlineSweepHandler, DEADLINE_SWEEP, nextDeadlineSweep } from './features/incidents/reminder-job';
import { IncidentService } from './features/incidents/service';
import { composeReviews } from './features/reviews/compose';
import { composeRetention } from './features/retention/compose';
import { Scheduler } from './features/scheduler/scheduler';
import { composeSystems } from './features/systems/compose';
import { createLogger, type Logger } from './logger';
import { TableExportRepository } from './storage/export-repository';
import { TableIncidentRepository } from './storage/incident-repository';
import { TableJobRepository } from './storage/job-repository';
import { TableLiveSenders } from './storage/live-senders';
import type { ReadCounter } from './storage/read-counter';
import { createServer } from './server';
import { TableConversationRepository } from './storage/conversation-repository';
import { TableRoleRepository } from './storage/role-repository';
import { TableViolationRepository } from './storage/violation-repository';
import { ViolationService } from './features/violations/service';
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
}

/** A running bot. */
export interface RunningBot {
  url: string;
  port: number;
  bot: Bot;
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
 * @remarks Tables are created, first jobs scheduled and roles bootstrapped before the server
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
  const roles = new CachedRoleRepository(new TableRoleRepository(tables.client('Roles')));
  const conversations = new CachedConversationRepository(
    new TableConversationRepository(tables.client('Conversations'), tables.client('Channels')),
  );
  const adapter = createAdapter(config.auth, options.credentialsFactory);
  const jobs = new TableJobRepository(tables.client('Jobs'));
  const incidentRepo = new TableIncidentRepository(
    tables.client('Incidents'),
    tables.client('IncidentIndex'),
    options.readCounter,
  );
  const exports = new TableExportRepository(tables.client('Exports'));
  const deliveryLog = new TableDeliveryLog(tables.client('Idempotency'), clock);
  const sendBudget = new SendBudget({ senders: new TableLiveSenders(tables.client('Senders')), logger });
  const notifier = new TeamsNotifier(adapter, config.auth.appId, conversations, clock, logger, { gate: sendBudget });
  let listening = `http://${config.host}:${config.port}`;
  const publicBaseUrl = (): string => config.publicBaseUrl ?? listening;
  const governance = composeReviews({
    tables,
    config,
    clock,
    incidents: incidentRepo,
    roles,
    conversations,
    notifier,
    logger,
  });
  // Breach decisions, DPIA outcomes and criticality confirmations go into the audit log (P10).
  const incidentStore = auditedIncidents(incidentRepo, governance.audit);
  const incidents = new IncidentService(incidentStore, clock);
  const dpoBreaches = new DpoBreachService(incidentStore, clock);
  const register = composeSystems({
    tables,
    config,
    clock,
    audit: governance.audit,
    conversations,
    notifier,
    logger,
    readCounter: options.readCounter,
  });
  const bot = createBot({
    config,
    logger,
    clock,
    adapter,
    roles,
    conversations,
    incidents,
    dpoBreaches,
    exports,
    notifier,
    publicBaseUrl,
    systems: register.systems,
    dpia: register.dpia,
    deliveries: new DeliveryGuard(deliveryLog, clock),
    audit: governance.audit,
    approvals: governance.approvals,
    reviews: governance.reviews,
    violations: new ViolationService(
      new TableViolationRepository(tables.client('Violations')),
      governance.audit,
      clock,
    ),
    jobs,
  });

  const retention = composeRetention({ tables, config, clock, audit: governance.audit, incidents: incidentRepo });
  const scheduler = new Scheduler(jobs, clock, logger, {
    [DEADLINE_SWEEP]: deadlineSweepHandler({ incidents: incidentRepo, conversations, roles, notifier, logger }),
    [NOTICE_RETRY]: noticeRetryHandler({ incidents: incidentRepo, conversations, roles, notifier, logger }),
    [MEASURES_DIGEST]: measuresDigestHandler({ incidents: incidentRepo, conversations, roles, notifier, logger }),
    ...governance.jobHandlers,
    ...register.jobHandlers,
    ...retention.jobHandlers,
    [HOUSEKEEPING]: housekeepingHandler({ deliveries: deliveryLog, exports }),
  });
  const prepare = async (): Promise<void> => {
    await tables.ensureAll();
    const now = clock.now();
    const initialJobs = [
      nextDeadlineSweep(now),
      ...governance.initialJobs(now),
      ...register.initialJobs(now),
      ...retention.initialJobs(now),
      nextHousekeepingJob(now),
      nextMeasuresDigestJob(now),
    ];
    // Independent writes to different rows and tables: one round trip of waiting, not one each.
    await allSettledOrThrow([
      ...initialJobs.map((job) => jobs.schedule(job)),
      grantConfiguredCoordinators(roles, config.bootstrapCoordinators, governance.audit),
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
    (token, acceptLanguage) => downloadExport(token, { exports, roles, incidents, dpoBreaches, clock }, acceptLanguage),
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

/** Waits for every promise to settle (so a retry never overlaps a write still in flight), then fails with the first error. */
async function allSettledOrThrow(work: Promise<unknown>[]): Promise<void> {
  const failed = (await Promise.allSettled(work)).find((result) => result.status === 'rejected');
  if (failed) throw failed.reason;
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
