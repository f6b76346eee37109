import type { Clock } from '../../clock';
import { danishToday } from '../../clock';
import { ConflictError, ForbiddenError, NotFoundError } from '../../errors';
import { shorten } from '../../platform/cards';
import { t } from '../../i18n';
import type { Actor } from '../access/actor';
import type { Role } from '../access/roles';
import { currentRound, type ApprovalItem } from '../approvals/model';
import type { ApprovalService, SubmitResult } from '../approvals/service';
import type { RiskAssessmentIntervals } from '../systems/criticality';
import type { RiskLevel } from '../risks/model';
import { contentHash, isHash, shortHash } from './canonical';
import type { AnnualAssessment } from './model';
import type { AssessmentSnapshot, SnapshotRepository } from './repository';
import { generateAssessment, type AssessmentReaders } from './sources';

/** The person acting, as the annual assessment needs to know them. */
export type AssessmentActor = Pick<Actor, 'userId' | 'name' | 'roles'>;

/**
 * Who may generate, open and download the overall risk assessment: the coordinator, who prepares it,
 * and the management group, who evaluate and approve it (P7, P10).
 */
export const mayReadAssessment = (roles: ReadonlySet<Role>): boolean =>
  roles.has('coordinator') || roles.has('management');

/** The assessment's settings: the acceptance threshold and the categories' assessment intervals. */
export interface AssessmentOptions {
  acceptanceAbove: RiskLevel;
  intervals: Partial<RiskAssessmentIntervals>;
}

/**
 * The annual overall risk assessment (P7): generated from the register, kept as a snapshot named by
 * its content hash, and put before the management group through the approval mechanism with that
 * hash, so the version decided on can be opened again exactly as it was.
 */
export class AnnualAssessmentService {
  constructor(
    private readonly readers: AssessmentReaders,
    private readonly snapshots: SnapshotRepository,
    private readonly approvals: Pick<ApprovalService, 'submit' | 'get'>,
    private readonly clock: Clock,
    private readonly options: AssessmentOptions,
  ) {}

  /** Generates the assessment from the register as it is now and keeps it (coordinator, management). */
  async generate(actor: AssessmentActor): Promise<AssessmentSnapshot> {
    this.requireReader(actor);
    const content = await generateAssessment(this.readers, {
      now: this.clock.now(),
      generatedBy: actor.name,
      acceptanceAbove: this.options.acceptanceAbove,
      intervals: this.options.intervals,
    });
    const snapshot = { hash: contentHash(content), content };
    await this.snapshots.put(snapshot);
    return snapshot;
  }

  /**
   * A kept version by its hash (coordinator, management). The content is hashed again: a stored
   * version that no longer matches its name is refused (ConflictError), never handed out as it.
   */
  async version(actor: AssessmentActor, hash: unknown): Promise<AssessmentSnapshot> {
    this.requireReader(actor);
    const found = isHash(hash) ? await this.snapshots.get(hash) : undefined;
    if (!found) throw new NotFoundError('assessment version');
    if (contentHash(found.content) !== found.hash) throw new ConflictError('assessment version');
    return found;
  }

  /** The hash of the version an approval item's round put before the group (coordinator, management). */
  async versionOf(actor: AssessmentActor, approvalId: unknown, round: unknown): Promise<string> {
    this.requireReader(actor);
    const item: ApprovalItem = await this.approvals.get(approvalId);
    const found = item.rounds.find((candidate) => candidate.round === Number(round)) ?? currentRound(item);
    if (item.kind !== 'annualRiskAssessment' || !found.contentHash) throw new NotFoundError('assessment version');
    return found.contentHash;
  }

  /**
   * Puts a kept version before the management group for the annual approval (coordinator only): the
   * approval item's round carries the content hash, so the audit chain records it with the decision.
   * A repeat of the same card (`draftId`) finds the item it made.
   */
  async submit(actor: Actor, hash: unknown, draftId: unknown): Promise<SubmitResult> {
    if (!actor.roles.has('coordinator')) throw new ForbiddenError('assessment submission');
    const { content, hash: verified } = await this.version(actor, hash);
    return this.approvals.submit(
      actor,
      'annualRiskAssessment',
      {
        title: t('da', 'annualAssessment.approval.submissionTitle', { year: content.year }),
        version: shortHash(verified),
        link: '',
        summary: shorten(summaryOf(content), 2000),
        material: false,
        contentHash: verified,
      },
      draftId,
    );
  }

  private requireReader(actor: AssessmentActor): void {
    if (!mayReadAssessment(actor.roles)) throw new ForbiddenError('overall risk assessment');
  }
}

/** The approval card's summary of a generated assessment, in Danish (the management channel's language). */
function summaryOf(content: AnnualAssessment): string {
  const overdue = content.systems.byCategory.reduce(
    (sum, line) => sum + line.statuses.overdue + line.statuses.never + line.statuses.majorChange,
    0,
  );
  return t('da', 'annualAssessment.approval.submissionSummary', {
    at: danishToday(new Date(content.generatedAt)).split('-').reverse().join('.'),
    total: content.risks.total,
    high: content.risks.residual.high + content.risks.residual.critical,
    systems: content.systems.total,
    overdue,
    incidents: content.incidents.total,
  });
}
