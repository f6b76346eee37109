import { randomUUID } from 'node:crypto';
import { draftKey } from '../draft-id';
import type { Clock } from '../../clock';
import { ConflictError, ForbiddenError, NotFoundError, ValidationError } from '../../errors';
import type { AuditLog } from '../audit/audit-log';
import type { KeyedEvent } from '../audit/chain';
import {
  approverOf,
  currentRound,
  isDraftId,
  type ApprovalItem,
  type ApprovalKind,
  type ChannelPost,
  type Decision,
  type DecisionKind,
  type Round,
  type Submission,
} from './model';
import type { ApprovalRepository } from './repository';
import { decisionBy, decisionRefusal, stateAfter, withDecision, withNewRound } from './rules';
import type { Actor } from '../access/actor';

/** What became of a decision: recorded, or refused because the card was outdated or the member had decided. */
export type DecisionResult = {
  item: ApprovalItem;
  result: 'recorded' | 'outdated' | 'alreadyDecided' | 'ownSubmission' | 'full' | 'generated';
};

/**
 * An item past this much JSON takes no new round. Every round (document texts, each member's
 * comment) is kept, and an entity holds at most 1 MiB (strings count two bytes a character): this
 * leaves the current round room for the decisions of a large group. Ordinary items have a handful
 * of rounds of a few thousand characters each.
 */
export const MAX_ITEM_CHARS_FOR_NEW_ROUND = 250_000;

/**
 * What became of a submission: recorded by this call, or by an earlier submit of the same draft
 * (the card is posted by the call that recorded it, so once).
 */
export type SubmitResult = { item: ApprovalItem; result: 'recorded' | 'repeated' };

const isId = (value: unknown): value is string => typeof value === 'string' && /^[a-z0-9-]{8,40}$/.test(value);

/**
 * The item id for a coordinator's draft: a hash of who submits and the card's draft id, so a repeat
 * of the draft finds its item and nobody's draft id can name another coordinator's item.
 */
