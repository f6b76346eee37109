import { DateTime } from 'luxon';
import { danishToday, ZONE, type Clock } from '../../clock';
import { ConflictError, ForbiddenError, NotFoundError, ValidationError } from '../../errors';
import type { ApprovalRepository } from '../approvals/repository';
import type { AuditLog } from '../audit/audit-log';
import type { KeyedEvent } from '../audit/chain';
import type { IncidentRepository } from '../incidents/repository';
import { isOpen } from '../incidents/model';
import type { LastReview, RiskReviewSummary } from '../risks/review';
import {
  overdueNotifications,
  previousQuarter,
  quarterOf,
  summarizeIncidents,
  type QuarterlyReview,
  type ReviewSummary,
} from './model';
import type { ReviewRepository } from './repository';
import type { Actor } from '../access/actor';
import type { UndeliveredNotice } from '../incidents/undelivered';

/**
 * Counts that other features provide once they exist (the system register, DPIA screening);
 * until then the review card says they are not tracked by the bot yet.
 */
export interface ReviewSources {
  systemsOverdue?(): Promise<number>;
  dpiasPending?(): Promise<number>;
  /** Notices the bot could not deliver since `from` (the delivery log, #15 item 2). */
  undelivered?(from: Date): Promise<UndeliveredNotice[]>;
  /** The risk register's part of the review, compared with the last review held and the levels it recorded (P6). */
  risks?(last: LastReview | undefined): Promise<RiskReviewSummary>;
  /** Every risk's levels now: recorded with a review held, as the risks it reviewed. */
  riskSnapshot?(): Promise<Record<string, string>>;
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
    const today = danishToday(this.clock.now());
    // What the bot could not deliver in the quarter under review and since: from the previous quarter's start.
    const undeliveredFrom = DateTime.fromJSDate(this.clock.now(), { zone: ZONE })
      .startOf('quarter')
      .minus({ quarters: 1 })
      .toJSDate();
    const [open, approvals, systemsOverdue, dpiasPending, undelivered, risks] = await Promise.all([
      this.incidents.listOpen(),
      this.approvals.list(200),
      this.sources.systemsOverdue?.(),
      this.sources.dpiasPending?.(),
      this.sources.undelivered?.(undeliveredFrom),
      this.sources.risks ? this.lastReviewedRisks().then((baseline) => this.sources.risks!(baseline)) : undefined,
    ]);
    return {
      ...summarizeIncidents(open, today),
      overdueNotifications: overdueNotifications(
        open.filter((incident) => isOpen(incident.state)),
        this.clock.now(),
      ),
      pendingApprovals: approvals.filter((item) => item.state !== 'approved').length,
      systemsOverdue,
      dpiasPending,
      undelivered: undelivered && { from: undeliveredFrom.toISOString(), notices: undelivered },
      risks,
    };
  }

  /** The last review held, when and with the risk levels it recorded: this quarter's once held, else the quarter's before. */
  private async lastReviewedRisks(): Promise<LastReview | undefined> {
    const current = quarterOf(this.clock.now());
    for (const id of [current, previousQuarter(current)]) {
      const review = (await this.reviews.get(id))?.review;
      if (review?.reviewedRisks && review.doneAt) return { since: review.doneAt, levels: review.reviewedRisks };
    }
    return undefined;
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
   *
   * @remarks The review is stored first, then appended to the audit log (P10). When the append
   * fails the coordinator is told to try again; the retry finds the review recorded by them (the
   * stored `doneBy`, not the card) and appends the record unless it is there, keyed by the review
   * and its stored `doneAt`, so the log holds it once. The call that writes the record hears
   * `recorded`; any other, `outdated`.
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
    if (found.review.doneAt) return this.completeDone(actor, found.review);
    const today = danishToday(this.clock.now());
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
      reviewedRisks: await this.sources.riskSnapshot?.(),
    };
    try {
      await this.reviews.update(review, found.etag);
    } catch (error) {
      if (error instanceof ConflictError) return this.completeDone(actor, await this.get(id));
      throw error;
    }
    const { appended } = await this.audit.appendOnce('reviews', doneEvent(review));
    return { review, result: appended ? 'recorded' : 'outdated' };
  }

  /** A review found recorded: by this coordinator, its audit record is appended if an earlier attempt could not. */
  private async completeDone(
    actor: Actor,
    review: QuarterlyReview,
  ): Promise<{ review: QuarterlyReview; result: 'recorded' | 'outdated' }> {
    if (!review.doneAt || review.doneBy !== actor.userId) return { review, result: 'outdated' };
    const { appended } = await this.audit.ensure('reviews', doneEvent(review));
    return { review, result: appended ? 'recorded' : 'outdated' };
  }
}

/** The audit event of a review recorded as held, once per recording. */
function doneEvent(review: QuarterlyReview): KeyedEvent {
  return {
    actor: review.doneBy ?? '',
    actorName: review.doneByName,
    action: 'review.done',
    subject: review.id,
    details: {
      heldOn: review.heldOn,
      notes: review.notes,
      // Only where the register holds risks (a review of an empty register records what it always did).
      risksReviewed: Object.keys(review.reviewedRisks ?? {}).length || undefined,
    },
    key: `review.done/${review.id}/${review.doneAt}`,
  };
}
