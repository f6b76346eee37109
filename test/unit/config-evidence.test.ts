import { ConfigError, loadConfig } from '../../src/config';

const production = {
  NODE_ENV: 'production',
  MicrosoftAppId: '0b1c2d3e-4f50-4a6b-8c7d-8e9fa0b1c2d3',
  MicrosoftAppTenantId: '7a1e3c52-9b0d-4f5e-8c21-3d4b5a6e7f80',
  MicrosoftAppType: 'SingleTenant',
  ALLOWED_TENANT_IDS: '7a1e3c52-9b0d-4f5e-8c21-3d4b5a6e7f80',
  STORAGE_ACCOUNT_URL: 'https://sikkerhed.table.core.windows.net',
  BOOTSTRAP_COORDINATORS: '11111111-1111-4111-8111-111111111111',
  PUBLIC_BASE_URL: 'https://sikkerhed.azurewebsites.net',
};

const problemsOf = (env: Record<string, string>): string[] => {
  try {
    loadConfig(env);
    return [];
  } catch (error) {
    return (error as ConfigError).problems;
  }
};

describe('configuration: evidence files (#20)', () => {
  it('locally: Azurite blob service beside the table service, container "evidence", 10 MB, every type', () => {
    const { evidence } = loadConfig({});
    expect(evidence.blob).toEqual({
      connectionString: expect.stringContaining('BlobEndpoint=http://127.0.0.1:10000/devstoreaccount1'),
    });
    expect(evidence.container).toBe('evidence');
    expect(evidence.maxBytes).toBe(10 * 1024 * 1024);
    expect(evidence.allowedTypes).toEqual([
      'png',
      'jpeg',
      'gif',
      'webp',
      'heic',
      'pdf',
      'docx',
      'xlsx',
      'pptx',
      'text',
    ]);
  });

  it('in Azure: the account of STORAGE_ACCOUNT_URL with the managed identity, or STORAGE_BLOB_URL', () => {
    expect(loadConfig(production).evidence.blob).toEqual({
      accountUrl: 'https://sikkerhed.blob.core.windows.net',
      managedIdentityClientId: undefined,
    });
    const named = loadConfig({ ...production, STORAGE_BLOB_URL: 'https://andet.blob.core.windows.net' });
    expect(named.evidence.blob).toMatchObject({ accountUrl: 'https://andet.blob.core.windows.net' });
  });

  it('takes the size limit in MB and a list of types', () => {
    const { evidence } = loadConfig({ EVIDENCE_MAX_MB: '3', EVIDENCE_TYPES: 'png, pdf' });
    expect(evidence.maxBytes).toBe(3 * 1024 * 1024);
    expect(evidence.allowedTypes).toEqual(['png', 'pdf']);
  });

  it.each([
    [{ EVIDENCE_TYPES: 'png,exe' }, 'EVIDENCE_TYPES'],
    [{ EVIDENCE_TYPES: 'zip' }, 'EVIDENCE_TYPES'],
    [{ EVIDENCE_MAX_MB: '0' }, 'EVIDENCE_MAX_MB'],
    [{ EVIDENCE_MAX_MB: '51' }, 'EVIDENCE_MAX_MB'],
    [{ EVIDENCE_CONTAINER: 'Evidence' }, 'EVIDENCE_CONTAINER'],
    [{ EVIDENCE_CONTAINER: 'ev--x' }, 'EVIDENCE_CONTAINER'],
    [{ EVIDENCE_CONTAINER: 'ev' }, 'EVIDENCE_CONTAINER'],
    [{ STORAGE_BLOB_URL: 'https://x.blob.core.windows.net' }, 'STORAGE_BLOB_URL'],
  ])('refuses %p, naming %s', (env, name) => {
    expect(problemsOf(env).join('\n')).toContain(`${name}:`);
  });
});