function itemIdFor(userId: string, draftId: unknown): string {
  if (!isDraftId(draftId)) return randomUUID();
  const hex = draftKey(userId, draftId);
  return [hex.slice(0, 8), hex.slice(8, 12), hex.slice(12, 16), hex.slice(16, 20), hex.slice(20, 32)].join('-');
}

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
    private readonly options: {
      allowSelfDecision?: boolean;
      /**
       * Called when a decision closes a round (approved, or changes asked for), after the decision
       * and its audit record are stored — and again on a retry that finds them stored: a feature that
       * put the item up records the outcome on its own record (#19: a risk's acceptance). A failure
       * reaches the member as "try again"; the retry completes it.
       */
      onClosed?: (item: ApprovalItem) => Promise<void>;
    } = {},
  ) {}

  /**
   * Whether the member may decide the item's current round now: holds the approving role, has not
   * decided it, and did not submit it (segregation of duties, unless configured otherwise).
   */
  mayDecide(actor: Actor, item: ApprovalItem): boolean {
    const round = currentRound(item).round;
    return (
      actor.roles.has(approverOf[item.kind].role) &&
      decisionRefusal(item, round, actor.userId, this.options.allowSelfDecision) === undefined
    );
  }

  async get(id: unknown): Promise<ApprovalItem> {
    if (!isId(id)) throw new NotFoundError('approval');
    const found = await this.repo.get(id);
    if (!found) throw new NotFoundError('approval');
    return found.item;
  }

  list(limit = 50): Promise<ApprovalItem[]> {
    return this.repo.list(limit);
  }

  /**
   * Puts a document before the approving group (coordinator only).
   *
   * @remarks The item and its audit record (P10) are two writes. A submit of the same draft again
   * (a double click, or the retry after "try again") finds the item it stored, appends the audit
   * record if the first attempt could not, and answers `recorded` only to the call that appended
   * it: that call posts the card, so one draft makes one item and one post.
   */
  async submit(
    actor: Actor,
    kind: ApprovalKind,
    submission: Submission,
    draftId?: unknown,
    subject?: string,
  ): Promise<SubmitResult> {
    this.assertCoordinator(actor);
    const now = this.clock.now().toISOString();
    const item: ApprovalItem = {
      id: itemIdFor(actor.userId, draftId),
      kind,
      state: 'pending',
      createdAt: now,
      ...(subject ? { subject } : {}),
      rounds: [{ ...submission, ...this.roundBase(actor, kind, now), round: 1, decisions: [] }],
    };
    try {
      await this.repo.create(item);
    } catch (error) {
      if (!(error instanceof ConflictError)) throw error;
      return this.submittedBefore(actor, item.id);
    }
    const { appended } = await this.audit.appendOnce('approvals', roundEvent(item, item.rounds[0] as Round));
    return { item, result: appended ? 'recorded' : 'repeated' };
  }

  /**
   * Records how the item's card fared in the approving group's channel, keeping every other change
   * (a decision made meanwhile is not overwritten: eTag, re-read on conflict).
   */
  async recordPost(id: string, post: ChannelPost): Promise<ApprovalItem | undefined> {
    for (let attempt = 0; attempt < 5; attempt++) {
      const found = await this.repo.get(id);
      if (!found) return undefined;
      const item = { ...found.item, post };
      try {
        await this.repo.update(item, found.etag);
        return item;
      } catch (error) {
        if (!(error instanceof ConflictError)) throw error;
      }
    }
    throw new ConflictError('approval');
  }

  /**
   * Puts a new version before the group after a request for changes (coordinator only); like `submit`, once.
   *
   * @remarks P7, P10: a round whose content was generated (the overall risk assessment, named by its
   * content hash) is never followed by a hand-typed round: that round would carry no hash, and the
   * group would decide on a version nobody can open again. The coordinator generates the assessment
   * again and puts that version up (`generated`).
   */
  async resubmit(actor: Actor, id: unknown, round: unknown, submission: Submission): Promise<DecisionResult> {
    this.assertCoordinator(actor);
    const found = await this.repo.get(String(id));
    if (!isId(id) || !found) throw new NotFoundError('approval');
    const next = found.item.rounds.find((candidate) => candidate.round === Number(round) + 1);
    if (next?.submittedBy === actor.userId) return this.completeResubmit(found.item, next);
    if (found.item.state === 'approved' || currentRound(found.item).round !== Number(round))
      return { item: found.item, result: 'outdated' };
    if (currentRound(found.item).contentHash) return { item: found.item, result: 'generated' };
    if (JSON.stringify(found.item).length > MAX_ITEM_CHARS_FOR_NEW_ROUND) return { item: found.item, result: 'full' };
    const now = this.clock.now().toISOString();
    const item = withNewRound(found.item, { ...submission, ...this.roundBase(actor, found.item.kind, now) });
    await this.repo.update(item, found.etag);
    const { appended } = await this.audit.appendOnce('approvals', roundEvent(item, currentRound(item)));
    return { item, result: appended ? 'recorded' : 'outdated' };
  }

  /**
   * Records a member's decision on the round the card showed.
   *
   * @remarks Only holders of the kind's approving role may decide (checked here, whatever the card
   * showed), and not the person who submitted the round (segregation of duties) unless
   * `APPROVALS_SELF_DECISION` allows it. A card for an earlier round or a closed item never changes anything: the caller gets
   * the current item to show instead. Two members deciding at once are both recorded (eTag retry).
   *
   * The decision is stored first, then appended to the audit log (P10), and the member is answered
   * only when both are written; the append is queued with whatever else waits for the `approvals`
   * chain in this instance and written in one transaction with it, so concurrent clicks do not
   * contend for the chain's head. If the append fails, the member is told to try again. The retry
   * finds the member's decision in the stored round (storage says it is theirs, not the card) and
   * appends its record unless it is there, keyed by item, round and member, so the log holds it
   * once whichever attempt or instance gets there. The call whose append wrote the record hears
   * `recorded` (the retry after a failed append, too); any other hears why nothing changed, as
   * before. So a double click hears `recorded` once, and a retry after an append that was stored
   * but whose answer was lost hears `alreadyDecided` or `outdated` with the card showing the
   * decision: storage cannot tell that retry from a click on a stale card.
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
      const own = decisionBy(found.item, Number(round), actor.userId);
      if (own) return this.completeDecision(actor, found.item, Number(round), own);
      const refusal = decisionRefusal(found.item, Number(round), actor.userId, this.options.allowSelfDecision);
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
      const { appended } = await this.audit.appendOnce(
        'approvals',
        decidedEvent(item, currentRound(item), currentRound(item).decisions.at(-1) as Decision),
      );
      await this.closed(item);
      return { item, result: appended ? 'recorded' : 'alreadyDecided' };
    }
    throw new ConflictError('approval');
  }

  /** The member's decision found stored: its audit record is appended if an earlier attempt could not. */
  private async completeDecision(
    actor: Actor,
    item: ApprovalItem,
    round: number,
    decision: Decision,
  ): Promise<DecisionResult> {
    const stored = item.rounds.find((candidate) => candidate.round === round) as Round;
    const { appended } = await this.audit.ensure('approvals', decidedEvent(item, stored, decision));
    await this.closed(item);
    return { item, result: appended ? 'recorded' : (decisionRefusal(item, round, actor.userId) ?? 'alreadyDecided') };
  }

  /** Tells the feature that put the item up that a round closed (see `onClosed`). */
  private async closed(item: ApprovalItem): Promise<void> {
    if (item.state !== 'pending') await this.options.onClosed?.(item);
  }

  /** The coordinator's round found stored: its audit record is appended if an earlier attempt could not. */
  private async completeResubmit(item: ApprovalItem, round: Round): Promise<DecisionResult> {
    const { appended } = await this.audit.ensure('approvals', roundEvent(item, round));
    return { item, result: appended ? 'recorded' : 'outdated' };
  }

  /** A submit that met its own draft's item: completes the audit record, or answers the item as it is. */
  private async submittedBefore(actor: Actor, id: string): Promise<SubmitResult> {
    const found = await this.repo.get(id);
    const first = found?.item.rounds[0];
    if (!found || first?.submittedBy !== actor.userId) throw new ConflictError('approval');
    const { appended } = await this.audit.ensure('approvals', roundEvent(found.item, first));
    return { item: found.item, result: appended ? 'recorded' : 'repeated' };
  }

  private roundBase(actor: Actor, kind: ApprovalKind, now: string) {
    return {
      submittedBy: actor.userId,
      submittedByName: actor.name,
      submittedAt: now,
      required: this.requiredApprovals[kind] ?? 1,
    };
  }

  private assertCoordinator(actor: Actor): void {
    if (!actor.roles.has('coordinator')) throw new ForbiddenError('approval submission');
  }
}

