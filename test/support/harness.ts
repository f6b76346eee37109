import { randomBytes, randomUUID } from 'node:crypto';
import { cardActions } from './cards';
import { Writable } from 'node:stream';
import type { Clock } from '../../src/clock';
import { loadConfig } from '../../src/config';
import { createLogger } from '../../src/logger';
import type { ChannelPurpose } from '../../src/features/access/conversations';
import { startBot, type RunningBot, type StartOptions } from '../../src/start';
import { servedFiles, startConnector, tenantDirectory, TEAMS_MESSAGE_LIMIT_UTF16, type Connector } from './connector';

/** The tenant the test bot serves. */
export const TENANT = 'c0ffee00-0000-4000-8000-000000000001';
export const OTHER_TENANT = 'badbad00-0000-4000-8000-000000000002';

/** A channel of a team. */
export interface TeamsChannel {
  id: string;
  teamId: string;
}

/** A person in the test tenant. */
export interface TestUser {
  aadObjectId: string;
  name: string;
  locale?: string;
}

/** A test user's e-mail: their name in lower case with dots, made unique by the start of their id. */
export const emailOf = (user: TestUser): string =>
  `${user.name.toLowerCase().replace(/[^a-z]+/g, '.')}.${user.aadObjectId.slice(0, 4)}@kommune.dk`;

/** Makes a user with a fresh Entra id, a member of the test tenant (the connector's member look-ups know them). */
export const newUser = (name: string, locale = 'da-DK'): TestUser => {
  const user = { aadObjectId: randomUUID(), name, locale };
  const email = emailOf(user);
  tenantDirectory.set(user.aadObjectId, {
    id: `29:${user.aadObjectId}`,
    name,
    aadObjectId: user.aadObjectId,
    email,
    userPrincipalName: email,
  });
  return user;
};

/** A test clock that only moves when told. */
export class ManualClock implements Clock {
  constructor(private current: Date) {}
  now(): Date {
    return new Date(this.current);
  }
  set(at: Date | string): void {
    this.current = new Date(at);
  }
  advance(ms: number): void {
    this.current = new Date(this.current.getTime() + ms);
  }
}

/** The answer to an `adaptiveCard/action` invoke, as Teams reads it from the HTTP body. */
export interface InvokeAnswer {
  status: number;
  body: { statusCode?: number; type?: string; value?: any } | undefined;
}

/** Sends activities to the bot exactly as Teams would (channel `msteams`, tenant, aadObjectId, locale). */
export class TeamsClient {
  constructor(
    private readonly botUrl: string,
    private readonly serviceUrl: string,
    readonly tenantId = TENANT,
  ) {}

  static personalChat(user: TestUser): string {
    return `a:personal-${user.aadObjectId}`;
  }

  base(
    user: TestUser,
    conversationId: string,
    conversationType = 'personal',
    tenantId = this.tenantId,
    channel?: TeamsChannel,
  ) {
    const inChannel = channel
      ? { conversationId: `${channel.id};messageid=1700000000000`, conversationType: 'channel' }
      : undefined;
    return {
      id: `act-${randomUUID()}`,
      timestamp: new Date().toISOString(),
      serviceUrl: this.serviceUrl,
      channelId: 'msteams',
      from: { id: `29:${user.aadObjectId}`, name: user.name, aadObjectId: user.aadObjectId },
      recipient: { id: '28:sikkerhedsbot', name: 'Sikkerhed' },
      conversation: {
        id: inChannel?.conversationId ?? conversationId,
        conversationType: inChannel?.conversationType ?? conversationType,
        tenantId,
      },
      channelData: channel
        ? { tenant: { id: tenantId }, channel: { id: channel.id }, team: { id: channel.teamId } }
        : { tenant: { id: tenantId } },
      locale: user.locale ?? 'da-DK',
    };
  }

