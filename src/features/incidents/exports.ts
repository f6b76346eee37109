import { randomBytes } from 'node:crypto';
import type { Clock } from '../../clock';
import type { Locale } from '../../i18n';

/** What every one-time, short-lived download link holds: whose it is and until when it works. */
interface GrantBase {
  token: string;
  userId: string;
  expiresAt: string;
}

/** The incident log for a period, as CSV (P1); grants made before `kind` existed are these. */
export interface LogGrant extends GrantBase {
  kind?: 'log';
  from: string;
  to: string;
}

/** One breach's record as a document for an auditor (P3, art. 33(5)), in its maker's language. */
export interface BreachRecordGrant extends GrantBase {
  kind: 'breachRecord';
  number: string;
  /** The name of the person it was made for, as the document says who made it. */
  name: string;
  locale: Locale;
}

/** Who was asked to read a policy version and who confirmed (P12), as CSV for auditors. */
export interface ReadConfirmationsGrant extends GrantBase {
  kind: 'readConfirmations';
  campaignId: string;
  locale: Locale;
}

/** A kept version of the annual overall risk assessment (P7), as Word or CSV, in its maker's language. */
export interface AnnualAssessmentGrant extends GrantBase {
  kind: 'annualAssessment';
  /** The version's content hash. */
  hash: string;
  format: 'docx' | 'csv';
  locale: Locale;
}

/** One evidence file of an incident (#20), for the coordinator or, on a breach, the DPO. */
export interface EvidenceGrant extends GrantBase {
  kind: 'evidence';
  number: string;
  fileId: string;
  /** The name of the person it was made for (the audit record of the opening names them). */
  name: string;
  locale: Locale;
}

/** The system register as CSV or XLSX, in the columns its import reads back (P4). */
export interface SystemRegisterGrant extends GrantBase {
  kind: 'systemRegister';
  format: 'csv' | 'xlsx';
  locale: Locale;
}

/** The risk register as CSV or XLSX, in the columns its import reads back (#19). */
export interface RiskRegisterGrant extends GrantBase {
  kind: 'riskRegister';
  format: 'csv' | 'xlsx';
  locale: Locale;
}

/** The full dry run of an uploaded register file, row by row (P4, #19 import). */
export interface ImportDryRunGrant extends GrantBase {
  kind: 'importDryRun';
  importId: string;
  /** The register the upload is for; grants made before risks could be imported are the system register's. */
  register?: 'risks';
  locale: Locale;
}

/** A one-time, short-lived download. */
export type ExportGrant =
  | LogGrant
  | BreachRecordGrant
  | ReadConfirmationsGrant
  | AnnualAssessmentGrant
  | EvidenceGrant
  | SystemRegisterGrant
  | RiskRegisterGrant
  | ImportDryRunGrant;

/** Where export grants are kept until used. */
export interface ExportRepository {
  create(grant: ExportGrant): Promise<void>;
  /** Takes the grant if it exists and was not taken before (one use); undefined otherwise. */
  claim(token: string): Promise<ExportGrant | undefined>;
}

/** How long a one-time link works. */
export const LINK_MINUTES = 10;

type Requested<G> = G extends unknown ? Omit<G, 'token' | 'expiresAt'> : never;
/** A grant as a feature asks for it: the token and the expiry are made by {@link issueLink}. */
export type GrantRequest = Requested<ExportGrant>;

/** What making a one-time link needs. */
export interface LinkIssuer {
  exports: Pick<ExportRepository, 'create'>;
  clock: Clock;
  publicBaseUrl: () => string;
}

/**
 * Makes a one-time download link (`GET /api/export/:token`) valid {@link LINK_MINUTES} minutes: the
 * grant is stored under a fresh random token, and who may still use it is checked again when it is
 * opened (P10). Answers the link's URL.
 */
export async function issueLink(deps: LinkIssuer, grant: GrantRequest): Promise<string> {
  const token = randomBytes(24).toString('base64url');
  const expiresAt = new Date(deps.clock.now().getTime() + LINK_MINUTES * 60_000).toISOString();
  await deps.exports.create({ ...grant, token, expiresAt } as ExportGrant);
  return `${deps.publicBaseUrl()}/api/export/${token}`;
}