/** The audit event of a round's submission (round 1) or resubmission, once per round. */
function roundEvent(item: ApprovalItem, round: Round): KeyedEvent {
  const action = round.round === 1 ? 'approval.submitted' : 'approval.resubmitted';
  return {
    actor: round.submittedBy,
    actorName: round.submittedByName,
    action,
    subject: item.id,
    details: {
      kind: item.kind,
      round: round.round,
      title: round.title,
      version: round.version,
      ...(round.contentHash ? { contentHash: round.contentHash } : {}),
    },
    key: round.round === 1 ? `${action}/${item.id}` : `${action}/${item.id}/${round.round}`,
  };
}

/** The audit event of a member's decision, once per item, round and member. */
function decidedEvent(item: ApprovalItem, round: Round, decision: Decision): KeyedEvent {
  return {
    actor: decision.by,
    actorName: decision.byName,
    action: 'approval.decided',
    subject: item.id,
    details: {
      kind: item.kind,
      round: round.round,
      submittedBy: round.submittedBy,
      submittedByName: round.submittedByName,
      decision: decision.decision,
      comment: decision.comment,
      state: stateAfter(round, decision),
      // What was decided on: the content hash of a generated version (P7, P10).
      ...(round.contentHash ? { contentHash: round.contentHash } : {}),
    },
    key: `approval.decided/${item.id}/${round.round}/${decision.by}`,
  };
}