  async post(activity: object, headers: Record<string, string> = {}): Promise<Response> {
    return fetch(`${this.botUrl}/api/messages`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...headers },
      body: JSON.stringify(activity),
    });
  }

  /** A chat message from the user (personal chat unless a conversation is given). */
  async say(user: TestUser, text: string, conversationId = TeamsClient.personalChat(user)): Promise<number> {
    const response = await this.post({ ...this.base(user, conversationId), type: 'message', text });
    await response.arrayBuffer();
    return response.status;
  }

  /**
   * A file shared into a chat with the bot, as Teams sends it to a bot that `supportsFiles`: the file
   * download info attachment with a pre-authorised download URL (served by the local connector), and
   * the message's HTML body beside it. `downloadUrl` overrides where the file is said to be.
   */
  async sendFile(
    user: TestUser,
    file: { name: string; bytes: Buffer; contentType?: string; chunked?: boolean; downloadUrl?: string },
    options: { text?: string; conversationId?: string } = {},
  ): Promise<number> {
    const id = randomUUID();
    servedFiles.set(id, {
      bytes: file.bytes,
      contentType: file.contentType ?? 'application/octet-stream',
      chunked: file.chunked,
    });
    const extension = /\.([A-Za-z0-9]+)$/.exec(file.name)?.[1]?.toLowerCase() ?? '';
    const response = await this.post({
      ...this.base(user, options.conversationId ?? TeamsClient.personalChat(user)),
      type: 'message',
      text: options.text ?? '',
      attachments: [
        {
          contentType: 'application/vnd.microsoft.teams.file.download.info',
          contentUrl: `https://kommune-my.sharepoint.com/personal/${user.aadObjectId}/Documents/Microsoft Teams Chat Files/${file.name}`,
          name: file.name,
          content: {
            downloadUrl: file.downloadUrl ?? `${this.serviceUrl}/files/${id}`,
            uniqueId: id,
            fileType: extension,
          },
        },
        { contentType: 'text/html', content: `<p>${options.text ?? ''}</p>` },
      ],
    });
    await response.arrayBuffer();
    return response.status;
  }

  /** An image pasted into a message, as Teams sends it: an `image/*` attachment on the Bot Connector. */
  async sendInlineImage(
    user: TestUser,
    image: { bytes: Buffer; contentType?: string },
    options: { text?: string; conversationId?: string } = {},
  ): Promise<number> {
    const id = randomUUID();
    servedFiles.set(id, { bytes: image.bytes, contentType: image.contentType ?? 'image/png' });
    const response = await this.post({
      ...this.base(user, options.conversationId ?? TeamsClient.personalChat(user)),
      type: 'message',
      text: options.text ?? '',
      attachments: [
        {
          contentType: image.contentType ?? 'image/*',
          contentUrl: `${this.serviceUrl}/v3/attachments/${id}/views/original`,
        },
        {
          contentType: 'text/html',
          content: `<p>${options.text ?? ''}<img src="${this.serviceUrl}/v3/attachments/${id}/views/original"></p>`,
        },
      ],
    });
    await response.arrayBuffer();
    return response.status;
  }

  /** An `Action.Execute` click on a card; resolves with the HTTP answer Teams would render. */
  async act(
    user: TestUser,
    verb: string,
    data: Record<string, unknown> = {},
    options: {
      conversationId?: string;
      conversationType?: string;
      replyToId?: string;
      trigger?: string;
      tenantId?: string;
      channel?: TeamsChannel;
    } = {},
  ): Promise<InvokeAnswer> {
    const conversationId = options.conversationId ?? TeamsClient.personalChat(user);
    const response = await this.post({
      ...this.base(user, conversationId, options.conversationType, options.tenantId, options.channel),
      type: 'invoke',
      name: 'adaptiveCard/action',
      replyToId: options.replyToId ?? `card-${randomUUID()}`,
      value: { action: { type: 'Action.Execute', verb, data }, trigger: options.trigger ?? 'manual' },
    });
    const text = await response.text();
    if (text.length * 2 > TEAMS_MESSAGE_LIMIT_UTF16)
      throw new Error(`Teams would refuse this ${text.length * 2}-byte answer to ${verb} (over 100 KB in UTF-16)`);
    return { status: response.status, body: text ? JSON.parse(text) : undefined };
  }

  /**
   * Presses a button found on a card (`cardActions`). As in Teams, what the card's inputs hold is
   * added to its data, an input overriding data of the same name, unless the button sends its data alone.
   */
  press(
    user: TestUser,
    action: { verb: string; data: Record<string, unknown>; withoutInputs?: boolean } | undefined,
    inputs: Record<string, unknown> = {},
  ): Promise<InvokeAnswer> {
    if (!action) throw new Error('no such button on the card');
    return this.act(user, action.verb, action.withoutInputs ? action.data : { ...action.data, ...inputs });
  }

  /** Presses the button `verb` on `card` (its data as the card holds it, with `inputs` typed); answers what the bot shows back. */
  async pressOn(user: TestUser, card: unknown, verb: string, inputs: Record<string, unknown> = {}): Promise<any> {
    const action = cardActions(card).find((a) => a.verb === verb);
    if (!action) throw new Error(`no ${verb} button on the card`);
    return (await this.press(user, action, inputs)).body?.value;
  }

  /** The bot being added to a team: Teams sends the conversation update in the team's General channel. */
  async addToTeam(user: TestUser, channel: TeamsChannel): Promise<number> {
    const activity = this.base(user, channel.id, 'channel', this.tenantId, channel);
    const response = await this.post({
      ...activity,
      conversation: { ...activity.conversation, id: channel.id },
      type: 'conversationUpdate',
      membersAdded: [{ id: '28:sikkerhedsbot' }],
    });
    await response.arrayBuffer();
    return response.status;
  }

  /** The app being installed in the user's personal scope. */
  async install(user: TestUser): Promise<number> {
    const response = await this.post({
      ...this.base(user, TeamsClient.personalChat(user)),
      type: 'conversationUpdate',
      membersAdded: [{ id: '28:sikkerhedsbot' }],
    });
    await response.arrayBuffer();
    return response.status;
  }
}

