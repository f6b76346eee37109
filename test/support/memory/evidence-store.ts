import { ConflictError } from '../../../src/errors';
import { isEvidenceFolder, isEvidenceKey, type EvidenceStore } from '../../../src/features/evidence/store';

/** Evidence bytes in memory, held to the contract of `BlobEvidenceStore`: written once, copies out. */
export class MemoryEvidenceStore implements EvidenceStore {
  readonly blobs = new Map<string, { bytes: Buffer; contentType: string }>();

  async put(key: string, bytes: Buffer, contentType: string): Promise<void> {
    if (!isEvidenceKey(key)) throw new Error('not an evidence key');
    if (this.blobs.has(key)) throw new ConflictError('evidence');
    this.blobs.set(key, { bytes: Buffer.from(bytes), contentType });
  }

  async get(key: string): Promise<Buffer | undefined> {
    const found = isEvidenceKey(key) ? this.blobs.get(key) : undefined;
    return found && Buffer.from(found.bytes);
  }

  async delete(key: string): Promise<boolean> {
    return isEvidenceKey(key) && this.blobs.delete(key);
  }

  async deleteFolder(folder: string): Promise<number> {
    if (!isEvidenceFolder(folder)) throw new Error('not an evidence folder');
    const keys = [...this.blobs.keys()].filter((key) => key.startsWith(folder));
    for (const key of keys) this.blobs.delete(key);
    return keys.length;
  }
}
