import { DateTime } from 'luxon';
import type { Actor } from '../../bot/actor';
import { ZONE, type Clock } from '../../clock';
import { ConflictError, ForbiddenError, NotFoundError, ValidationError } from '../../errors';
import type { ApprovalRepository } from '../approvals/repository';
import type { AuditLog } from '../audit/audit-log';
import type { IncidentRepository } from '../incidents/repository';
import { summarizeIncidents, type QuarterlyReview, type ReviewSummary } from './model';
import type { ReviewRepository } from './repository';

/**
 * Counts that other features provide once they exist (the system register, DPIA screening);
 * until then the review card says they are not tracked by the bot yet.
 */
export interface ReviewSources {
  systemsOverdue?(): Promise<number>;
  dpiasPending?(): Promise<number>;
}

const quarterId = /^\d{4}-Q[1-4]$/;

/** The quarterly risk review (P6): what is due, and the coordinator's record that it was done. */
export class ReviewService {
  constructor(
    private readonly reviews: ReviewRepository,
    private readonly incidents: IncidentRepository,
    private readonly approvals: ApprovalRepository,
    private readonly audit: AuditLog,
    private readonly clock: Clock,
    private readonly sources: ReviewSources = {},
  ) {}

  /**
   * What is due now.
   *
   * @remarks Counts every open incident from the open list's rows, which carry what is counted
   * (state, severity, measures not done, the breach decision): the reads grow with the open
   * incidents it reports, not with the log, and nothing beyond a page size is left out.
   */
  async summary(): Promise<ReviewSummary> {
    const today = DateTime.fromJSDate(this.clock.now(), { zone: ZONE }).toISODate() as string;
    const [open, approvals, systemsOverdue, dpiasPending] = await Promise.all([
      this.incidents.listOpen(),
      this.approvals.list(200),
      this.sources.systemsOverdue?.(),
      this.sources.dpiasPending?.(),
    ]);
    return {
      ...summarizeIncidents(open, today),
      pendingApprovals: approvals.filter((item) => item.state !== 'approved').length,
      systemsOverdue,
      dpiasPending,
    };
  }

  /** The review of a quarter, created when it first falls due. */
  ensure(id: string, dueAt: Date): Promise<QuarterlyReview> {
    return this.reviews.ensure({ id, dueAt: dueAt.toISOString() });
  }

  async get(id: unknown): Promise<QuarterlyReview> {
    const found = typeof id === 'string' && quarterId.test(id) ? await this.reviews.get(id) : undefined;
    if (!found) throw new NotFoundError('review');
    return found.review;
  }

  /**
   * Records that the review was held (coordinator only), once: a second record on an outdated card
   * changes nothing and the caller shows the review as it is.
   */
  async recordDone(
    actor: Actor,
    id: unknown,
    heldOn: string,
    notes: string,
  ): Promise<{ review: QuarterlyReview; result: 'recorded' | 'outdated' }> {
    if (!actor.roles.has('coordinator')) throw new ForbiddenError('quarterly review');
    const found = typeof id === 'string' && quarterId.test(id) ? await this.reviews.get(id) : undefined;
    if (!found) throw new NotFoundError('review');
    if (found.review.doneAt) return { review: found.review, result: 'outdated' };
    const today = DateTime.fromJSDate(this.clock.now(), { zone: ZONE }).toISODate() as string;
    const held = heldOn || today;
    if (!/^\d{4}-\d{2}-\d{2}$/.test(held) || !DateTime.fromISO(held).isValid || held > today)
      throw new ValidationError({ heldOn: 'reviews.errors.date' });
    const review: QuarterlyReview = {
      ...found.review,
      doneAt: this.clock.now().toISOString(),
      doneBy: actor.userId,
      doneByName: actor.name,
      heldOn: held,
      notes,
    };
    try {
      await this.reviews.update(review, found.etag);
    } catch (error) {
      if (error instanceof ConflictError)
        return { review: (await this.get(id)) as QuarterlyReview, result: 'outdated' };
      throw error;
    }
    await this.audit.append('reviews', {
      actor: actor.userId,
      actorName: actor.name,
      action: 'review.done',
      subject: review.id,
      details: { heldOn: held, notes },
    });
    return { review, result: 'recorded' };
  }
}
