import { randomUUID } from 'node:crypto';
import type { ConversationRepository, StoredConversation } from '../../../src/features/access/conversations';

const chat = (overrides: Partial<StoredConversation> = {}): StoredConversation => ({
  conversationId: `a:${randomUUID()}`,
  serviceUrl: 'https://smba.trafficmanager.net/emea/',
  tenantId: randomUUID(),
  conversationType: 'personal',
  userId: randomUUID(),
  ...overrides,
});

const channel = (tenantId: string): StoredConversation => ({
  conversationId: `19:${randomUUID().replace(/-/g, '')}@thread.tacv2;messageid=1`,
  serviceUrl: 'https://smba.trafficmanager.net/emea/',
  tenantId,
  conversationType: 'channel',
  teamId: `19:${randomUUID()}@thread.tacv2`,
});

/**
 * What every {@link ConversationRepository} must do: conversation references kept by id (copies),
 * a person's personal chat found by the person, channels marked gone, and a channel purpose
 * assigned once per channel — the assignment its audit record is keyed by. `fresh` gives an empty
 * store for each test.
 */
export function conversationRepositoryContract(fresh: () => Promise<ConversationRepository>): void {
  let repo: ConversationRepository;
  beforeEach(async () => {
    repo = await fresh();
  });

  it('keeps a reference by id as a copy, and a second remember replaces it (idempotent)', async () => {
    const personal = chat({ locale: 'en' });
    await repo.remember(personal);
    await repo.remember(personal);
    const stored = await repo.byId(personal.conversationId);
    expect(stored).toEqual(personal);
    stored!.serviceUrl = 'https://changed.example/';
    expect((await repo.byId(personal.conversationId))?.serviceUrl).toBe(personal.serviceUrl);
    await repo.remember({ ...personal, locale: 'da' });
    expect((await repo.byId(personal.conversationId))?.locale).toBe('da');
    expect(await repo.byId(`a:${randomUUID()}`)).toBeUndefined();
  });

  it("finds a person's personal chat (the latest remembered), never a channel", async () => {
    const first = chat();
    const userId = first.userId as string;
    await repo.remember(first);
    const again = chat({ userId, tenantId: first.tenantId });
    await repo.remember(again);
    expect(await repo.personalChatOf(userId)).toEqual(again);
    const inChannel = channel(first.tenantId);
    const member = randomUUID();
    await repo.remember({ ...inChannel, userId: member });
    expect(await repo.personalChatOf(member)).toBeUndefined();
    expect(await repo.byId(inChannel.conversationId)).toMatchObject({ conversationType: 'channel' });
  });

  it('marks a conversation gone, on the personal chat too; a conversation never seen stays unknown', async () => {
    const personal = chat();
    await repo.remember(personal);
    const at = new Date('2027-02-01T10:00:00.000Z');
    await repo.markGone(personal.conversationId, at);
    expect((await repo.byId(personal.conversationId))?.goneAt).toBe(at.toISOString());
    expect((await repo.personalChatOf(personal.userId as string))?.goneAt).toBe(at.toISOString());
    const unknown = `a:${randomUUID()}`;
    await repo.markGone(unknown, at);
    expect(await repo.byId(unknown)).toBeUndefined();
    await repo.remember(personal);
    expect((await repo.byId(personal.conversationId))?.goneAt).toBeUndefined();
  });

  it("marking an earlier personal chat gone leaves the person's current one as it is", async () => {
    const earlier = chat();
    const userId = earlier.userId as string;
    await repo.remember(earlier);
    const current = chat({ userId, tenantId: earlier.tenantId });
    await repo.remember(current);
    await repo.markGone(earlier.conversationId, new Date('2027-02-01T10:00:00.000Z'));
    expect((await repo.byId(earlier.conversationId))?.goneAt).toBe('2027-02-01T10:00:00.000Z');
    expect(await repo.personalChatOf(userId)).toEqual(current);
  });

  it('assigns a purpose once per channel: the same channel again changes nothing, another replaces it', async () => {
    const tenantId = randomUUID();
    const [general, management] = [channel(tenantId), channel(tenantId)];
    await repo.remember(general);
    await repo.remember(management);
    expect(await repo.assignment('coordinator')).toBeUndefined();
    expect(await repo.channelFor('coordinator')).toBeUndefined();

    const first = await repo.assignPurpose('coordinator', general.conversationId, tenantId, 'u1', 'Mette Kjær');
    expect(first.changed).toBe(true);
    expect(first.assignment).toMatchObject({
      purpose: 'coordinator',
      conversationId: general.conversationId,
      tenantId,
      assignedBy: 'u1',
      assignedByName: 'Mette Kjær',
    });
    expect(first.assignment.id).toBeTruthy();
    expect(Date.parse(first.assignment.assignedAt)).not.toBeNaN();

    const repeat = await repo.assignPurpose('coordinator', general.conversationId, tenantId, 'u2');
    expect(repeat).toEqual({ assignment: first.assignment, changed: false });
    expect(await repo.assignment('coordinator')).toEqual(first.assignment);
    expect(await repo.channelFor('coordinator')).toEqual(general);

    const moved = await repo.assignPurpose('coordinator', management.conversationId, tenantId, 'u2');
    expect(moved.changed).toBe(true);
    expect(moved.assignment.id).not.toBe(first.assignment.id);
    expect(moved.assignment.assignedByName).toBeUndefined();
    expect(await repo.assignment('coordinator')).toEqual(moved.assignment);
    expect(await repo.channelFor('coordinator')).toEqual(management);
    expect(await repo.assignment('management')).toBeUndefined();
  });

  it('two assignments of the same channel at once: one made it, the other finds it', async () => {
    const tenantId = randomUUID();
    const hr = channel(tenantId);
    const results = await Promise.all([
      repo.assignPurpose('hr', hr.conversationId, tenantId, 'u1'),
      repo.assignPurpose('hr', hr.conversationId, tenantId, 'u2'),
    ]);
    expect(results.filter((result) => result.changed)).toHaveLength(1);
    expect(results[0]?.assignment).toEqual(results[1]?.assignment);
    expect(await repo.assignment('hr')).toEqual(results[0]?.assignment);
  });

  it('reaches a channel assigned before the bot saw it through the service URL last seen in its tenant', async () => {
    const tenantId = randomUUID();
    const unseen = channel(tenantId);
    await repo.assignPurpose('steering', unseen.conversationId, tenantId, 'configuration');
    expect(await repo.channelFor('steering')).toBeUndefined();
    await repo.remember(chat({ tenantId, serviceUrl: 'https://smba.trafficmanager.net/emea/x/' }));
    expect(await repo.channelFor('steering')).toEqual({
      conversationId: unseen.conversationId,
      serviceUrl: 'https://smba.trafficmanager.net/emea/x/',
      tenantId,
      conversationType: 'channel',
    });
  });
}
