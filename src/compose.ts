import { createAdapter, type ServiceClientCredentialsFactory } from './bot/adapter';
import { createBot } from './bot/app';
import { DeliveryGuard } from './bot/dedup';
import { TeamsNotifier } from './bot/notifier';
import { SendBudget } from './bot/send-budget';
import { SendPace, type SendPaceOptions } from './bot/send-pace';
import { danishToday, type Clock } from './clock';
import type { AppConfig } from './config';
import { createLogger, type Logger } from './logger';
import { registerEvidence, registerEvidenceOffer } from './features/evidence/handlers';
import { EvidenceService } from './features/evidence/service';
import { BlobEvidenceStore, evidenceContainer } from './storage/blob-evidence-store';
import { TableAttachTargets } from './storage/evidence-target-repository';
import type { Actor } from './features/access/actor';
import { CachedConversationRepository } from './features/access/channel-cache';
import type { ConversationRepository } from './features/access/conversations';
import { registerChannels } from './features/access/handlers';
import { RoleAdministration } from './features/access/role-admin';
import { CachedRoleRepository } from './features/access/role-cache';
import { registerRoles } from './features/access/role-handlers';
import type { RoleRepository } from './features/access/roles';
import { annualApprovalHandler, ANNUAL_APPROVAL, nextAnnualApprovalJob } from './features/approvals/annual-job';
import { registerApprovals } from './features/approvals/handlers';
import { ApprovalService } from './features/approvals/service';
import type { AuditLog } from './features/audit/audit-log';
import { auditedIncidents, auditedScreenings, auditedSystems } from './features/audit/audited-repositories';
import { latestInRegister, onlyLatest } from './features/dpia/latest';
import { nextScreeningSweep, SCREENING_SWEEP, screeningSweepHandler } from './features/dpia/reminder-job';
import { DpiaService } from './features/dpia/service';
import { registerHelp } from './features/help/handlers';
import { DpoBreachService } from './features/incidents/dpo-breach';
import { registerIncidents } from './features/incidents/handlers';
import {
  MEASURE_OWNER_REMINDERS,
  measureOwnerRemindersHandler,
  nextMeasureOwnerReminders,
} from './features/incidents/measure-reminder-job';
import { toUndelivered } from './features/incidents/undelivered';
import { auditedRisks } from './features/risks/audited';
import { acceptanceOutcome, systemDirectoryOf } from './features/risks/compose';
import { registerRisks } from './features/risks/handlers';
import { reviewRisks, reviewSnapshot } from './features/risks/review';
import { REVIEW_FITS } from './features/risks/review-card';
import { RiskService } from './features/risks/service';
import { RiskMeasureService } from './features/risks/measures';
import { incidentMeasures } from './features/incidents/measure-store';
import { registerMeasureOwners } from './features/measures/owner-handlers';
import type { MeasureStore } from './features/measures/parent';
import { registerAwareness } from './features/awareness/handlers';
import {
  AWARENESS_REMIND,
  AWARENESS_SEND,
  remindHandler,
  sendHandler,
  type AwarenessJobDeps,
} from './features/awareness/jobs';
import { groupOf } from './features/awareness/model';
import { AwarenessService } from './features/awareness/service';
import { teamsChatMember } from './bot/member-group';
import type { StoredConversation } from './platform/conversations';
import { TableAwarenessRepository } from './storage/awareness-repository';
import {
  MEASURES_DIGEST,
  measuresDigestHandler,
  nextMeasuresDigestJob,
} from './features/incidents/measures-digest-job';
import { NOTICE_RETRY, noticeRetryHandler } from './features/incidents/notice-job';
import { deadlineSweepHandler, DEADLINE_SWEEP, nextDeadlineSweep } from './features/incidents/reminder-job';
import { IncidentService } from './features/incidents/service';
import { nextRetentionJob, RETENTION_RUN, retentionRunHandler } from './features/retention/retention-job';
import { runRetention } from './features/retention/run';
import { registerReviews } from './features/reviews/handlers';
import {
  nextQuarterlyReviewJob,
  QUARTERLY_REVIEW,
  quarterlyReviewHandler,
  REVIEW_REMINDER,
  reviewReminderHandler,
} from './features/reviews/review-job';
import { ReviewService, type ReviewSources } from './features/reviews/service';
import { registerSystemRegister } from './features/systems/handlers';
import { SystemService } from './features/systems/service';
import type { Routes } from './features/turn';
import { registerViolations } from './features/violations/handlers';
import { ViolationService } from './features/violations/service';
import { HOUSEKEEPING, housekeepingHandler, nextHousekeepingJob } from './platform/housekeeping/sweep-job';
import type { Notifier } from './platform/notifier';
import type { Job } from './platform/scheduler/jobs';
import { Scheduler, type JobHandler } from './platform/scheduler/scheduler';
import { TableApprovalRepository } from './storage/approval-repository';
import { TableAuditLog } from './storage/audit-repository';
import { TableConversationRepository } from './storage/conversation-repository';
import { TableDeliveryLog } from './storage/delivery-log';
import { TableExportRepository } from './storage/export-repository';
import { TableImportSessionRepository } from './storage/import-session-repository';
import { RegisterImportService } from './features/systems/transfer/import-service';
import { registerRegisterTransfer } from './features/systems/transfer/handlers';
import { systemsView } from './features/systems/transfer/cards';
import { registerTable } from './features/systems/transfer/export-table';
import { RiskImportService } from './features/risks/transfer/import-service';
import { registerRiskTransfer, riskRegisterTransfer } from './features/risks/transfer/handlers';
import type { TransferRegister } from './features/transfer/download';
import type { ImportKind } from './features/transfer/session';
import { TableIncidentRepository } from './storage/incident-repository';
import { TableJobRepository } from './storage/job-repository';
import { TableLiveSenders } from './storage/live-senders';
import { incidentListFilterColumns } from './storage/migrations/incident-list-filter-columns';
import { incidentReporterLists } from './storage/migrations/incident-reporter-lists';
import type { Migration } from './storage/migrations/runner';
import { systemListLayout } from './storage/migrations/system-list-layout';
import { riskReviewLists } from './storage/migrations/risk-review-lists';
import type { ReadCounter } from './storage/read-counter';
import { TableRiskRepository } from './storage/risk-repository';
import { TableSnapshotRepository } from './storage/assessment-snapshot-repository';
import { AnnualAssessmentService } from './features/annual-assessment/service';
import { registerAnnualAssessment } from './features/annual-assessment/handlers';
import { TableRetentionStore } from './storage/retention-store';
import { TableReviewRepository } from './storage/review-repository';
import { TableRoleRepository } from './storage/role-repository';
import { TableScreeningRepository } from './storage/screening-repository';
import { TableSystemRepository } from './storage/system-repository';
import type { Tables } from './storage/tables';
import { TableViolationRepository } from './storage/violation-repository';

