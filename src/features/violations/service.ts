import { randomUUID } from 'node:crypto';
import type { Clock } from '../../clock';
import { ConflictError, ForbiddenError, NotFoundError, ValidationError } from '../../errors';
import type { Role } from '../access/roles';
import type { AuditChain, AuditLog } from '../audit/audit-log';
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

/** True when the actor may read this referral: an HR lead, or the coordinator who referred it. */
export const canSee = (actor: ViolationActor, referral: ViolationReferral): boolean =>
  actor.roles.has('hr') || (actor.roles.has('coordinator') && referral.referredBy === actor.userId);

/**
 * Violation referrals (P11): a coordinator refers a person's breach of the policy to the HR lead,
 * who alone decides. No Teams and no Azure types in here.
 *
 * @remarks Only the fact of a referral and of its decision goes to the audit log (ids, who, when);
 * the person, what happened and the decision stay in the referral.
 */
export class ViolationService {
  constructor(
    private readonly repo: ViolationRepository,
    private readonly audit: AuditLog,
    private readonly clock: Clock,
  ) {}

  /** Refers a violation to the HR lead (coordinator only). */
  async refer(actor: ViolationActor, input: ReferralInput): Promise<ViolationReferral> {
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
      id: randomUUID(),
      person: input.person.slice(0, referralLimits.person),
      what: input.what.slice(0, referralLimits.what),
      incidentNumber,
      referredBy: actor.userId,
      referredByName: actor.name,
      referredAt: this.clock.now().toISOString(),
    };
    await this.repo.create(referral);
    await this.audit.append(AUDIT_CHAIN, {
      actor: actor.userId,
      actorName: actor.name,
      action: 'violation.referred',
      subject: referral.id,
      details: {},
    });
    return referral;
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
    if (referral.decision) throw new ConflictError('violation referral already decided');
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
    await this.audit.append(AUDIT_CHAIN, {
      actor: actor.userId,
      actorName: actor.name,
      action: 'violation.decided',
      subject: referral.id,
      details: {},
    });
    return stored.referral;
  }
}
