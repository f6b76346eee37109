/** A one-time, short-lived download of the incident log for a period. */
export interface ExportGrant {
  token: string;
  userId: string;
  from: string;
  to: string;
  expiresAt: string;
}

/** Where export grants are kept until used. */
export interface ExportRepository {
  create(grant: ExportGrant): Promise<void>;
  /** Takes the grant if it exists and was not taken before (one use); undefined otherwise. */
  claim(token: string): Promise<ExportGrant | undefined>;
}
