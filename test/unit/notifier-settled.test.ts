import { systemClock } from '../../src/clock';
import { TeamsNotifier } from '../../src/bot/notifier';
import type { StoredConversation } from '../../src/features/access/conversations';
import { createLogger } from '../../src/logger';

/** A connector that holds every send until the test lets it through. */
function heldAdapter() {
  let release: () => void = () => undefined;
  const held = new Promise<void>((resolve) => (release = resolve));
  const sent: unknown[] = [];
  const adapter = {
    continueConversationAsync: async (
      _appId: string,
      _reference: unknown,
      logic: (context: unknown) => Promise<void>,
    ) => {
      await held;
      await logic({ sendActivity: async (activity: unknown) => void sent.push(activity) });
    },
  };
  return { adapter, release: () => release(), sent };
}

const chat: StoredConversation = {
  conversationId: 'a:personal-1',
  conversationType: 'personal',
  serviceUrl: 'http://127.0.0.1:1/',
  tenantId: 'tenant',
} as StoredConversation;

const gate = { acquire: async () => undefined, throttled: () => undefined };

describe('a stopping bot and the sends under way', () => {
  const notifierWith = (adapter: object) =>
    new TeamsNotifier(adapter as never, '', {} as never, systemClock, createLogger('silent'), { gate: gate as never });

  it('waits for a send that is under way, so it is neither cut off nor retried against a server going away', async () => {
    const { adapter, release, sent } = heldAdapter();
    const notifier = notifierWith(adapter);
    const delivery = notifier.send(chat, { type: 'AdaptiveCard' });
    let settled = false;
    const stopping = notifier.settled(10_000).then(() => (settled = true));
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(settled).toBe(false);
    release();
    await stopping;
    expect(await delivery).toBe('sent');
    expect(sent).toHaveLength(1);
  });

  it('stops waiting after its limit when a send never ends', async () => {
    const { adapter, release } = heldAdapter();
    const notifier = notifierWith(adapter);
    void notifier.send(chat, { type: 'AdaptiveCard' });
    const started = Date.now();
    await notifier.settled(100);
    expect(Date.now() - started).toBeLessThan(2_000);
    release();
  });

  it('has nothing to wait for when nothing is being sent', async () => {
    const started = Date.now();
    await notifierWith(heldAdapter().adapter).settled(10_000);
    expect(Date.now() - started).toBeLessThan(1_000);
  });
});