/**
 * The composition root: every repository, service, job and feature registration of the bot, in
 * one place. Features know only interfaces; `src/bot/` knows no feature; this file is where they
 * meet. `start.ts` runs what is built here (tables, first jobs, the server).
 */

/** Every Table Storage repository the bot uses. */
export function composeRepositories(tables: Tables, config: AppConfig, clock: Clock, readCounter?: ReadCounter) {
  const incidents = new TableIncidentRepository(
    tables.client('Incidents'),
    tables.client('IncidentIndex'),
    readCounter,
  );
  const systems = new TableSystemRepository(
    tables.client('Systems'),
    tables.client('SystemIndex'),
    readCounter,
    undefined,
    config.riskAssessmentMonths,
  );
  const screenings = new TableScreeningRepository(
    tables.client('Screenings'),
    tables.client('ScreeningIndex'),
    readCounter,
  );
  const roles: RoleRepository = new CachedRoleRepository(new TableRoleRepository(tables.client('Roles')));
  const conversationTable = new TableConversationRepository(tables.client('Conversations'), tables.client('Channels'));
  const conversations: ConversationRepository = new CachedConversationRepository(conversationTable);
  return {
    roles,
    conversations,
    /** Every personal chat with the bot (P12: everyone it knows), read past the cache. */
    personalChats: () => conversationTable.personalChats(),
    awareness: new TableAwarenessRepository(tables.client('Awareness')),
    jobs: new TableJobRepository(tables.client('Jobs')),
    risks: new TableRiskRepository(tables.client('Risks'), readCounter),
    assessmentSnapshots: new TableSnapshotRepository(tables.client('Risks')),
    incidents,
    exports: new TableExportRepository(tables.client('Exports')),
    importSessions: new TableImportSessionRepository(tables.client('Imports')),
    deliveryLog: new TableDeliveryLog(tables.client('Idempotency'), clock),
    liveSenders: new TableLiveSenders(tables.client('Senders')),
    audit: new TableAuditLog(tables.client('Audit'), clock),
    approvals: new TableApprovalRepository(tables.client('Reviews')),
    reviews: new TableReviewRepository(tables.client('Reviews')),
    systems,
    screenings,
    violations: new TableViolationRepository(tables.client('Violations')),
    /** Evidence files' bytes (#20): a private Blob Storage container. */
    evidenceFiles: new BlobEvidenceStore(
      evidenceContainer({ ...config.evidence.blob, container: config.evidence.container }),
    ),
    attachTargets: new TableAttachTargets(tables.client('Evidence')),
  };
}

