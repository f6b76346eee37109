import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { ConfigError, loadConfig } from '../../src/config';

const tenant = '7a1e3c52-9b0d-4f5e-8c21-3d4b5a6e7f80';
const production = {
  NODE_ENV: 'production',
  MicrosoftAppId: '0b1c2d3e-4f50-4a6b-8c7d-8e9fa0b1c2d3',
  MicrosoftAppTenantId: tenant,
  MicrosoftAppType: 'SingleTenant',
  ALLOWED_TENANT_IDS: tenant,
  STORAGE_ACCOUNT_URL: 'https://sikkerhed.table.core.windows.net',
  BOOTSTRAP_COORDINATORS: '11111111-1111-4111-8111-111111111111',
  PUBLIC_BASE_URL: 'https://sikkerhed.azurewebsites.net',
};

describe('configuration', () => {
  it('needs no settings for local development: Azurite on 127.0.0.1 and auth off', () => {
    const config = loadConfig({});
    expect(config.env).toBe('development');
    expect(config.host).toBe('127.0.0.1');
    expect(config.port).toBe(3978);
    expect(config.auth.enabled).toBe(false);
    expect(config.storage).toEqual({
      connectionString: expect.stringContaining('TableEndpoint=http://127.0.0.1:10002/devstoreaccount1'),
    });
  });

  it('accepts a complete production configuration with managed identity storage and auth on', () => {
    const config = loadConfig(production);
    expect(config.auth).toMatchObject({ enabled: true, appType: 'SingleTenant' });
    expect(config.storage).toEqual({ accountUrl: production.STORAGE_ACCOUNT_URL, managedIdentityClientId: undefined });
    expect(config.allowedTenantIds).toEqual([tenant]);
  });

  it.each([
    ['MicrosoftAppId', { MicrosoftAppId: '' }, 'MicrosoftAppId: is required when NODE_ENV=production'],
    [
      'ALLOWED_TENANT_IDS',
      { ALLOWED_TENANT_IDS: 'not-a-guid' },
      'ALLOWED_TENANT_IDS: must be a comma-separated list of GUIDs',
    ],
    ['STORAGE_ACCOUNT_URL', { STORAGE_ACCOUNT_URL: 'ftp://x' }, 'STORAGE_ACCOUNT_URL: must be an http(s) URL'],
    ['PORT', { PORT: 'eighty' }, 'PORT'],
    [
      'DEMO_ROSTER_FILE',
      { DEMO_ROSTER_FILE: 'demo/roster.json' },
      'DEMO_ROSTER_FILE: demo roles are never granted in production',
    ],
    ['MicrosoftAppType', { MicrosoftAppType: 'MultiTenant' }, 'MicrosoftAppType: must be SingleTenant'],
  ])('names %s when it is missing or malformed', (_name, change, message) => {
    expect(() => loadConfig({ ...production, ...change })).toThrow(ConfigError);
    expect(() => loadConfig({ ...production, ...change })).toThrow(message);
  });

  it('runs retention by itself unless RETENTION_AUTOMATIC is false or 0, and refuses anything else', () => {
    expect(loadConfig({}).retention.automatic).toBe(true);
    expect(loadConfig({ RETENTION_AUTOMATIC: 'true' }).retention.automatic).toBe(true);
    expect(loadConfig({ RETENTION_AUTOMATIC: 'false' }).retention.automatic).toBe(false);
    expect(loadConfig({ RETENTION_AUTOMATIC: '0' }).retention.automatic).toBe(false);
    expect(() => loadConfig({ RETENTION_AUTOMATIC: 'nej' })).toThrow('RETENTION_AUTOMATIC');
  });

  it('keeps decided violation referrals 5 years unless told otherwise, within 1–100 years', () => {
    expect(loadConfig({}).retention.referralYears).toBe(5);
    expect(loadConfig({ RETENTION_REFERRAL_YEARS: '10' }).retention.referralYears).toBe(10);
    for (const bad of ['0', '101', '2.5', 'fem']) {
      expect(() => loadConfig({ RETENTION_REFERRAL_YEARS: bad })).toThrow('RETENTION_REFERRAL_YEARS');
    }
  });

  it('reviews systems every 12/12/24/36 months by category unless RISK_ASSESSMENT_MONTHS says otherwise (P4)', () => {
    expect(loadConfig({}).riskAssessmentMonths).toEqual({
      lifeAndDeath: 12,
      veryCritical: 12,
      critical: 24,
      nonCritical: 36,
    });
    expect(loadConfig({ RISK_ASSESSMENT_MONTHS: ' critical=18, nonCritical=48 ' }).riskAssessmentMonths).toEqual({
      lifeAndDeath: 12,
      veryCritical: 12,
      critical: 18,
      nonCritical: 48,
    });
    for (const bad of ['critical=0', 'critical=121', 'critical=1.5', 'kritisk=12', 'critical', 'critical=12;']) {
      expect(() => loadConfig({ RISK_ASSESSMENT_MONTHS: bad })).toThrow('RISK_ASSESSMENT_MONTHS');
    }
  });

  it('stops the process at start with a message naming the variable', () => {
    const root = path.join(__dirname, '..', '..');
    const result = spawnSync(process.execPath, [path.join(root, 'node_modules', '.bin', 'tsx'), 'src/index.ts'], {
      cwd: root,
      env: { PATH: process.env.PATH, NODE_ENV: 'production', MicrosoftAppId: 'abc' },
      encoding: 'utf8',
      timeout: 90000,
    });
    expect(result.status).toBe(78);
    expect(result.stderr).toContain('MicrosoftAppId: must be a GUID');
    expect(result.stderr).toContain('STORAGE_ACCOUNT_URL: is required when NODE_ENV=production');
  }, 120_000);
});
