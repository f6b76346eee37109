import type { AppConfig } from '../../config';
import type { Logger } from '../../logger';
import type { Notifier } from '../../bot/notifier';
import { TableApprovalRepository } from '../../storage/approval-repository';
import { TableAuditLog } from '../../storage/audit-repository';
import { TableReviewRepository } from '../../storage/review-repository';
import { TableRiskRepository } from '../../storage/risk-repository';
import { danishToday, type Clock } from '../../clock';
import { reviewRisks, reviewSnapshot } from '../risks/review';
import { TableScreeningRepository } from '../../storage/screening-repository';
import { TableSystemRepository } from '../../storage/system-repository';
import type { Tables } from '../../storage/tables';
import type { ConversationRepository } from '../access/conversations';
import type { RoleRepository } from '../access/roles';
import { annualApprovalHandler, ANNUAL_APPROVAL, nextAnnualApprovalJob } from '../approvals/annual-job';
import { ApprovalService } from '../approvals/service';
import { latestInRegister, onlyLatest } from '../dpia/latest';
import type { IncidentRepository } from '../incidents/repository';
import type { Job } from '../scheduler/jobs';
import type { JobHandler } from '../scheduler/scheduler';
import {
  nextQuarterlyReviewJob,
  QUARTERLY_REVIEW,
  quarterlyReviewHandler,
  REVIEW_REMINDER,
  reviewReminderHandler,
} from './review-job';
import { ReviewService, type ReviewSources } from './service';

/** The audit log, approvals and quarterly reviews, with their scheduled jobs, built from storage and config. */
export function composeReviews(deps: {
  tables: Tables;
  config: AppConfig;
  clock: Clock;
  incidents: IncidentRepository;
  roles: RoleRepository;
  conversations: ConversationRepository;
  notifier: Notifier;
  logger: Logger;
  sources?: ReviewSources;
}) {
  const { config, clock } = deps;
  const audit = new TableAuditLog(deps.tables.client('Audit'), clock);
  const approvalRepo = new TableApprovalRepository(deps.tables.client('Reviews'));
  const approvals = new ApprovalService(approvalRepo, audit, clock, config.reviews.requiredApprovals, {
    allowSelfDecision: config.reviews.allowSelfDecision,
  });
  const reviews = new ReviewService(
    new TableReviewRepository(deps.tables.client('Reviews')),
    deps.incidents,
    approvalRepo,
    audit,
    clock,
    deps.sources ?? registerSources(deps.tables, clock, config),
  );
  const time = { hour: config.reviews.hour, minute: config.reviews.minute };
  const reviewSchedule = { ...time, reminderDays: config.reviews.reminderDays };
  const annualSchedule = { ...time, month: config.reviews.annualApprovalMonth };
  const jobDeps = { ...deps, reviews, approvals };
  const jobHandlers: Record<string, JobHandler> = {
    [QUARTERLY_REVIEW]: quarterlyReviewHandler({ ...jobDeps, schedule: reviewSchedule }),
    [REVIEW_REMINDER]: reviewReminderHandler({ ...jobDeps, schedule: reviewSchedule }),
    [ANNUAL_APPROVAL]: annualApprovalHandler({ ...jobDeps, schedule: annualSchedule }),
  };
  /** The first jobs, scheduled at every start (deterministic ids: a no-op when they exist). */
  const initialJobs = (now: Date): Job[] => [
    nextQuarterlyReviewJob(now, reviewSchedule),
    nextAnnualApprovalJob(now, annualSchedule),
  ];
  return { audit, approvals, reviews, jobHandlers, initialJobs };
}

/** What the quarterly review counts from the system register and DPIA screening (P4, P5, P6). */
function registerSources(tables: Tables, clock: Clock, config: AppConfig): ReviewSources {
  const systems = new TableSystemRepository(
    tables.client('Systems'),
    tables.client('SystemIndex'),
    undefined,
    undefined,
    config.riskAssessmentMonths,
  );
  const screenings = new TableScreeningRepository(tables.client('Screenings'), tables.client('ScreeningIndex'));
  const risks = new TableRiskRepository(tables.client('Risks'));
  return {
    risks: async (baseline) => reviewRisks(await risks.listAll(), danishToday(clock.now()), baseline),
    riskSnapshot: async () => reviewSnapshot(await risks.listAll()),
    systemsOverdue: async () => (await systems.listDueBy(clock.now(), undefined, 1000)).length,
    // A replaced screening's DPIA can no longer be recorded done: it is not pending.
    dpiasPending: async () => (await onlyLatest(await screenings.listDpiaOpen(1000), latestInRegister(systems))).length,
  };
}
