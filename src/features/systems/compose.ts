import type { Notifier } from '../../bot/notifier';
import type { Clock } from '../../clock';
import type { AppConfig } from '../../config';
import type { Logger } from '../../logger';
import type { ReadCounter } from '../../storage/read-counter';
import { TableScreeningRepository } from '../../storage/screening-repository';
import { TableSystemRepository } from '../../storage/system-repository';
import type { Tables } from '../../storage/tables';
import type { ConversationRepository } from '../access/conversations';
import { nextScreeningSweep, SCREENING_SWEEP, screeningSweepHandler } from '../dpia/reminder-job';
import { latestInRegister } from '../dpia/latest';
import type { AuditLog } from '../audit/audit-log';
import { auditedScreenings, auditedSystems } from '../audit/audited-repositories';
import { DpiaService } from '../dpia/service';
import type { Job } from '../../platform/scheduler/jobs';
import type { JobHandler } from '../../platform/scheduler/scheduler';
import { SystemService } from './service';

/** The system register and DPIA screening, composed on Table Storage (P4, P5, P8). */
export function composeSystems(deps: {
  tables: Tables;
  config: AppConfig;
  clock: Clock;
  conversations: ConversationRepository;
  notifier: Notifier;
  logger: Logger;
  readCounter?: ReadCounter;
  /** Where criticality confirmations and DPIA outcomes are recorded (P10); unrecorded without it. */
  audit?: AuditLog;
}): {
  systems: SystemService;
  dpia: DpiaService;
  jobHandlers: Record<string, JobHandler>;
  initialJobs(now: Date): Job[];
} {
  const { tables, clock } = deps;
  const systemRepo = new TableSystemRepository(
    tables.client('Systems'),
    tables.client('SystemIndex'),
    deps.readCounter,
    undefined,
    deps.config.riskAssessmentMonths,
  );
  const systems = new SystemService(deps.audit ? auditedSystems(systemRepo, deps.audit) : systemRepo, clock);
  const screenings = new TableScreeningRepository(
    tables.client('Screenings'),
    tables.client('ScreeningIndex'),
    deps.readCounter,
  );
  return {
    systems,
    dpia: new DpiaService(deps.audit ? auditedScreenings(screenings, deps.audit) : screenings, systems, clock),
    jobHandlers: {
      [SCREENING_SWEEP]: screeningSweepHandler({
        screenings,
        latestScreeningOf: latestInRegister(systemRepo),
        conversations: deps.conversations,
        notifier: deps.notifier,
        logger: deps.logger,
        reminderDays: deps.config.dpiaReminderDays,
      }),
    },
    initialJobs: (now) => [nextScreeningSweep(now)],
  };
}