export type Repositories = ReturnType<typeof composeRepositories>;

/**
 * The storage migrations, in order: each runs once, at start, before the server listens
 * (`storage/migrations/runner.ts`). A new layout adds one here; none is ever removed from the list
 * while a deployment may still hold rows it moves.
 */
export function storageMigrations(
  tables: Tables,
  repos: Pick<Repositories, 'incidents' | 'systems' | 'risks'>,
): Migration[] {
  return [
    incidentReporterLists(
      tables.client('IncidentIndex'),
      async (year, seq) => (await repos.incidents.get(year, seq))?.incident,
    ),
    systemListLayout(tables.client('SystemIndex'), async (id) => (await repos.systems.get(id))?.system),
    incidentListFilterColumns(tables.client('IncidentIndex')),
    riskReviewLists(
      tables.client('Risks'),
      async (id) => (await repos.risks.get(id))?.risk,
      () => repos.risks.rebuildHeatMap(),
    ),
  ];
}

/**
 * The retention run over the bot's tables, as the weekly job and `npm run retention` both run it.
 *
 * @remarks `incidents`: the bot's own repository, so that its cached incident views forget what the
 * run changes (the script passes none).
 */
export function composeRetention(deps: {
  tables: Tables;
  config: AppConfig;
  clock: Clock;
  audit: AuditLog;
  incidents?: TableIncidentRepository;
}) {
  const { tables, config, clock, audit } = deps;
  const evidence = new BlobEvidenceStore(
    evidenceContainer({ ...config.evidence.blob, container: config.evidence.container }),
  );
  const incidents = tables.client('Incidents');
  const screenings = tables.client('Screenings');
  const store = new TableRetentionStore(
    incidents,
    deps.incidents ?? new TableIncidentRepository(incidents, tables.client('IncidentIndex')),
    screenings,
    new TableScreeningRepository(screenings, tables.client('ScreeningIndex')),
    tables.client('Jobs'),
    new TableViolationRepository(tables.client('Violations')),
  );
  return (dryRun: boolean) => runRetention({ store, audit, clock, periods: config.retention, dryRun, evidence });
}

/** How many undelivered notices the review reads and lists. */
const UNDELIVERED_SHOWN = 30;

/** What the quarterly review counts from the system register and DPIA screening (P4, P5, P6). */
export function reviewSources(
  repos: Pick<Repositories, 'systems' | 'screenings' | 'jobs' | 'risks'>,
  clock: Clock,
): ReviewSources {
  return {
    // The risk register's part, compared with the levels the last review recorded (P6).
    risks: async (last) => {
      const today = danishToday(clock.now());
      return reviewRisks(await repos.risks.review(today, last?.since, REVIEW_FITS[0].lines), today, last);
    },
    riskSnapshot: async () => reviewSnapshot(await repos.risks.listAll()),
    systemsOverdue: async () => (await repos.systems.listDueBy(clock.now(), undefined, 1000)).length,
    // A replaced screening's DPIA can no longer be recorded done: it is not pending.
    dpiasPending: async () =>
      (await onlyLatest(await repos.screenings.listDpiaOpen(1000), latestInRegister(repos.systems))).length,
    // The delivery log: what scheduled jobs and person notices could not deliver (#15 item 2).
    undelivered: async (from) => (await repos.jobs.undeliveredSince(from, UNDELIVERED_SHOWN)).map(toUndelivered),
  };
}

