import type { Logger } from '../../logger';
import type { JobRepository } from '../../platform/scheduler/jobs';
import type { RoleRepository } from '../access/roles';
import type { PostingDeps } from '../approvals/posting';
import type { IncidentService } from '../incidents/service';
import type { SystemService } from '../systems/service';
import type { RiskMeasureService } from './measures';
import type { RiskService } from './service';

/** What the risk register's handlers need (the approval mechanism, to put a residual risk up for acceptance). */
export interface RiskDeps extends PostingDeps {
  risks: RiskService;
  /** The treatment's remedial measures (#19, #20). */
  riskMeasures: RiskMeasureService;
  roles: RoleRepository;
  /** The incident log, to check that an incident linked to a risk exists (read only). */
  incidents: Pick<IncidentService, 'get'>;
  /** The system register, where assessing a system's risk records that its risks were assessed (P4, P8). */
  systems: Pick<SystemService, 'get' | 'recordRiskAssessment'>;
  logger: Logger;
  /** The delivery log: a measure that did not reach its owner is listed in the quarterly review. */
  jobs?: Partial<Pick<JobRepository, 'markDelivered'>>;
}
