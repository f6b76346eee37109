import { z } from 'zod';
import {
  criticalityCategories,
  riskAssessmentIntervalMonths,
  type RiskAssessmentIntervals,
} from './features/systems/criticality';
import { evidenceTypeNames, type EvidenceType } from './features/evidence/model';

/**
 * Every setting the bot reads from its environment, with its validation rule.
 *
 * @remarks The local default needs none of them: with no settings the bot runs against Azurite on
 * 127.0.0.1:10002 with Bot Framework authentication off (the Agents Playground sends no token).
 * Production (`NODE_ENV=production`) must name the app registration, the tenant and the storage
 * account; a missing or malformed value stops the process at start with the variable's name.
 */
const commaList = z
  .string()
  .optional()
  .transform((value) =>
    (value ?? '')
      .split(',')
      .map((item) => item.trim())
      .filter((item) => item.length > 0),
  );

const guid = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const guidList = commaList.refine((items) => items.every((item) => guid.test(item)), {
  message: 'must be a comma-separated list of GUIDs',
});
const optionalUrl = z
  .string()
  .optional()
  .refine((value) => value === undefined || value === '' || /^https?:\/\/\S+$/.test(value), {
    message: 'must be an http(s) URL',
  })
  .transform((value) => (value ? value : undefined));
const settingsSchema = z.object({
  NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
  PORT: z.coerce.number().int().min(0).max(65535).default(3978),
  HOST: z.string().min(1).optional(),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  MicrosoftAppId: z.string().default(''),
  MicrosoftAppPassword: z.string().default(''),
  MicrosoftAppType: z.enum(['MultiTenant', 'SingleTenant', 'UserAssignedMSI']).optional(),
  MicrosoftAppTenantId: z.string().default(''),
  ALLOWED_TENANT_IDS: guidList,
  BOT_OPENID_METADATA_URL: optionalUrl,
  STORAGE_CONNECTION_STRING: z.string().optional(),
  STORAGE_ACCOUNT_URL: optionalUrl,
  AZURE_CLIENT_ID: z.string().optional(),
  /** #20: the account's blob endpoint for evidence files; default: STORAGE_ACCOUNT_URL's account, `.blob.` for `.table.`. */
  STORAGE_BLOB_URL: optionalUrl,
  EVIDENCE_CONTAINER: z
    .string()
    .regex(
      /^(?!.*--)[a-z0-9][a-z0-9-]{1,61}[a-z0-9]$/,
      'must be a container name: 3–63 lowercase letters, digits and single hyphens',
    )
    .default('evidence'),
  EVIDENCE_MAX_MB: z.coerce.number().int().min(1).max(50).default(10),
  EVIDENCE_TYPES: commaList.refine((items) => items.every((item) => (evidenceTypeNames as string[]).includes(item)), {
    message: `must be a comma-separated list of ${evidenceTypeNames.join(', ')}`,
  }),
  TABLE_PREFIX: z
    .string()
    .regex(/^[A-Za-z][A-Za-z0-9]{0,19}$/, 'must be letters and digits, starting with a letter, at most 20')
    .default('sec'),
  BOOTSTRAP_COORDINATORS: guidList,
  DEMO_ROSTER_FILE: z.string().optional(),
  CONTINGENCY_PLAN_GENERAL_URL: optionalUrl,
  CONTINGENCY_PLAN_BREACH_URL: optionalUrl,
  POLICY_URL: optionalUrl,
  PUBLIC_BASE_URL: optionalUrl,
  SCHEDULER_ENABLED: z
    .enum(['true', 'false', '1', '0'])
    .optional()
    .transform((value) => value !== 'false' && value !== '0'),
  DPIA_REMINDER_DAYS: z.coerce.number().int().min(1).max(60).default(5),
  RISK_ACCEPTANCE_ABOVE: z.enum(['low', 'medium', 'high']).default('medium'),
  RISK_ACCEPTANCE_MONTHS: z.coerce.number().int().min(1).max(36).default(12),
  REPORT_LIMIT: z.coerce.number().int().min(1).max(100_000).default(10),
  REPORT_LIMIT_MINUTES: z.coerce.number().int().min(1).max(1440).default(10),
  REVIEW_TIME: z
    .string()
    .regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'must be HH:MM (24-hour, Danish time)')
    .default('09:00'),
  REVIEW_REMINDER_DAYS: z.coerce.number().int().min(1).max(60).default(7),
  /** P12: days after a read campaign starts before the one reminder to those who have not confirmed. */
  AWARENESS_REMINDER_DAYS: z.coerce.number().int().min(1).max(60).default(7),
  ANNUAL_APPROVAL_MONTH: z.coerce.number().int().min(1).max(12).default(3),
  RETENTION_INCIDENT_YEARS: z.coerce.number().int().min(1).max(100).default(5),
  RETENTION_SCREENING_YEARS: z.coerce.number().int().min(1).max(100).default(5),
  RETENTION_REFERRAL_YEARS: z.coerce.number().int().min(1).max(100).default(5),
  RETENTION_AUTOMATIC: z
    .enum(['true', 'false', '1', '0'])
    .optional()
    .transform((value) => value !== 'false' && value !== '0'),
  RISK_ASSESSMENT_MONTHS: z
    .string()
    .regex(
      /^\s*(lifeAndDeath|veryCritical|critical|nonCritical)=([1-9]|[1-9]\d|1[01]\d|120)\s*(,\s*(lifeAndDeath|veryCritical|critical|nonCritical)=([1-9]|[1-9]\d|1[01]\d|120)\s*)*$/,
      'must be category=months pairs (1–120), e.g. lifeAndDeath=12,veryCritical=12,critical=24,nonCritical=36',
    )
    .optional(),
  APPROVALS_REQUIRED: z
    .string()
    .regex(
      /^\s*(annualRiskAssessment|policyRevision|handbookRevision|majorChange)=[1-9]\d?\s*(,\s*(annualRiskAssessment|policyRevision|handbookRevision|majorChange)=[1-9]\d?\s*)*$/,
      'must be kind=number pairs, e.g. policyRevision=2,handbookRevision=2',
    )
    .optional(),
  APPROVALS_SELF_DECISION: z
    .enum(['true', 'false', '1', '0'])
    .optional()
    .transform((value) => value === 'true' || value === '1'),
});

