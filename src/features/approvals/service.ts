import { randomUUID } from 'node:crypto';
import type { Actor } from '../../bot/actor';
import type { Clock } from '../../clock';
import { ConflictError, ForbiddenError, NotFoundError, ValidationError } from '../../errors';
import type { AuditLog } from '../audit/audit-log';
import {
  approverOf,
  currentRound,
  type ApprovalItem,
  type ApprovalKind,
  type DecisionKind,
  type Submission,
} from './model';
import type { ApprovalRepository } from './repository';
import { decisionRefusal, withDecision, withNewRound } from './rules';

/** What became of a decision: recorded, or refused because the card was outdated or the member had decided. */
export type DecisionResult = { item: ApprovalItem; result: 'recorded' | 'outdated' | 'alreadyDecided' };

const isId = (value: unknown): value is string => typeof value === 'string' && /^[a-z0-9-]{8,40}$/.test(value);

/**
 * Approvals (P7, P8, P9): the coordinator submits and resubmits; members of the approving role
 * approve or request changes; every decision is kept with who and when and appended to the audit log.
 */
export class ApprovalService {
  constructor(
    private readonly repo: ApprovalRepository,
    private readonly audit: AuditLog,
    private readonly clock: Clock,
    private readonly requiredApprovals: Record<string, number>,
  ) {}

  async get(id: unknown): Promise<ApprovalItem> {
    if (!isId(id)) throw new NotFoundError('approval');
    const found = await this.repo.get(id);
    if (!found) throw new NotFoundError('approval');
    return found.item;
  }

  list(limit = 50): Promise<ApprovalItem[]> {
    return this.repo.list(limit);
  }

  async submit(actor: Actor, kind: ApprovalKind, submission: Submission): Promise<ApprovalItem> {
    this.assertCoordinator(actor);
    const now = this.clock.now().toISOString();
    const item: ApprovalItem = {
      id: randomUUID(),
      kind,
      state: 'pending',
      createdAt: now,
      rounds: [{ ...submission, ...this.roundBase(actor, kind, now), round: 1, decisions: [] }],
    };
    await this.repo.create(item);
    await this.record(actor, item, 'approval.submitted', { title: submission.title, version: submission.version });
    return item;
  }

  async resubmit(actor: Actor, id: unknown, round: unknown, submission: Submission): Promise<DecisionResult> {
    this.assertCoordinator(actor);
    const found = await this.repo.get(String(id));
    if (!isId(id) || !found) throw new NotFoundError('approval');
    if (found.item.state === 'approved' || currentRound(found.item).round !== Number(round))
      return { item: found.item, result: 'outdated' };
    const now = this.clock.now().toISOString();
    const item = withNewRound(found.item, { ...submission, ...this.roundBase(actor, found.item.kind, now) });
    await this.repo.update(item, found.etag);
    await this.record(actor, item, 'approval.resubmitted', { title: submission.title, version: submission.version });
    return { item, result: 'recorded' };
  }

  /**
   * Records a member's decision on the round the card showed.
   *
   * @remarks Only holders of the kind's approving role may decide (checked here, whatever the card
   * showed). A card for an earlier round or a closed item never changes anything: the caller gets
   * the current item to show instead. Two members deciding at once are both recorded (eTag retry).
   *
   * The decision is stored first, then appended to the audit log (P10), and the member is answered
   * only when both are written; the append is queued with whatever else waits for the `approvals`
   * chain in this instance and written in one transaction with it, so concurrent clicks do not
   * contend for the chain's head. If the append fails, the member is told to try again. Not
   * covered: the retry then finds the decision stored (`alreadyDecided`) and does not append it,
   * so that one decision lacks its audit record.
   */
  async decide(
    actor: Actor,
    id: unknown,
    round: unknown,
    decision: DecisionKind,
    comment: string,
  ): Promise<DecisionResult> {
    for (let attempt = 0; attempt < 5; attempt++) {
      const found = isId(id) ? await this.repo.get(id) : undefined;
      if (!found) throw new NotFoundError('approval');
      if (!actor.roles.has(approverOf[found.item.kind].role)) throw new ForbiddenError('approval decision');
      const refusal = decisionRefusal(found.item, Number(round), actor.userId);
      if (refusal) return { item: found.item, result: refusal };
      if (decision === 'requestChanges' && comment.trim() === '')
        throw new ValidationError({ comment: 'approvals.errors.commentRequired' });
      const at = this.clock.now().toISOString();
      const item = withDecision(found.item, { by: actor.userId, byName: actor.name, at, decision, comment });
      try {
        await this.repo.update(item, found.etag);
      } catch (error) {
        if (error instanceof ConflictError) continue;
        throw error;
      }
      await this.record(actor, item, 'approval.decided', {
        round: Number(round),
        decision,
        comment,
        state: item.state,
      });
      return { item, result: 'recorded' };
    }
    throw new ConflictError('approval');
  }

  private roundBase(actor: Actor, kind: ApprovalKind, now: string) {
    return {
      submittedBy: actor.userId,
      submittedByName: actor.name,
      submittedAt: now,
      required: this.requiredApprovals[kind] ?? 1,
    };
  }

  private async record(actor: Actor, item: ApprovalItem, action: string, details: Record<string, unknown>) {
    await this.audit.append('approvals', {
      actor: actor.userId,
      actorName: actor.name,
      action,
      subject: item.id,
      details: { kind: item.kind, round: currentRound(item).round, ...details },
    });
  }

  private assertCoordinator(actor: Actor): void {
    if (!actor.roles.has('coordinator')) throw new ForbiddenError('approval submission');
  }
}
