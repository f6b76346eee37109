/** The HR lead's decision on a referral (P11): recorded once, then read-only. */
export interface ViolationDecision {
  text: string;
  /** The date of the decision (ISO date, yyyy-mm-dd), as the HR lead gives it. */
  date: string;
  decidedBy: string;
  decidedByName: string;
  decidedAt: string;
}

/**
 * A coordinator's referral of a policy violation by a person to the HR lead (P11).
 *
 * @remarks Kept apart from the incident log (its own table); seen only by the HR lead(s) and the
 * coordinator who referred it.
 */
export interface ViolationReferral {
  /** Random id (a UUID): it says nothing about the person or the order of referrals. */
  id: string;
  /** The person concerned: free text or an e-mail address. */
  person: string;
  /** What happened. */
  what: string;
  /** The incident it arose from (`HÆN-2026-0042`), if any. */
  incidentNumber?: string;
  referredBy: string;
  referredByName: string;
  referredAt: string;
  decision?: ViolationDecision;
}

/** What the coordinator fills in. */
export type ReferralInput = Pick<ViolationReferral, 'person' | 'what' | 'incidentNumber'>;

/** Limits on the referral's free text. */
export const referralLimits = { person: 200, what: 4000, decision: 4000 } as const;
