import { createHash, randomUUID } from 'node:crypto';
import type { Clock } from '../../clock';
import { ConflictError, ForbiddenError, NotFoundError, ValidationError } from '../../errors';
import type { Role } from '../access/roles';
import type { AuditChain, AuditLog } from '../audit/audit-log';
import type { KeyedEvent } from '../audit/chain';
import { formatNumber, parseNumber } from '../incidents/numbering';
import { referralLimits, type ReferralInput, type ViolationReferral } from './model';
import type { ViolationRepository } from './repository';

/** The person acting, as the service needs to know them. */
export interface ViolationActor {
  userId: string;
  name: string;
  roles: ReadonlySet<Role>;
}

/**
 * The chain the referral facts go to. The audit log has no chain of its own for P11 yet; a referral
 * decides who may read a confidential record, so it joins the access chain.
 */
const AUDIT_CHAIN: AuditChain = 'violations';

const uuid = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const isoDate = /^\d{4}-\d{2}-\d{2}$/;

/**
 * The referral id for a coordinator's draft: a hash of who refers and the form's draft id, so a
 * repeat of the draft finds its referral and nobody's draft id can name another's referral.
 */
function referralIdFor(userId: string, draftId: unknown): string {
  if (typeof draftId !== 'string' || !uuid.test(draftId)) return randomUUID();
  const hex = createHash('sha256').update(`${userId}/${draftId.toLowerCase()}`).digest('hex');
  return [hex.slice(0, 8), hex.slice(8, 12), hex.slice(12, 16), hex.slice(16, 20), hex.slice(20, 32)].join('-');
}

/** True when the actor may read this referral: an HR lead, or the coordinator who referred it. */
export const canSee = (actor: ViolationActor, referral: ViolationReferral): boolean =>
  actor.roles.has('hr') || (actor.roles.has('coordinator') && referral.referredBy === actor.userId);

/**
 * Violation referrals (P11): a coordinator refers a person's breach of the policy to the HR lead,
 * who alone decides. No Teams and no Azure types in here.
 *
 * @remarks Only the fact of a referral and of its decision goes to the audit log (ids, who, when);
 * the person, what happened and the decision stay in the referral. Each is stored first and then
 * appended, keyed by the referral, so a retry after a failed append (a repeat of the same draft,
 * or the HR lead's decision found stored as theirs) appends the record if it is missing, once.
 */
export class ViolationService {
  constructor(
    private readonly repo: ViolationRepository,
    private readonly audit: AuditLog,
    private readonly clock: Clock,
  ) {}

  /**
   * Refers a violation to the HR lead (coordinator only). `created` is false for a repeat of a
   * draft whose record was written before (HR was told then).
   */
  async refer(
    actor: ViolationActor,
    input: ReferralInput,
    draftId?: unknown,
  ): Promise<{ referral: ViolationReferral; created: boolean }> {
    if (!actor.roles.has('coordinator')) throw new ForbiddenError('violation referral');
    const errors: Record<string, string> = {};
    if (!input.person) errors.person = 'violations.errors.required';
    if (!input.what) errors.what = 'violations.errors.required';
    let incidentNumber: string | undefined;
    if (input.incidentNumber) {
      const parsed = parseNumber(input.incidentNumber);
      if (parsed) incidentNumber = formatNumber(parsed.year, parsed.seq);
      else errors.incidentNumber = 'violations.errors.incidentNumber';
    }
    if (Object.keys(errors).length > 0) throw new ValidationError(errors);
    const referral: ViolationReferral = {
      id: referralIdFor(actor.userId, draftId),
      person: input.person.slice(0, referralLimits.person),
      what: input.what.slice(0, referralLimits.what),
      incidentNumber,
      referredBy: actor.userId,
      referredByName: actor.name,
      referredAt: this.clock.now().toISOString(),
    };
    try {
      await this.repo.create(referral);
    } catch (error) {
      if (!(error instanceof ConflictError)) throw error;
      return this.referredBefore(actor, referral.id);
    }
    const { appended } = await this.audit.appendOnce(AUDIT_CHAIN, referredEvent(referral));
    return { referral, created: appended };
  }

