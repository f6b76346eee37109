import { BlobServiceClient, type ContainerClient, type StoragePipelineOptions } from '@azure/storage-blob';
import { DefaultAzureCredential } from '@azure/identity';
import { isEvidenceFolder, isEvidenceKey, type EvidenceStore } from '../features/evidence/store';
import { isConflict, isNotFound, isRestError, rethrowStorageError } from './errors';

/** Where the evidence container is: Azurite's (or an account's) connection string, or a blob endpoint and managed identity. */
export type BlobLocation =
  | { connectionString: string; container: string }
  | { accountUrl: string; container: string; managedIdentityClientId?: string };

const pipeline: StoragePipelineOptions = {
  retryOptions: { maxTries: 3, retryDelayInMs: 100, maxRetryDelayInMs: 1000, tryTimeoutInMs: 30_000 },
};

/** The container a location names. */
export function evidenceContainer(location: BlobLocation): ContainerClient {
  const service =
    'connectionString' in location
      ? BlobServiceClient.fromConnectionString(location.connectionString, pipeline)
      : new BlobServiceClient(
          location.accountUrl,
          new DefaultAzureCredential({ managedIdentityClientId: location.managedIdentityClientId }),
          pipeline,
        );
  return service.getContainerClient(location.container);
}

const containerMissing = (error: unknown): boolean =>
  isRestError(error) && error.statusCode === 404 && error.code === 'ContainerNotFound';

/**
 * Evidence files in a private Blob Storage container (#20, P10). A file is written once (If-None-Match: *)
 * and never overwritten; the container is created on first use where the identity may (Azurite; in
 * Azure `infra/` creates it and the app's identity holds Storage Blob Data Contributor on it alone).
 */
export class BlobEvidenceStore implements EvidenceStore {
  constructor(private readonly container: ContainerClient) {}

  async put(key: string, bytes: Buffer, contentType: string): Promise<void> {
    if (!isEvidenceKey(key)) throw new Error('not an evidence key');
    const write = () =>
      this.container.getBlockBlobClient(key).uploadData(bytes, {
        blobHTTPHeaders: { blobContentType: contentType, blobContentDisposition: 'attachment' },
        conditions: { ifNoneMatch: '*' },
      });
    try {
      try {
        await write();
      } catch (error) {
        if (!containerMissing(error)) throw error;
        await this.container.createIfNotExists();
        await write();
      }
    } catch (error) {
      rethrowStorageError(error, 'evidence');
    }
  }

  async get(key: string): Promise<Buffer | undefined> {
    if (!isEvidenceKey(key)) return undefined;
    try {
      return await this.container.getBlockBlobClient(key).downloadToBuffer();
    } catch (error) {
      if (isNotFound(error)) return undefined;
      rethrowStorageError(error, 'evidence');
    }
  }

  async delete(key: string): Promise<boolean> {
    if (!isEvidenceKey(key)) return false;
    try {
      return (await this.container.getBlockBlobClient(key).deleteIfExists({ deleteSnapshots: 'include' })).succeeded;
    } catch (error) {
      if (isNotFound(error)) return false;
      rethrowStorageError(error, 'evidence');
    }
  }

  async deleteFolder(folder: string): Promise<number> {
    if (!isEvidenceFolder(folder)) throw new Error('not an evidence folder');
    let deleted = 0;
    try {
      for await (const blob of this.container.listBlobsFlat({ prefix: folder })) {
        if (await this.delete(blob.name)) deleted += 1;
      }
    } catch (error) {
      if (containerMissing(error)) return deleted;
      if (isConflict(error)) return deleted;
      rethrowStorageError(error, 'evidence');
    }
    return deleted;
  }
}
