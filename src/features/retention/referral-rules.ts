import type { ViolationReferral } from '../violations/model';
import { ANONYMISED } from './rules';

/**
 * When a referral's retention period starts: when the HR lead's decision was recorded; undefined
 * while it is undecided.
 *
 * @remarks P11: an undecided referral is a live case and is never anonymised. The recorded moment
 * (`decidedAt`) counts, not the date the HR lead typed, which could lie in the past.
 */
export const referralRetentionStart = (referral: ViolationReferral): string | undefined => referral.decision?.decidedAt;

/** True when the referral was anonymised already (running retention twice is harmless). */
export const isReferralAnonymised = (referral: ViolationReferral): boolean => referral.referredBy === ANONYMISED;

/** True when the referral is decided, past its retention period and still names people. */
export function isReferralDue(referral: ViolationReferral, cutoff: Date): boolean {
  const start = referralRetentionStart(referral);
  return start !== undefined && new Date(start) < cutoff && !isReferralAnonymised(referral);
}

/**
 * The referral with the person, the texts and the names replaced; kept: the id, when it was
 * referred, that it was decided, the decision's date and when it was recorded.
 *
 * @remarks The incident number goes too: the incident may still be whole and would lead back to
 * the person. The referrer's id goes, so the coordinator's own list no longer shows it; the HR lead
 * still opens it, anonymised.
 */
export function anonymiseReferral(referral: ViolationReferral): ViolationReferral {
  return {
    ...referral,
    person: ANONYMISED,
    what: ANONYMISED,
    incidentNumber: referral.incidentNumber === undefined ? undefined : ANONYMISED,
    referredBy: ANONYMISED,
    referredByName: ANONYMISED,
    decision: referral.decision && {
      ...referral.decision,
      text: ANONYMISED,
      decidedBy: ANONYMISED,
      decidedByName: ANONYMISED,
    },
  };
}
