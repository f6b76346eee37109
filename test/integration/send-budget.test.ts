import { randomBytes } from 'node:crypto';
import { createAdapter } from '../../src/bot/adapter';
import type { AdaptiveCard } from '../../src/platform/cards';
import { TeamsNotifier } from '../../src/bot/notifier';
import { SendBudget } from '../../src/bot/send-budget';
import { SendPace, teamsSendLimits } from '../../src/bot/send-pace';
import { systemClock } from '../../src/clock';
import { loadConfig } from '../../src/config';
import type { StoredConversation } from '../../src/features/access/conversations';
import { createLogger } from '../../src/logger';
import { TableConversationRepository } from '../../src/storage/conversation-repository';
import { TableLiveSenders } from '../../src/storage/live-senders';
import { createTables, type Tables } from '../../src/storage/tables';
import { startConnector, type Connector, type ConnectorRule } from '../support/connector';

const logger = createLogger('silent');
const TENANT = 'c0ffee00-0000-4000-8000-000000000001';
const card = {
  type: 'AdaptiveCard',
  version: '1.5',
  body: [{ type: 'TextBlock', text: 'Påmindelse' }],
} as AdaptiveCard;

async function freshTables(): Promise<Tables> {
  const tables = createTables(
    { connectionString: process.env.TEST_AZURITE_CONNECTION_STRING as string },
    `b${randomBytes(4).toString('hex')}`,
  );
  await tables.ensureAll();
  return tables;
}

