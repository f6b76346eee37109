import { randomBytes, randomUUID } from 'node:crypto';
import { createAdapter } from '../../src/bot/adapter';
import type { AdaptiveCard } from '../../src/platform/cards';
import { TeamsNotifier } from '../../src/bot/notifier';
import type { Notifier } from '../../src/platform/notifier';
import { loadConfig } from '../../src/config';
import type { ChannelPurpose } from '../../src/features/access/conversations';
import { composeRepositories, composeServices, initialJobs, jobHandlers } from '../../src/compose';
import { ANNUAL_APPROVAL } from '../../src/features/approvals/annual-job';
import { QUARTERLY_REVIEW } from '../../src/features/reviews/review-job';
import { Scheduler } from '../../src/platform/scheduler/scheduler';
import { da } from '../../src/i18n/catalogs';
import { createLogger } from '../../src/logger';
import { TableConversationRepository } from '../../src/storage/conversation-repository';
import { TableJobRepository } from '../../src/storage/job-repository';
import { TableRoleRepository } from '../../src/storage/role-repository';
import { createTables, type Tables } from '../../src/storage/tables';
import { cardOf, cardTexts } from '../support/cards';
import { startConnector, type Connector } from '../support/connector';
import { ManualClock } from '../support/harness';

const logger = createLogger('silent');
const TENANT = 'c0ffee00-0000-4000-8000-000000000001';

describe('quarterly review reminders with several instances on one Azurite (P6)', () => {
  const clock = new ManualClock(new Date('2026-12-30T10:00:00Z'));
  let tables: Tables;
  let connector: Connector;
  let jobs: TableJobRepository;
  const channels = {} as Record<ChannelPurpose, string>;
  const config = loadConfig({ NODE_ENV: 'test', SCHEDULER_ENABLED: 'false', REVIEW_REMINDER_DAYS: '7' });

  /** One bot instance's scheduler, built as start.ts builds it, with its own owner id. */
  const instance = (owner: string, wrap: (notifier: Notifier) => Notifier = (notifier) => notifier) => {
    const conversations = new TableConversationRepository(tables.client('Conversations'), tables.client('Channels'));
    const notifier = new TeamsNotifier(createAdapter(config.auth), '', conversations, clock, logger, {
      maxAttempts: 5,
      baseDelayMs: 20,
    });
    const repos = {
      ...composeRepositories(tables, config, clock),
      roles: new TableRoleRepository(tables.client('Roles')),
      conversations,
    };
    const services = composeServices(repos, config, clock);
    const handlers = jobHandlers({
      tables,
      config,
      clock,
      logger,
      repos,
      services,
      notifier: wrap(notifier),
      publicBaseUrl: () => '',
      chatMember: async () => ({}),
    });
    /** The review and annual-approval jobs, as start.ts schedules them at every start. */
    const governance = {
      initialJobs: (now: Date) =>
        initialJobs(config, now).filter((job) => job.kind === QUARTERLY_REVIEW || job.kind === ANNUAL_APPROVAL),
    };
    return { scheduler: new Scheduler(jobs, clock, logger, handlers, { owner }), governance };
  };

  /** Review cards that reached a channel (only calls the connector accepted). */
  const reviewCards = (purpose: ChannelPurpose, text: string) =>
    connector
      .sentTo(channels[purpose])
      .map(cardOf)
      .filter(
        (card) => card.refresh?.action?.verb === 'review.refresh' && cardTexts(card).some((t) => t.includes(text)),
      );

  beforeAll(async () => {
    tables = createTables(
      { connectionString: process.env.TEST_AZURITE_CONNECTION_STRING as string },
      `r${randomBytes(4).toString('hex')}`,
    );
    await tables.ensureAll();
    jobs = new TableJobRepository(tables.client('Jobs'));
    connector = await startConnector();
    const conversations = new TableConversationRepository(tables.client('Conversations'), tables.client('Channels'));
    for (const purpose of ['coordinator', 'management'] as const) {
      channels[purpose] = `19:${purpose}-${randomUUID()}@thread.tacv2`;
      await conversations.remember({
        conversationId: channels[purpose],
        serviceUrl: connector.url,
        tenantId: TENANT,
        conversationType: 'channel',
      });
      await conversations.assignPurpose(purpose, channels[purpose], TENANT, 'test setup');
    }
  });
  afterAll(() => connector.close());

  it('posts the review exactly once per channel with three instances, through a 429 with Retry-After', async () => {
    const instances = [1, 2, 3].map((n) => instance(`instance-${n}`));
    for (const job of instances[0]!.governance.initialJobs(clock.now())) await jobs.schedule(job);
    for (const job of instances[1]!.governance.initialJobs(clock.now())) await jobs.schedule(job); // same ids: no-op

    let throttled = 0;
    connector.rule = (call) =>
      call.conversationId === channels.management && throttled++ === 0
        ? { status: 429, headers: { 'retry-after': '1' } }
        : undefined;
    clock.set('2027-01-04T08:00:30Z');
    await Promise.all(instances.map(({ scheduler }) => scheduler.tick()));
    await Promise.all(instances.map(({ scheduler }) => scheduler.tick()));
    connector.rule = undefined;

    expect(throttled).toBeGreaterThan(1);
    expect(reviewCards('coordinator', '1. kvartal 2027')).toHaveLength(1);
    expect(reviewCards('management', '1. kvartal 2027')).toHaveLength(1);
  });

  it('finishes a reminder whose claimant was killed once its send is two leases old, without repeating a delivery', async () => {
    // The doomed instance delivers to the coordinator channel, then dies before reaching management.
    const doomed = instance('doomed', (notifier) => ({
      async send(conversation, card: AdaptiveCard) {
        if (conversation.conversationId === channels.management) throw new Error('instance killed');
        return notifier.send(conversation, card);
      },
      post: (conversation, card) => notifier.post(conversation, card),
      update: (conversation, activityId, card) => notifier.update(conversation, activityId, card),
    }));
    clock.set('2027-01-11T08:00:30Z'); // 7 days after the review fell due, not recorded as held
    expect(await doomed.scheduler.tick()).toBe(1);
    expect(reviewCards('coordinator', da.reviews.card.reminder)).toHaveLength(1);
    expect(reviewCards('management', da.reviews.card.reminder)).toHaveLength(0);

    const survivors = [instance('survivor-1'), instance('survivor-2')];
    expect((await Promise.all(survivors.map(({ scheduler }) => scheduler.tick()))).every((ran) => ran === 0)).toBe(
      true,
    ); // still leased by the dead instance
    clock.advance(121_000);
    await Promise.all(survivors.map(({ scheduler }) => scheduler.tick()));
    await Promise.all(survivors.map(({ scheduler }) => scheduler.tick()));
    // The dead instance's intent is one lease old: it may still be waiting for Teams, so it is left alone.
    expect(reviewCards('management', da.reviews.card.reminder)).toHaveLength(0);

    clock.advance(121_000); // two leases: the intent counts as abandoned, and the survivor's own lease ran out
    await Promise.all(survivors.map(({ scheduler }) => scheduler.tick()));
    await Promise.all(survivors.map(({ scheduler }) => scheduler.tick()));

    expect(reviewCards('coordinator', da.reviews.card.reminder)).toHaveLength(1);
    expect(reviewCards('management', da.reviews.card.reminder)).toHaveLength(1);
    expect(reviewCards('management', '1. kvartal 2027')).toHaveLength(2); // the review and one reminder
  });
});