/** A running bot, its connector, captured log lines and a Teams client. */
export interface Harness {
  bot: RunningBot;
  connector: Connector;
  teams: TeamsClient;
  logs: string[];
  prefix: string;
  /** Registers a Teams channel for a purpose (as a coordinator would), returning its conversation id. */
  registerChannel(purpose: ChannelPurpose): Promise<string>;
  close(): Promise<void>;
}

/** Starts the real server on a free port against the run's Azurite, with fresh tables. */
export async function startHarness(
  options: {
    env?: Record<string, string>;
    clock?: Clock;
    coordinators?: TestUser[];
    credentialsFactory?: StartOptions['credentialsFactory'];
    sendPace?: StartOptions['sendPace'];
  } = {},
): Promise<Harness> {
  const connectionString = process.env.TEST_AZURITE_CONNECTION_STRING;
  if (!connectionString) throw new Error('TEST_AZURITE_CONNECTION_STRING is not set (jest globalSetup starts Azurite)');
  const prefix = `t${randomBytes(5).toString('hex')}`;
  const config = loadConfig({
    NODE_ENV: 'test',
    PORT: '0',
    HOST: '127.0.0.1',
    LOG_LEVEL: 'debug',
    SCHEDULER_ENABLED: 'false',
    STORAGE_CONNECTION_STRING: connectionString,
    TABLE_PREFIX: prefix,
    ALLOWED_TENANT_IDS: TENANT,
    BOOTSTRAP_COORDINATORS: (options.coordinators ?? []).map((user) => user.aadObjectId).join(','),
    // Suites file many reports as one person; the per-person limit has its own test.
    REPORT_LIMIT: '1000',
    ...options.env,
  });
  const logs: string[] = [];
  const sink = new Writable({
    write(chunk, _encoding, callback) {
      logs.push(String(chunk));
      callback();
    },
  });
  const connector = await startConnector();
  const bot = await startBot(config, {
    logger: createLogger('debug', sink),
    clock: options.clock,
    credentialsFactory: options.credentialsFactory,
    sendPace: options.sendPace,
  });
  return {
    bot,
    connector,
    teams: new TeamsClient(bot.url, connector.url),
    logs,
    prefix,
    async registerChannel(purpose) {
      const conversationId = `19:${purpose}-${randomUUID()}@thread.tacv2`;
      // Through this instance, as the channel's »setup« card would, so its channel cache knows at once.
      const repo = bot.conversations;
      await repo.remember({
        conversationId,
        serviceUrl: connector.url,
        tenantId: TENANT,
        conversationType: 'channel',
        teamId: '19:team@thread.tacv2',
      });
      await repo.assignPurpose(purpose, conversationId, TENANT, 'test setup');
      return conversationId;
    },
    close: async () => {
      await bot.close();
      await connector.close();
    },
  };
}

/**
 * A suite's bot with one coordinator (Mette Kjær) and the coordinator channel registered, on a test
 * clock starting at `start`: started before the suite's tests, closed after them. Read `h` and
 * `channel` inside the tests.
 */
export function withCoordinatorChannel(start: string) {
  const suite = {
    clock: new ManualClock(new Date(start)),
    coordinator: newUser('Mette Kjær'),
  } as { clock: ManualClock; coordinator: TestUser; h: Harness; channel: string };
  beforeAll(async () => {
    suite.h = await startHarness({ coordinators: [suite.coordinator], clock: suite.clock });
    suite.channel = await suite.h.registerChannel('coordinator');
  });
  afterAll(() => suite.h.close());
  return suite;
}