/** Waits until `predicate` holds (checked every 25 ms), or fails after `timeoutMs`. */
async function eventually(predicate: () => boolean, timeoutMs = 5000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!predicate()) {
    if (Date.now() > deadline) throw new Error(`not true within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

/** Teams' bot limits as the connector counts them, on arrival: over a limit → 429 with Retry-After. */
function teamsLimits(): { rule: ConnectorRule; refused: () => number } {
  const windows = [...teamsSendLimits.perConversation, [teamsSendLimits.perSecond, 1000] as const];
  const arrived: { at: number; conversationId: string }[] = [];
  let refused = 0;
  const rule: ConnectorRule = (call) => {
    if (call.method !== 'POST' || !call.conversationId) return undefined;
    const now = Date.now();
    const over = windows.some(([count, ms], i) => {
      const overall = i === windows.length - 1;
      const inWindow = arrived.filter((a) => a.at > now - ms && (overall || a.conversationId === call.conversationId));
      return inWindow.length >= count;
    });
    if (over) {
      refused++;
      return { status: 429, headers: { 'retry-after': '1' } };
    }
    arrived.push({ at: now, conversationId: call.conversationId });
    return undefined;
  };
  return { rule, refused: () => refused };
}

describe('heartbeats of the sending instances in storage', () => {
  it('count the instances whose heartbeat is current, not one that left or whose heartbeat ran out', async () => {
    const senders = new TableLiveSenders((await freshTables()).client('Senders'));
    const now = Date.now();
    const ids = (live: { id: string }[]) => live.map((sender) => sender.id).sort();
    expect(ids(await senders.beat('a', now, now + 2000))).toEqual(['a']);
    const both = await senders.beat('b', now, now + 2000);
    expect(ids(both)).toEqual(['a', 'b']);
    // Storage's write time orders the heartbeats (a newcomer waits for those written before its own).
    const [a, b] = ['a', 'b'].map((id) => both.find((sender) => sender.id === id)!.writtenAt);
    expect(b).toBeGreaterThanOrEqual(a!);
    // An instance that died 3 s ago: its last heartbeat ran out a second ago.
    await senders.beat('dead', now - 3000, now - 1000);
    expect(ids(await senders.beat('a', now + 100, now + 2100))).toEqual(['a', 'b']);
    await senders.leave('b');
    await senders.leave('b'); // harmless twice
    expect(ids(await senders.beat('a', now + 200, now + 2200))).toEqual(['a']);
  });

  it('removes the rows of instances dead for more than a minute', async () => {
    const table = (await freshTables()).client('Senders');
    const senders = new TableLiveSenders(table);
    const now = Date.now();
    await senders.beat('ghost', now - 120_000, now - 118_000);
    await senders.beat('recent', now - 10_000, now - 8000);
    await senders.beat('a', now, now + 2000);
    const rows: string[] = [];
    for await (const row of table.listEntities()) rows.push(row.rowKey as string);
    expect(rows.sort()).toEqual(['a', 'recent']);
  });
});

describe("instances share the bot's send budget", () => {
  const options = { beatMs: 100, ttlMs: 400, idleMs: 60_000 };

  it('gives one sending instance all of it, half each to two, and a dead one’s share back when its heartbeat runs out', async () => {
    const senders = new TableLiveSenders((await freshTables()).client('Senders'));
    const one = new SendBudget({ senders, ...options });
    const two = new SendBudget({ senders, ...options });
    try {
      await one.acquire('a');
      expect(one.sharedBy).toBe(1);
      await two.acquire('b');
      expect(two.sharedBy).toBe(2);
      await eventually(() => one.sharedBy === 2);

      // A third instance beats once and dies (no leave): it counts until its heartbeat runs out.
      const now = Date.now();
      await senders.beat('crashed', now, now + 400);
      await eventually(() => one.sharedBy === 3 && two.sharedBy === 3);
      await eventually(() => one.sharedBy === 2 && two.sharedBy === 2);

      // One that stops leaves at once.
      await two.stop();
      await eventually(() => one.sharedBy === 1);
    } finally {
      await Promise.all([one.stop(), two.stop()]);
    }
  });

  it('stops counting an instance that has not sent for a while', async () => {
    const senders = new TableLiveSenders((await freshTables()).client('Senders'));
    const busy = new SendBudget({ senders, ...options });
    const idle = new SendBudget({ senders, ...options, idleMs: 300 });
    try {
      await idle.acquire('a');
      await busy.acquire('b');
      expect(busy.sharedBy).toBe(2);
      const keepSending = setInterval(() => void busy.acquire('b'), 150);
      try {
        await eventually(() => busy.sharedBy === 1);
      } finally {
        clearInterval(keepSending);
      }
    } finally {
      await Promise.all([busy.stop(), idle.stop()]);
    }
  });
});

describe("three instances' notifiers against a connector that enforces Teams' limits", () => {
  let connector: Connector;
  beforeAll(async () => {
    connector = await startConnector();
  });
  afterAll(() => connector.close());

  it('deliver every message once and are never refused, together under the per-bot and per-conversation limits', async () => {
    const tables = await freshTables();
    const senders = new TableLiveSenders(tables.client('Senders'));
    const conversations = new TableConversationRepository(tables.client('Conversations'), tables.client('Channels'));
    const config = loadConfig({ NODE_ENV: 'test', SCHEDULER_ENABLED: 'false' });
    const limits = teamsLimits();
    connector.rule = limits.rule;
    // A wide guard: Teams counts on arrival, and this machine is shared.
    const budgets = [0, 1, 2].map(() => new SendBudget({ senders, pace: new SendPace({ guardMs: 100 }), beatMs: 100 }));
    const notifiers = budgets.map(
      (gate) => new TeamsNotifier(createAdapter(config.auth), '', conversations, systemClock, logger, { gate }),
    );
    const chat = (conversationId: string): StoredConversation => ({
      conversationId,
      serviceUrl: connector.url,
      tenantId: TENANT,
      conversationType: 'personal',
    });
    const channel: StoredConversation = { ...chat('19:coordinator@thread.tacv2'), conversationType: 'channel' };
    try {
      const outcomes = await Promise.all(
        notifiers.map(async (notifier, i) => {
          const sent = [];
          for (let n = 0; n < 50; n++) sent.push(await notifier.send(chat(`a:chat-${i}-${n}`), card));
          return sent;
        }),
      );
      const toChannel = [];
      for (let n = 0; n < 10; n++) toChannel.push(await notifiers[0]!.send(channel, card));

      expect([...outcomes.flat(), ...toChannel].every((outcome) => outcome === 'sent')).toBe(true);
      expect(limits.refused()).toBe(0);
      const accepted = connector.calls.filter((call) => call.method === 'POST');
      expect(new Set(accepted.map((call) => call.conversationId)).size).toBe(151);
      expect(accepted).toHaveLength(160);
    } finally {
      connector.rule = undefined;
      await Promise.all(budgets.map((budget) => budget.stop()));
    }
  });
});