/** The names of every environment variable the bot reads (checked against `infra/` in a test). */
export const settingNames = Object.keys(settingsSchema.shape) as readonly string[];

/** Settings that must be present when `NODE_ENV=production`. */
export const requiredInProduction = [
  'MicrosoftAppId',
  'MicrosoftAppTenantId',
  'ALLOWED_TENANT_IDS',
  'STORAGE_ACCOUNT_URL',
  'BOOTSTRAP_COORDINATORS',
  'PUBLIC_BASE_URL',
] as const;

export interface AppConfig {
  env: 'development' | 'production' | 'test';
  port: number;
  host: string;
  logLevel: string;
  auth: {
    appId: string;
    appPassword: string;
    appType: 'MultiTenant' | 'SingleTenant' | 'UserAssignedMSI';
    appTenantId: string;
    /** False only in local development, where the Agents Playground sends no token. */
    enabled: boolean;
    openIdMetadataUrl?: string;
  };
  allowedTenantIds: string[];
  storage: { connectionString: string } | { accountUrl: string; managedIdentityClientId?: string };
  tablePrefix: string;
  /**
   * Evidence files on incidents (#20): the private blob container (Azurite's blob service through the
   * connection string, or the account's blob endpoint with the managed identity), the largest file
   * taken and the types taken (checked against the bytes).
   */
  evidence: {
    blob: { connectionString: string } | { accountUrl: string; managedIdentityClientId?: string };
    container: string;
    maxBytes: number;
    allowedTypes: EvidenceType[];
  };
  bootstrapCoordinators: string[];
  demoRosterFile?: string;
  links: { generalPlan?: string; breachPlan?: string; policy?: string };
  /** The bot's public https address (for download links); defaults to the local listen address. */
  publicBaseUrl?: string;
  schedulerEnabled: boolean;
  /** Days an unanswered DPIA screening waits before its owner is reminded (P5), and between reminders. */
  dpiaReminderDays: number;
  /** New reports one person may file per `minutes` on one instance (P1, P10; a repeat of one is not counted). */
  reportLimit: { count: number; minutes: number };
  /** P12: days before the one reminder to read and confirm an approved policy or handbook version. */
  awarenessReminderDays: number;
  /** Quarterly reviews and approvals (P6, P7, P9): when they fall due and how they complete. */
  reviews: {
    hour: number;
    minute: number;
    reminderDays: number;
    annualApprovalMonth: number;
    /** Approvals needed per kind (absent kinds: any one member). */
    requiredApprovals: Record<string, number>;
    /** Whether the person who submitted an item may decide it too (segregation of duties; default false). */
    allowSelfDecision: boolean;
  };
  /**
   * Years a closed incident / a settled DPIA screening / a decided violation referral is kept whole
   * before the retention run anonymises it; `automatic`: the bot runs it itself every Monday night
   * (with the scheduler), else only `npm run retention` does.
   */
  retention: { incidentYears: number; screeningYears: number; referralYears: number; automatic: boolean };
  /** Months between a system's risk assessments, per criticality category (P4); defaults 12/12/24/36. */
  riskAssessmentMonths: RiskAssessmentIntervals;
  /**
   * The risk register's acceptance rule (#19): a residual level above `acceptanceAbove` is accepted
   * by the management group, for `acceptanceMonths` (defaults: above medium, 12 months).
   */
  risks: { acceptanceAbove: 'low' | 'medium' | 'high'; acceptanceMonths: number };
}

