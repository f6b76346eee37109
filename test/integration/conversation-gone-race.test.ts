import { randomBytes } from 'node:crypto';
import type { TableClient } from '@azure/data-tables';
import type { StoredConversation } from '../../src/features/access/conversations';
import { TableConversationRepository } from '../../src/storage/conversation-repository';
import { createTables } from '../../src/storage/tables';

const chat: StoredConversation = {
  conversationId: 'a:personal-race',
  serviceUrl: 'https://smba.trafficmanager.net/emea/',
  tenantId: 'tenant',
  conversationType: 'personal',
  userId: 'user-1',
};

/**
 * A send found the person's chat gone (403/404) while the person wrote to the bot again: their fresh
 * reference must not be marked gone by the slower send — else every notice to them stops until
 * they write once more.
 */
describe('a chat found gone while the person writes again, on Azurite', () => {
  it("keeps the person's fresh reference", async () => {
    const tables = createTables(
      { connectionString: process.env.TEST_AZURITE_CONNECTION_STRING as string },
      `cg${randomBytes(4).toString('hex')}`,
    );
    await tables.ensureAll();
    const client = tables.client('Conversations');
    const plain = new TableConversationRepository(client, tables.client('Channels'));
    await plain.remember(chat);
    // Between the mark's read and its write, the person writes again (the bot remembers the chat anew).
    let interleaved = false;
    const racing = new Proxy(client, {
      get(target, property, receiver) {
        const value = Reflect.get(target, property, receiver);
        if (property !== 'getEntity') return typeof value === 'function' ? value.bind(target) : value;
        return async (...args: Parameters<TableClient['getEntity']>) => {
          const row = await target.getEntity(...args);
          if (!interleaved && args[0] === 'conversation') {
            interleaved = true;
            await plain.remember({ ...chat, serviceUrl: 'https://smba.trafficmanager.net/emea/new/' });
          }
          return row;
        };
      },
    });
    const marking = new TableConversationRepository(racing, tables.client('Channels'));
    await marking.markGone(chat.conversationId, new Date('2026-12-07T10:00:00Z'));
    expect(interleaved).toBe(true);
    expect((await plain.byId(chat.conversationId))?.goneAt).toBeUndefined();
    expect((await plain.personalChatOf('user-1'))?.goneAt).toBeUndefined();

    // Without a race, the mark is written to both rows as before.
    await marking.markGone(chat.conversationId, new Date('2026-12-07T11:00:00Z'));
    expect((await plain.byId(chat.conversationId))?.goneAt).toBe('2026-12-07T11:00:00.000Z');
    expect((await plain.personalChatOf('user-1'))?.goneAt).toBe('2026-12-07T11:00:00.000Z');
  });
});