/** The domain services on the repositories; decisions go into the audit log (P10). */
export function composeServices(
  repos: Repositories,
  config: AppConfig,
  clock: Clock,
  sources?: ReviewSources,
  logger: Logger = createLogger('silent'),
) {
  // Breach decisions, DPIA outcomes and criticality confirmations go into the audit log (P10).
  const incidentStore = auditedIncidents(repos.incidents, repos.audit);
  const systems = new SystemService(auditedSystems(repos.systems, repos.audit), clock);
  const riskStore = auditedRisks(repos.risks, repos.audit);
  const approvals: ApprovalService = new ApprovalService(
    repos.approvals,
    repos.audit,
    clock,
    config.reviews.requiredApprovals,
    {
      allowSelfDecision: config.reviews.allowSelfDecision,
      // A risk acceptance is recorded on its risk when the management group decides it (#19).
      onClosed: (item) => risks.recordAcceptanceDecision(item),
    },
  );
  const risks: RiskService = new RiskService(riskStore, systemDirectoryOf(repos.systems), clock, {
    above: config.risks.acceptanceAbove,
    months: config.risks.acceptanceMonths,
    outcome: (approvalId) => acceptanceOutcome(approvals, approvalId),
  });
  return {
    incidents: new IncidentService(incidentStore, clock),
    dpoBreaches: new DpoBreachService(incidentStore, clock),
    systems,
    dpia: new DpiaService(auditedScreenings(repos.screenings, repos.audit), systems, clock),
    approvals,
    reviews: new ReviewService(
      repos.reviews,
      repos.incidents,
      repos.approvals,
      repos.audit,
      clock,
      sources ?? reviewSources(repos, clock),
    ),
    violations: new ViolationService(repos.violations, repos.audit, clock),
    registerImport: new RegisterImportService(repos.systems, repos.importSessions, repos.audit, clock),
    roleAdmin: new RoleAdministration(repos.roles, repos.audit),
    awareness: new AwarenessService(repos.awareness, approvals, clock, config.awarenessReminderDays),
    risks,
    annualAssessments: new AnnualAssessmentService(
      { risks: repos.risks, systems: repos.systems, incidents: repos.incidents, screenings: repos.screenings },
      repos.assessmentSnapshots,
      approvals,
      clock,
      { acceptanceAbove: config.risks.acceptanceAbove, intervals: config.riskAssessmentMonths },
    ),
    riskMeasures: new RiskMeasureService(riskStore, risks, clock),
    // #19: risks from a file, written through the register's rules (history, audit chain).
    riskImport: new RiskImportService(
      repos.risks,
      risks,
      systemDirectoryOf(repos.systems),
      repos.importSessions,
      repos.audit,
      clock,
    ),
    evidence: new EvidenceService({
      incidents: incidentStore,
      store: repos.evidenceFiles,
      audit: repos.audit,
      clock,
      policy: { maxBytes: config.evidence.maxBytes, allowed: config.evidence.allowedTypes },
      logger,
    }),
  };
}

/** Where remedial measures are kept, for their owners and the morning run: incidents' and risks' (#19, #20). */
function measureStores(
  repos: Pick<Repositories, 'incidents'>,
  services: Pick<Services, 'incidents' | 'riskMeasures'>,
): { incident: MeasureStore; risk: MeasureStore } {
  return {
    incident: incidentMeasures(services.incidents, repos.incidents),
    risk: services.riskMeasures.store(),
  };
}

export type Services = ReturnType<typeof composeServices>;

/** The registers that export and import files, for their download links (P4, #19). */
export function transferRegisters(
  repos: Pick<Repositories, 'risks' | 'systems'>,
  services: Pick<Services, 'registerImport' | 'riskImport'>,
): Record<ImportKind, TransferRegister> {
  return {
    systems: {
      view: systemsView,
      table: async (locale) => registerTable(await services.registerImport.registerSystems(), locale),
      imports: services.registerImport,
    },
    risks: riskRegisterTransfer(repos.risks, systemDirectoryOf(repos.systems), services.riskImport),
  };
}

/** What the scheduled jobs and the feature handlers are given. */
export interface Wiring {
  tables: Tables;
  config: AppConfig;
  clock: Clock;
  logger: Logger;
  repos: Repositories;
  services: Services;
  notifier: Notifier;
  publicBaseUrl: () => string;
  /** The person of a personal chat as Teams has them: sign-in name (a guest's carries `#EXT#`) and name. */
  chatMember: (chat: StoredConversation) => Promise<{ userPrincipalName?: string; name?: string }>;
}

