import type { Clock } from '../../clock';
import type { AppConfig } from '../../config';
import { TableIncidentRepository } from '../../storage/incident-repository';
import { TableRetentionStore } from '../../storage/retention-store';
import { TableScreeningRepository } from '../../storage/screening-repository';
import type { Tables } from '../../storage/tables';
import { TableViolationRepository } from '../../storage/violation-repository';
import type { AuditLog } from '../audit/audit-log';
import type { Job } from '../../platform/scheduler/jobs';
import type { JobHandler } from '../../platform/scheduler/scheduler';
import { nextRetentionJob, RETENTION_RUN, retentionRunHandler } from './retention-job';
import { runRetention } from './run';

/**
 * The retention run over the bot's tables, as the weekly job and `npm run retention` both run it,
 * with its job handler and first job (none while `RETENTION_AUTOMATIC` is off).
 */
export function composeRetention(deps: {
  tables: Tables;
  config: AppConfig;
  clock: Clock;
  audit: AuditLog;
  /** The bot's own repository, so that its cached incident views forget what the run changes. */
  incidents?: TableIncidentRepository;
}) {
  const { tables, config, clock, audit } = deps;
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
  const run = (dryRun: boolean) => runRetention({ store, audit, clock, periods: config.retention, dryRun });
  const automatic = config.retention.automatic;
  const jobHandlers: Record<string, JobHandler> = {
    [RETENTION_RUN]: retentionRunHandler({ automatic, run: () => run(false) }),
  };
  const initialJobs = (now: Date): Job[] => (automatic ? [nextRetentionJob(now)] : []);
  return { run, jobHandlers, initialJobs };
}
