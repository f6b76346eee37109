import { randomBytes } from 'node:crypto';
import { CachedConversationRepository } from '../../src/features/access/channel-cache';
import type { StoredConversation } from '../../src/features/access/conversations';
import { TableConversationRepository } from '../../src/storage/conversation-repository';
import { createTables } from '../../src/storage/tables';

const channel = (id: string): StoredConversation => ({
  conversationId: `19:${id}@thread.tacv2`,
  serviceUrl: 'https://smba.trafficmanager.net/emea/',
  tenantId: 'tenant',
  conversationType: 'channel',
  teamId: '19:team',
});

/**
 * Two bot instances share one Channels table, each with its own cache in front: a reassignment made
 * through one instance counts there at once and on the other within the cache's lifetime (the same
 * 15 s window as roles, docs/SECURITY.md).
 */
describe('channel purposes cached per instance on Azurite', () => {
  let table: TableConversationRepository;
  let time = 0;
  const ttlMs = 15_000;
  const instance = () => new CachedConversationRepository(table, ttlMs, () => time);

  beforeEach(async () => {
    const tables = createTables(
      { connectionString: process.env.TEST_AZURITE_CONNECTION_STRING as string },
      `cc${randomBytes(4).toString('hex')}`,
    );
    await tables.ensureAll();
    table = new TableConversationRepository(tables.client('Conversations'), tables.client('Channels'));
    for (const id of ['old', 'new']) await table.remember(channel(id));
  });

  it('applies an assignment made through the same instance at once', async () => {
    const one = instance();
    expect(await one.channelFor('coordinator')).toBeUndefined();
    await one.assignPurpose('coordinator', channel('old').conversationId, 'tenant', 'test');
    expect((await one.channelFor('coordinator'))?.conversationId).toBe(channel('old').conversationId);
    await one.assignPurpose('coordinator', channel('new').conversationId, 'tenant', 'test');
    expect((await one.channelFor('coordinator'))?.conversationId).toBe(channel('new').conversationId);
  });

  it('applies a reassignment made through another instance once the cache lifetime has passed', async () => {
    const [one, other] = [instance(), instance()];
    await one.assignPurpose('management', channel('old').conversationId, 'tenant', 'test');
    expect((await other.channelFor('management'))?.conversationId).toBe(channel('old').conversationId);

    await one.assignPurpose('management', channel('new').conversationId, 'tenant', 'test');
    time += ttlMs - 1;
    expect((await other.channelFor('management'))?.conversationId).toBe(channel('old').conversationId);
    time += 2;
    expect((await other.channelFor('management'))?.conversationId).toBe(channel('new').conversationId);
  });

  it('stops naming a channel at once when this instance learns the bot was removed from it', async () => {
    const one = instance();
    await one.assignPurpose('coordinator', channel('old').conversationId, 'tenant', 'test');
    expect((await one.channelFor('coordinator'))?.goneAt).toBeUndefined();
    await one.markGone(channel('old').conversationId, new Date('2026-11-01T10:00:00Z'));
    expect((await one.channelFor('coordinator'))?.goneAt).toBe('2026-11-01T10:00:00.000Z');
  });

  it('does not keep a read that was under way when the assignment changed', async () => {
    const one = instance();
    await table.assignPurpose('hr', channel('old').conversationId, 'tenant', 'test');
    const reading = one.channelFor('hr');
    await one.assignPurpose('hr', channel('new').conversationId, 'tenant', 'test');
    await reading; // may have seen either channel; either way it must not be cached
    expect((await one.channelFor('hr'))?.conversationId).toBe(channel('new').conversationId);
  });

  it('hands out copies, so a caller cannot change what others are told', async () => {
    const one = instance();
    await one.assignPurpose('steering', channel('old').conversationId, 'tenant', 'test');
    (await one.channelFor('steering'))!.serviceUrl = 'https://evil.example/';
    expect((await one.channelFor('steering'))?.serviceUrl).toBe(channel('old').serviceUrl);
  });
});