  /** A referral that met its own draft's referral: completes the audit record if an earlier attempt could not. */
  private async referredBefore(
    actor: ViolationActor,
    id: string,
  ): Promise<{ referral: ViolationReferral; created: boolean }> {
    const stored = await this.repo.get(id);
    if (!stored || stored.referral.referredBy !== actor.userId) throw new ConflictError('violation referral');
    const { appended } = await this.audit.ensure(AUDIT_CHAIN, referredEvent(stored.referral));
    return { referral: stored.referral, created: appended };
  }

  /** The referrals the actor may see: all for an HR lead, their own for a coordinator. */
  async list(actor: ViolationActor): Promise<ViolationReferral[]> {
    if (actor.roles.has('hr')) return this.repo.list();
    if (actor.roles.has('coordinator')) return this.repo.list(actor.userId);
    throw new ForbiddenError('violation referrals');
  }

  /** One referral; anyone who may not see it is told it does not exist (P10, P11). */
  async get(actor: ViolationActor, id: unknown): Promise<{ referral: ViolationReferral; etag: string }> {
    if (!actor.roles.has('hr') && !actor.roles.has('coordinator')) throw new ForbiddenError('violation referral');
    if (typeof id !== 'string' || !uuid.test(id)) throw new NotFoundError('violation referral');
    const stored = await this.repo.get(id.toLowerCase());
    if (!stored || !canSee(actor, stored.referral)) throw new NotFoundError('violation referral');
    return stored;
  }

  /** Records the HR lead's decision (HR lead only); a referral is decided once, then read-only. */
  async decide(actor: ViolationActor, id: unknown, text: string, date: string): Promise<ViolationReferral> {
    if (!actor.roles.has('hr')) throw new ForbiddenError('violation decision');
    const { referral, etag } = await this.get(actor, id);
    if (referral.decision) return this.decidedBefore(actor, referral);
    const errors: Record<string, string> = {};
    if (!text) errors.decision = 'violations.errors.required';
    if (!isoDate.test(date) || Number.isNaN(Date.parse(date))) errors.decisionDate = 'violations.errors.date';
    if (Object.keys(errors).length > 0) throw new ValidationError(errors);
    const next: ViolationReferral = {
      ...referral,
      decision: {
        text: text.slice(0, referralLimits.decision),
        date,
        decidedBy: actor.userId,
        decidedByName: actor.name,
        decidedAt: this.clock.now().toISOString(),
      },
    };
    const stored = await this.repo.update(next, etag);
    await this.audit.append(AUDIT_CHAIN, decidedEvent(stored.referral));
    return stored.referral;
  }

  /**
   * A referral found decided: when it is this HR lead's decision (as stored) and its audit record
   * is missing, the record is appended and the decision answered; otherwise it was decided before.
   */
  private async decidedBefore(actor: ViolationActor, referral: ViolationReferral): Promise<ViolationReferral> {
    if (referral.decision?.decidedBy === actor.userId) {
      const { appended } = await this.audit.ensure(AUDIT_CHAIN, decidedEvent(referral));
      if (appended) return referral;
    }
    throw new ConflictError('violation referral already decided');
  }
}

/** The fact of a referral, once per referral. */
const referredEvent = (referral: ViolationReferral): KeyedEvent => ({
  actor: referral.referredBy,
  actorName: referral.referredByName,
  action: 'violation.referred',
  subject: referral.id,
  details: {},
  key: `violation.referred/${referral.id}`,
});

/** The fact of the decision, once per referral (a referral is decided once). */
const decidedEvent = (referral: ViolationReferral): KeyedEvent => ({
  actor: referral.decision?.decidedBy ?? '',
  actorName: referral.decision?.decidedByName,
  action: 'violation.decided',
  subject: referral.id,
  details: {},
  key: `violation.decided/${referral.id}`,
});
