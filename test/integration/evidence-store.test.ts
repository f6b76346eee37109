import { randomBytes } from 'node:crypto';
import { StorageUnavailableError } from '../../src/errors';
import { BlobEvidenceStore, evidenceContainer } from '../../src/storage/blob-evidence-store';
import { evidenceStoreContract } from '../support/contracts/evidence-store';
import { MemoryEvidenceStore } from '../support/memory/evidence-store';
import { startAzurite } from '../support/azurite';
import { azuriteConnectionString } from '../../src/config';
import { freePort } from '../support/ports';
import { createTables } from '../../src/storage/tables';
import { TableAttachTargets } from '../../src/storage/evidence-target-repository';
import { attachTargetsContract } from '../support/contracts/attach-targets';
import { MemoryAttachTargets } from '../support/memory/attach-targets';

/** A new, not yet created container on the run's Azurite (the store creates it on first write). */
const freshContainer = () =>
  evidenceContainer({
    connectionString: process.env.TEST_AZURITE_CONNECTION_STRING as string,
    container: `ev${randomBytes(6).toString('hex')}`,
  });

describe('EvidenceStore contract (#20)', () => {
  describe('Blob Storage (Azurite)', () => {
    evidenceStoreContract(async () => new BlobEvidenceStore(freshContainer()));
  });
  describe('in memory', () => {
    evidenceStoreContract(async () => new MemoryEvidenceStore());
  });
});

describe('BlobEvidenceStore on Azurite', () => {
  it('creates its container on first use and keeps it private (no anonymous read)', async () => {
    const container = freshContainer();
    const store = new BlobEvidenceStore(container);
    await store.put('incidents/2026/1/abc', Buffer.from('%PDF-1.7'), 'application/pdf');
    const properties = await container.getProperties();
    expect(properties.blobPublicAccess).toBeUndefined();
    const anonymous = await fetch(`${container.url}/incidents/2026/1/abc`);
    expect(anonymous.status).not.toBe(200);
    const blob = await container.getBlockBlobClient('incidents/2026/1/abc').getProperties();
    expect(blob.contentType).toBe('application/pdf');
  });

  it('answers an unreachable blob service as storage unavailable (the user is told to try again)', async () => {
    const port = await freePort();
    const store = new BlobEvidenceStore(
      evidenceContainer({ connectionString: azuriteConnectionString(port, '127.0.0.1', port), container: 'evidence' }),
    );
    await expect(store.put('incidents/2026/1/x', Buffer.from('x'), 'text/plain')).rejects.toBeInstanceOf(
      StorageUnavailableError,
    );
  });

  it('is started by the tests beside the table service: one Azurite answers both', async () => {
    const azurite = await startAzurite();
    try {
      const store = new BlobEvidenceStore(
        evidenceContainer({ connectionString: azurite.connectionString, container: 'evidence' }),
      );
      await store.put('incidents/2026/2/y', Buffer.from('y'), 'text/plain');
      expect((await store.get('incidents/2026/2/y'))?.toString()).toBe('y');
      expect((await fetch(`http://127.0.0.1:${azurite.port}/devstoreaccount1/Tables`)).status).toBeLessThan(500);
    } finally {
      await azurite.stop();
    }
  });
});

describe('AttachTargets contract (#20)', () => {
  describe('Table Storage (Azurite)', () => {
    attachTargetsContract(async () => {
      const tables = createTables(
        { connectionString: process.env.TEST_AZURITE_CONNECTION_STRING as string },
        `t${randomBytes(4).toString('hex')}`,
      );
      await tables.client('Evidence').createTable();
      return new TableAttachTargets(tables.client('Evidence'));
    });
  });
  describe('in memory', () => {
    attachTargetsContract(async () => new MemoryAttachTargets());
  });
});