/** Every feature's routes, in the order they are registered (help first: its install greeting runs first). */
export function featureRegistrations(w: Wiring): Array<(routes: Routes) => void> {
  const { config, clock, logger, repos, services, notifier } = w;
  const common = { config, clock, logger, notifier, roles: repos.roles, conversations: repos.conversations };
  return [
    (routes) => registerHelp(routes, config.links.policy, logger),
    (routes) =>
      registerIncidents(routes, {
        ...common,
        incidents: services.incidents,
        dpoBreaches: services.dpoBreaches,
        systems: services.systems,
        exports: repos.exports,
        publicBaseUrl: w.publicBaseUrl,
        jobs: repos.jobs,
      }),
    (routes) => registerMeasureOwners(routes, { clock, stores: measureStores(repos, services) }),
    (routes) =>
      registerEvidence(routes, {
        evidence: services.evidence,
        incidents: services.incidents,
        targets: repos.attachTargets,
        exports: repos.exports,
        policy: { maxBytes: config.evidence.maxBytes, allowed: config.evidence.allowedTypes },
        clock,
        logger,
        publicBaseUrl: w.publicBaseUrl,
      }),
    (routes) => registerChannels(routes, { ...common, audit: repos.audit }),
    (routes) => registerRoles(routes, { ...common, roleAdmin: services.roleAdmin }),
    (routes) => registerApprovals(routes, { ...common, approvals: services.approvals }),
    (routes) => registerReviews(routes, { ...common, reviews: services.reviews }),
    (routes) =>
      registerSystemRegister(routes, { ...common, systems: services.systems, dpia: services.dpia, audit: repos.audit }),
    (routes) =>
      registerRegisterTransfer(routes, {
        ...common,
        imports: services.registerImport,
        exports: repos.exports,
        publicBaseUrl: w.publicBaseUrl,
      }),
    (routes) =>
      registerRiskTransfer(routes, {
        ...common,
        riskImports: services.riskImport,
        riskRepo: repos.risks,
        exports: repos.exports,
        publicBaseUrl: w.publicBaseUrl,
      }),
    (routes) => registerViolations(routes, { ...common, violations: services.violations }),
    (routes) =>
      registerRisks(routes, {
        ...common,
        risks: services.risks,
        riskMeasures: services.riskMeasures,
        approvals: services.approvals,
        incidents: services.incidents,
        systems: services.systems,
        jobs: repos.jobs,
      }),
    (routes) =>
      registerAnnualAssessment(routes, {
        ...common,
        approvals: services.approvals,
        annualAssessments: services.annualAssessments,
        exports: repos.exports,
        publicBaseUrl: w.publicBaseUrl,
      }),
    (routes) =>
      registerAwareness(routes, {
        ...common,
        awareness: services.awareness,
        jobs: repos.jobs,
        exports: repos.exports,
        publicBaseUrl: w.publicBaseUrl,
      }),
    // Last of the file takers: a file nobody took is offered to the sender's open incidents.
    (routes) => registerEvidenceOffer(routes, { incidents: services.incidents }),
  ];
}