/** Raised when the environment does not describe a runnable bot; the message names the variable. */
export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n${problems.map((problem) => `  - ${problem}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

/**
 * The Azurite development account (a published, well-known key, not a secret): its table service on
 * `port` and its blob service (evidence files, #20) on `blobPort`.
 */
export const azuriteConnectionString = (port = 10002, host = '127.0.0.1', blobPort = 10000): string =>
  'DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;' +
  'AccountKey=Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==;' +
  `TableEndpoint=http://${host}:${port}/devstoreaccount1;` +
  `BlobEndpoint=http://${host}:${blobPort}/devstoreaccount1;`;

/** Reads and validates the configuration; throws {@link ConfigError} naming each bad variable. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): AppConfig {
  // An empty variable means "not set", as in .env.example.
  const given = Object.fromEntries(Object.entries(env).filter(([, value]) => value !== undefined && value !== ''));
  const parsed = settingsSchema.safeParse(given);
  if (!parsed.success) {
    throw new ConfigError(
      parsed.error.issues.map((issue) => `${issue.path.join('.') || '(environment)'}: ${issue.message}`),
    );
  }
  const s = parsed.data;
  const problems: string[] = [];
  const production = s.NODE_ENV === 'production';
  if (production) {
    for (const name of requiredInProduction) {
      const value = s[name];
      if (value === undefined || value === '' || (Array.isArray(value) && value.length === 0)) {
        problems.push(`${name}: is required when NODE_ENV=production`);
      }
    }
    if (s.DEMO_ROSTER_FILE) problems.push('DEMO_ROSTER_FILE: demo roles are never granted in production');
    if (s.MicrosoftAppType === 'MultiTenant')
      problems.push('MicrosoftAppType: must be SingleTenant or UserAssignedMSI in production');
  }
  if (s.MicrosoftAppId && !guid.test(s.MicrosoftAppId)) problems.push('MicrosoftAppId: must be a GUID');
  if (s.MicrosoftAppTenantId && !guid.test(s.MicrosoftAppTenantId))
    problems.push('MicrosoftAppTenantId: must be a GUID');
  if (s.STORAGE_CONNECTION_STRING && s.STORAGE_ACCOUNT_URL) {
    problems.push('STORAGE_CONNECTION_STRING: set either it or STORAGE_ACCOUNT_URL, not both');
  }
  if (s.STORAGE_BLOB_URL && !s.STORAGE_ACCOUNT_URL)
    problems.push(
      'STORAGE_BLOB_URL: only with STORAGE_ACCOUNT_URL (the connection string names its blob endpoint itself)',
    );
  if (problems.length > 0) throw new ConfigError(problems);
  const connectionString = s.STORAGE_CONNECTION_STRING || azuriteConnectionString();

  const appType = s.MicrosoftAppType ?? (s.MicrosoftAppId ? 'SingleTenant' : 'MultiTenant');
  return {
    env: s.NODE_ENV,
    port: s.PORT,
    host: s.HOST ?? (production ? '0.0.0.0' : '127.0.0.1'),
    logLevel: s.LOG_LEVEL,
    auth: {
      appId: s.MicrosoftAppId,
      appPassword: s.MicrosoftAppPassword,
      appType,
      appTenantId: s.MicrosoftAppTenantId,
      enabled: s.MicrosoftAppId !== '',
      openIdMetadataUrl: s.BOT_OPENID_METADATA_URL,
    },
    allowedTenantIds: s.ALLOWED_TENANT_IDS,
    storage: s.STORAGE_ACCOUNT_URL
      ? { accountUrl: s.STORAGE_ACCOUNT_URL, managedIdentityClientId: s.AZURE_CLIENT_ID || undefined }
      : { connectionString },
    tablePrefix: s.TABLE_PREFIX,
    evidence: {
      blob: s.STORAGE_ACCOUNT_URL
        ? {
            accountUrl: s.STORAGE_BLOB_URL ?? s.STORAGE_ACCOUNT_URL.replace('.table.', '.blob.'),
            managedIdentityClientId: s.AZURE_CLIENT_ID || undefined,
          }
        : { connectionString },
      container: s.EVIDENCE_CONTAINER,
      maxBytes: s.EVIDENCE_MAX_MB * 1024 * 1024,
      allowedTypes: s.EVIDENCE_TYPES.length > 0 ? (s.EVIDENCE_TYPES as EvidenceType[]) : [...evidenceTypeNames],
    },
    bootstrapCoordinators: s.BOOTSTRAP_COORDINATORS,
    demoRosterFile: s.DEMO_ROSTER_FILE,
    links: {
      generalPlan: s.CONTINGENCY_PLAN_GENERAL_URL,
      breachPlan: s.CONTINGENCY_PLAN_BREACH_URL,
      policy: s.POLICY_URL,
    },
    publicBaseUrl: s.PUBLIC_BASE_URL?.replace(/\/+$/, ''),
    schedulerEnabled: s.SCHEDULER_ENABLED,
    dpiaReminderDays: s.DPIA_REMINDER_DAYS,
    risks: { acceptanceAbove: s.RISK_ACCEPTANCE_ABOVE, acceptanceMonths: s.RISK_ACCEPTANCE_MONTHS },
    reportLimit: { count: s.REPORT_LIMIT, minutes: s.REPORT_LIMIT_MINUTES },
    awarenessReminderDays: s.AWARENESS_REMINDER_DAYS,
    reviews: {
      hour: Number(s.REVIEW_TIME.slice(0, 2)),
      minute: Number(s.REVIEW_TIME.slice(3, 5)),
      reminderDays: s.REVIEW_REMINDER_DAYS,
      annualApprovalMonth: s.ANNUAL_APPROVAL_MONTH,
      requiredApprovals: Object.fromEntries(
        (s.APPROVALS_REQUIRED ?? '')
          .split(',')
          .filter((pair) => pair.includes('='))
          .map((pair) => pair.split('=').map((part) => part.trim()))
          .map(([kind, count]) => [kind as string, Number(count)]),
      ),
      allowSelfDecision: s.APPROVALS_SELF_DECISION,
    },
    riskAssessmentMonths: parseRiskAssessmentMonths(s.RISK_ASSESSMENT_MONTHS),
    retention: {
      incidentYears: s.RETENTION_INCIDENT_YEARS,
      screeningYears: s.RETENTION_SCREENING_YEARS,
      referralYears: s.RETENTION_REFERRAL_YEARS,
      automatic: s.RETENTION_AUTOMATIC,
    },
  };
}

/**
 * The review interval of each category: the defaults, overridden by the categories named in
 * `RISK_ASSESSMENT_MONTHS` (already checked by the schema: known categories, 1–120 months).
 */
function parseRiskAssessmentMonths(text: string | undefined): RiskAssessmentIntervals {
  const months: Record<string, number> = { ...riskAssessmentIntervalMonths };
  for (const pair of (text ?? '').split(',').filter((part) => part.includes('='))) {
    const [category, count] = pair.split('=').map((part) => part.trim());
    if ((criticalityCategories as readonly string[]).includes(category as string))
      months[category as string] = Number(count);
  }
  return Object.freeze(months) as RiskAssessmentIntervals;
}

/** Loads the configuration for a process entry point; on a bad one prints the problems and exits 78. */
export function loadConfigOrExit(env: NodeJS.ProcessEnv = process.env): AppConfig {
  try {
    return loadConfig(env);
  } catch (error) {
    if (error instanceof ConfigError) {
      process.stderr.write(`${error.message}\nSee .env.example for every setting.\n`);
      process.exit(78);
    }
    throw error;
  }
}
