import { randomBytes } from 'node:crypto';
import { ConflictError } from '../../../src/errors';
import type { EvidenceStore } from '../../../src/features/evidence/store';

const folder = () => `incidents/2026/${randomBytes(3).readUIntBE(0, 3)}/`;

/** What every {@link EvidenceStore} must do: bytes back as written, never overwritten, deleted by key or folder. */
export function evidenceStoreContract(fresh: () => Promise<EvidenceStore>): void {
  let store: EvidenceStore;
  beforeEach(async () => {
    store = await fresh();
  });

  it('gives back exactly the bytes written, and a copy (changing it changes nothing stored)', async () => {
    const key = `${folder()}a1b2c3d4`;
    const bytes = randomBytes(70_000);
    await store.put(key, bytes, 'image/png');
    const read = (await store.get(key)) as Buffer;
    expect(read.equals(bytes)).toBe(true);
    read.fill(0);
    expect(((await store.get(key)) as Buffer).equals(bytes)).toBe(true);
  });

  it('never overwrites: a second write to the same key is a conflict and the first bytes stay', async () => {
    const key = `${folder()}once`;
    await store.put(key, Buffer.from('first'), 'text/plain');
    await expect(store.put(key, Buffer.from('second'), 'text/plain')).rejects.toBeInstanceOf(ConflictError);
    expect((await store.get(key))?.toString()).toBe('first');
  });

  it('answers a key never written, or deleted, with nothing', async () => {
    const key = `${folder()}gone`;
    expect(await store.get(key)).toBeUndefined();
    await store.put(key, Buffer.from('x'), 'text/plain');
    expect(await store.delete(key)).toBe(true);
    expect(await store.get(key)).toBeUndefined();
    expect(await store.delete(key)).toBe(false);
  });

  it('deletes a folder and nothing beside it (not a folder whose name starts the same)', async () => {
    const base = folder();
    const sibling = `${base.slice(0, -1)}9/`;
    await store.put(`${base}one`, Buffer.from('1'), 'text/plain');
    await store.put(`${base}two`, Buffer.from('2'), 'text/plain');
    await store.put(`${sibling}three`, Buffer.from('3'), 'text/plain');
    expect(await store.deleteFolder(base)).toBe(2);
    expect(await store.get(`${base}one`)).toBeUndefined();
    expect((await store.get(`${sibling}three`))?.toString()).toBe('3');
    expect(await store.deleteFolder(base)).toBe(0);
  });

  it('refuses keys it did not make: path tricks, a leading slash, an empty key', async () => {
    for (const key of ['../x', '/abs', '', 'a//b', 'a/../b', 'a/b c', 'æ'])
      await expect(store.put(key, Buffer.from('x'), 'text/plain')).rejects.toThrow();
    expect(await store.get('../x')).toBeUndefined();
  });

  it('keeps an empty folder deletable and a file of 0 bytes readable', async () => {
    const key = `${folder()}empty`;
    await store.put(key, Buffer.alloc(0), 'text/plain');
    expect((await store.get(key))?.length).toBe(0);
  });
}