/** Every scheduled job's handler, by job type. */
export function jobHandlers(w: Wiring): Record<string, JobHandler> {
  const { config, logger, repos, services, notifier } = w;
  const { roles, conversations } = repos;
  const incidentJobs = { incidents: repos.incidents, conversations, roles, notifier, logger };
  const time = { hour: config.reviews.hour, minute: config.reviews.minute };
  const reviewSchedule = { ...time, reminderDays: config.reviews.reminderDays };
  const annualSchedule = { ...time, month: config.reviews.annualApprovalMonth };
  const governance = { ...incidentJobs, reviews: services.reviews, approvals: services.approvals };
  const retention = composeRetention({ ...w, audit: repos.audit, incidents: repos.incidents });
  const awarenessJobs: AwarenessJobDeps = {
    awareness: services.awareness,
    personalChats: repos.personalChats,
    personOf: async (chat) => {
      const member = await w.chatMember(chat);
      return { group: groupOf(member.userPrincipalName), name: member.name };
    },
    notifier,
    logger,
  };
  return {
    [DEADLINE_SWEEP]: deadlineSweepHandler(incidentJobs),
    [NOTICE_RETRY]: noticeRetryHandler(incidentJobs),
    [MEASURES_DIGEST]: measuresDigestHandler({ ...incidentJobs, riskMeasures: () => repos.risks.openMeasures() }),
    [MEASURE_OWNER_REMINDERS]: measureOwnerRemindersHandler({
      stores: Object.values(measureStores(repos, services)),
      conversations,
      notifier,
      logger,
    }),
    [QUARTERLY_REVIEW]: quarterlyReviewHandler({ ...governance, schedule: reviewSchedule }),
    [REVIEW_REMINDER]: reviewReminderHandler({ ...governance, schedule: reviewSchedule }),
    [ANNUAL_APPROVAL]: annualApprovalHandler({ ...governance, schedule: annualSchedule }),
    [SCREENING_SWEEP]: screeningSweepHandler({
      screenings: repos.screenings,
      latestScreeningOf: latestInRegister(repos.systems),
      conversations,
      notifier,
      logger,
      reminderDays: config.dpiaReminderDays,
    }),
    [RETENTION_RUN]: retentionRunHandler({ automatic: config.retention.automatic, run: () => retention(false) }),
    [HOUSEKEEPING]: housekeepingHandler({
      deliveries: repos.deliveryLog,
      exports: repos.exports,
      imports: repos.importSessions,
    }),
    [AWARENESS_SEND]: sendHandler(awarenessJobs),
    [AWARENESS_REMIND]: remindHandler({ ...awarenessJobs, personalChatOf: (id) => conversations.personalChatOf(id) }),
  };
}

/** The first job of each kind, scheduled at every start (deterministic ids: a no-op when they exist). */
export function initialJobs(config: AppConfig, now: Date): Job[] {
  const time = { hour: config.reviews.hour, minute: config.reviews.minute };
  return [
    nextDeadlineSweep(now),
    nextQuarterlyReviewJob(now, { ...time, reminderDays: config.reviews.reminderDays }),
    nextAnnualApprovalJob(now, { ...time, month: config.reviews.annualApprovalMonth }),
    nextScreeningSweep(now),
    ...(config.retention.automatic ? [nextRetentionJob(now)] : []),
    nextHousekeepingJob(now),
    nextMeasuresDigestJob(now),
    nextMeasureOwnerReminders(now),
  ];
}

/** Optional parts a test or benchmark replaces. */
export interface ComposeOptions {
  credentialsFactory?: ServiceClientCredentialsFactory;
  /** Counts entities read from storage (benchmarks). */
  readCounter?: ReadCounter;
  /** Teams' send limits as this instance keeps them; default Teams' own (tests slow them to watch the queue). */
  sendPace?: SendPaceOptions;
}

/**
 * Builds the whole bot on its tables: repositories, services, the Teams adapter and notifier, every
 * feature's routes and every scheduled job. Nothing runs yet (see `start.ts`).
 */
export function compose(
  tables: Tables,
  config: AppConfig,
  clock: Clock,
  logger: Logger,
  publicBaseUrl: () => string,
  options: ComposeOptions = {},
) {
  const repos = composeRepositories(tables, config, clock, options.readCounter);
  const services = composeServices(repos, config, clock, undefined, logger);
  const adapter = createAdapter(config.auth, options.credentialsFactory);
  const sendBudget = new SendBudget({
    senders: repos.liveSenders,
    logger,
    ...(options.sendPace ? { pace: new SendPace(options.sendPace) } : {}),
  });
  const notifier = new TeamsNotifier(adapter, config.auth.appId, repos.conversations, clock, logger, {
    gate: sendBudget,
  });
  const chatMember = teamsChatMember(adapter, config.auth.appId, logger);
  const wiring: Wiring = { tables, config, clock, logger, repos, services, notifier, publicBaseUrl, chatMember };
  const bot = createBot<Actor>({
    config,
    logger,
    adapter,
    conversations: repos.conversations,
    actorOf: async (identity) => ({ ...identity, roles: await repos.roles.rolesOf(identity.userId) }),
    features: featureRegistrations(wiring),
    deliveries: new DeliveryGuard(repos.deliveryLog, clock),
  });
  const scheduler = new Scheduler(repos.jobs, clock, logger, jobHandlers(wiring));
  return {
    repos,
    services,
    adapter,
    sendBudget,
    notifier,
    bot,
    scheduler,
    migrations: storageMigrations(tables, repos),
  };
}
