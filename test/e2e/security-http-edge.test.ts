import { request } from 'node:http';
import { brotliCompressSync, deflateSync, gzipSync } from 'node:zlib';
import { cardTexts } from '../support/cards';
import { da } from '../../src/i18n/catalogs';
import { ManualClock, newUser, startHarness, TeamsClient, type Harness, type TestUser } from '../support/harness';
import { validReport } from '../support/incidents';
import { messagePayload } from '../support/message-actions';
import { entitiesIn } from '../support/fault-records';
import { LocalCredentialsFactory } from '../support/jwt';
import { newSigningKey, signToken, startOpenIdIssuer, type OpenIdIssuer } from '../support/openid';

const APP_ID = 'a11ce000-0000-4000-8000-00000000b07a';

/** A raw POST to /api/messages; resolves with the status and the body as text. */
function rawPost(
  h: Harness,
  body: Buffer | string | ((write: (chunk: Buffer) => boolean) => void),
  headers: Record<string, string>,
): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = request(`${h.bot.url}/api/messages`, { method: 'POST', headers }, (res) => {
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (chunk) => (text += chunk));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body: text }));
    });
    req.on('error', reject);
    if (typeof body === 'function') {
      body((chunk) => req.write(chunk));
      req.end();
    } else req.end(body);
  });
}

const alive = async (h: Harness) => expect((await fetch(`${h.bot.url}/healthz`)).status).toBe(200);

/** The refusal log lines written since `from`, each of which must be one JSON object. */
const logLinesSince = (h: Harness, from: number) =>
  h.logs
    .slice(from)
    .flatMap((chunk) => chunk.split('\n'))
    .filter((line) => line.trim() !== '')
    .map((line) => JSON.parse(line) as Record<string, unknown>);

/**
 * P10, issue #14: what reaches `POST /api/messages` before authentication — compressed bodies,
 * other content types, malformed JSON, no token — is refused with 400/401/413/415 and no internal
 * text, costs at most the body limit, is logged as one structured line (a flood summarised), and
 * only Teams' channel is served.
 */
describe('the HTTP edge with authentication on', () => {
  const trusted = newSigningKey('trusted-key');
  const webchatOnly = newSigningKey('webchat-key');
  const coordinator = newUser('Mette Kjær');
  const clock = new ManualClock(new Date());
  let issuer: OpenIdIssuer;
  let h: Harness;
  let consoleErrors: jest.SpyInstance;

  beforeAll(async () => {
    consoleErrors = jest.spyOn(console, 'error').mockImplementation(() => undefined);
    issuer = await startOpenIdIssuer([
      { key: trusted, endorsements: ['msteams'] },
      { key: webchatOnly, endorsements: ['webchat', 'directline'] },
    ]);
    h = await startHarness({
      env: {
        MicrosoftAppId: APP_ID,
        MicrosoftAppType: 'SingleTenant',
        MicrosoftAppTenantId: '00000000-0000-4000-8000-00000000aaaa',
        BOT_OPENID_METADATA_URL: issuer.metadataUrl,
      },
      clock,
      coordinators: [coordinator],
      credentialsFactory: new LocalCredentialsFactory(APP_ID),
    });
  });
  afterAll(async () => {
    await h.close();
    await issuer.close();
    jest.restoreAllMocks();
  });
  beforeEach(() => consoleErrors.mockClear());

  const reportActivity = (user: TestUser = newUser('Karen Holm')) => ({
    ...h.teams.base(user, TeamsClient.personalChat(user)),
    type: 'invoke',
    name: 'adaptiveCard/action',
    value: { action: { type: 'Action.Execute', verb: 'incident.submit', data: validReport() }, trigger: 'manual' },
  });
  const bearer = (key = trusted) => `Bearer ${signToken(key, { aud: APP_ID, serviceurl: h.connector.url })}`;
  const storedRows = async () => (await entitiesIn(h.bot.tables.client('Incidents'))).length;

  it.each([
    ['gzip', (b: Buffer) => gzipSync(b)],
    ['GZIP', (b: Buffer) => gzipSync(b)],
    ['x-gzip', (b: Buffer) => gzipSync(b)],
    ['deflate', (b: Buffer) => deflateSync(b)],
    ['Deflate', (b: Buffer) => deflateSync(b)],
    ['br', (b: Buffer) => brotliCompressSync(b)],
    ['identity, gzip', (b: Buffer) => gzipSync(b)],
    ['gzip, gzip', (b: Buffer) => gzipSync(gzipSync(b))],
  ])(
    'refuses a body with Content-Encoding %s with 415 before inflating or authenticating it',
    async (encoding, encode) => {
      const before = await storedRows();
      const answer = await rawPost(h, encode(Buffer.from(JSON.stringify(reportActivity()))), {
        'content-type': 'application/json',
        'content-encoding': encoding,
        authorization: bearer(),
      });
      expect(answer).toEqual({ status: 415, body: '' });
      expect(await storedRows()).toBe(before);
    },
  );

  it('refuses a gzip bomb (64 KB inflating to 64 MB) with 415 and stays up', async () => {
    const bomb = gzipSync(Buffer.concat([Buffer.from('{"type":"message","text":"'), Buffer.alloc(64 << 20, 0x61)]));
    expect(bomb.length).toBeLessThan(512 * 1024);
    const answer = await rawPost(h, bomb, { 'content-type': 'application/json', 'content-encoding': 'gzip' });
    expect(answer).toEqual({ status: 415, body: '' });
    await alive(h);
  });

  it('accepts Content-Encoding identity in any case', async () => {
    const answer = await rawPost(h, JSON.stringify(reportActivity()), {
      'content-type': 'application/json; charset=UTF-8',
      'content-encoding': ' Identity ',
      authorization: bearer(),
    });
    expect(answer.status).toBe(200);
    expect(cardTexts(JSON.parse(answer.body).value)).toContain(da.incidents.confirmation.title);
  });

  it.each([
    ['form-encoded', 'application/x-www-form-urlencoded', 'type=message&text=hej'],
    ['XML', 'application/xml', '<activity type="message"/>'],
    ['text', 'text/plain', '{"type":"message"}'],
    ['multipart', 'multipart/form-data; boundary=x', '--x\r\n\r\n{"type":"message"}\r\n--x--'],
    ['JSON in Latin-1', 'application/json; charset=iso-8859-1', '{"type":"message"}'],
    ['JSON declared as JSON Lines', 'application/jsonl', '{"type":"message"}'],
  ])('refuses a %s body with 415 and no internal text', async (_case, contentType, body) => {
    const answer = await rawPost(h, body, { 'content-type': contentType });
    expect(answer).toEqual({ status: 415, body: '' });
  });

  it('refuses a body without Content-Type with 415', async () => {
    const answer = await rawPost(h, '{"type":"message"}', {});
    expect(answer).toEqual({ status: 415, body: '' });
  });

  it.each([
    ['malformed JSON', '{"type":"message",'],
    ['an array', '[{"type":"message"}]'],
    ['null', 'null'],
    ['a string', '"message"'],
    ['an object without a type', '{"text":"hej"}'],
    ['a numeric type', '{"type":5}'],
    ['an object type', '{"type":{"toString":"message"}}'],
    ['an empty type', '{"type":""}'],
    ['an activity without a sender', '{"type":"message","recipient":{"id":"b"},"conversation":{"id":"c"}}'],
    ['a conversation of null', '{"type":"message","from":{"id":"a"},"recipient":{"id":"b"},"conversation":null}'],
    [
      'a service URL that is an object',
      '{"type":"message","serviceUrl":{"x":1},"from":{"id":"a"},"recipient":{"id":"b"},"conversation":{"id":"c"}}',
    ],
    ['invalid UTF-8', Buffer.from([0x7b, 0x22, 0x74, 0x79, 0x70, 0x65, 0x22, 0x3a, 0x22, 0xff, 0xfe, 0x22, 0x7d])],
  ])('refuses %s with 400 and no internal text, before authentication', async (_case, body) => {
    const answer = await rawPost(h, body, { 'content-type': 'application/json' });
    expect(answer).toEqual({ status: 400, body: '' });
  });

  it('refuses a body over 512 KB with 413, with a length or chunked without one, and stays up', async () => {
    const big = JSON.stringify({ ...reportActivity(), text: 'x'.repeat(600 * 1024) });
    expect((await rawPost(h, big, { 'content-type': 'application/json' })).status).toBe(413);
    const chunked = await rawPost(
      h,
      (write) => {
        for (let i = 0; i < 40; i++) write(Buffer.alloc(64 * 1024, 0x20));
      },
      { 'content-type': 'application/json', 'transfer-encoding': 'chunked' },
    );
    expect(chunked).toEqual({ status: 413, body: '' });
    await alive(h);
  });

  it('refuses no token, a malformed header and a garbage token with 401, empty, one JSON line each, no stack', async () => {
    const from = h.logs.length;
    const before = await storedRows();
    for (const authorization of [undefined, 'Basic dXNlcjpwYXNz', 'Bearer not-a-token', 'Bearer a.b.c']) {
      const headers: Record<string, string> = { 'content-type': 'application/json' };
      if (authorization) headers.authorization = authorization;
      expect(await rawPost(h, JSON.stringify(reportActivity()), headers)).toEqual({ status: 401, body: '' });
    }
    const lines = logLinesSince(h, from);
    const refused = lines.filter((line) => line.msg === 'request refused');
    expect(refused).toHaveLength(4);
    for (const line of refused) expect(line.status).toBe(401);
    expect(JSON.stringify(lines)).not.toMatch(/\n\s+at |Error:|stack/);
    expect(consoleErrors).not.toHaveBeenCalled();
    expect(await storedRows()).toBe(before);
  });

  it('summarises a flood of refusals from one source in one line instead of a line each', async () => {
    const envelope = '{"type":"message","from":{"id":"a"},"recipient":{"id":"b"},"conversation":{"id":"c"}}';
    clock.advance(120_000); // a fresh window
    const from = h.logs.length;
    for (let i = 0; i < 200; i++) {
      expect((await rawPost(h, envelope, { 'content-type': 'application/json' })).status).toBe(401);
    }
    clock.advance(61_000);
    expect((await rawPost(h, envelope, { 'content-type': 'application/json' })).status).toBe(401);
    const lines = logLinesSince(h, from);
    expect(lines.filter((line) => line.msg === 'request refused').length).toBeLessThanOrEqual(6);
    const summary = lines.filter((line) => line.msg === 'requests refused (summary)');
    expect(summary).toEqual([expect.objectContaining({ status: 401, suppressed: 195, source: expect.any(String) })]);
    expect(lines.length).toBeLessThan(20);
    expect(consoleErrors).not.toHaveBeenCalled();
  });

  it.each(['webchat', 'directline', 'emulator', 'MSTEAMS', 'msteams '])(
    "refuses an invoke on channel %s, properly signed for it, with the coordinator's id and the tenant",
    async (channelId) => {
      const from = h.logs.length;
      const response = await h.teams.post(
        {
          ...h.teams.base(coordinator, TeamsClient.personalChat(coordinator)),
          channelId,
          type: 'invoke',
          name: 'adaptiveCard/action',
          value: { action: { type: 'Action.Execute', verb: 'incident.open', data: {} }, trigger: 'manual' },
        },
        { authorization: bearer(channelId === 'webchat' || channelId === 'directline' ? webchatOnly : trusted) },
      );
      const body = await response.text();
      expect([401, 403]).toContain(response.status);
      expect(body).not.toContain('Hændelser');
      expect(body).not.toContain('application/vnd.microsoft.card.adaptive');
      expect(h.connector.calls.filter((call) => call.conversationId.includes(coordinator.aadObjectId))).toEqual([]);
      if (channelId === 'webchat' || channelId === 'directline') {
        expect(response.status).toBe(403);
        expect(logLinesSince(h, from)).toContainEqual(
          expect.objectContaining({ msg: 'request refused', status: 403, reason: `channel ${channelId}` }),
        );
      }
    },
  );

  it('refuses a message action (composeExtension/submitAction) as it refuses card actions, and serves it signed by Teams', async () => {
    const reporter = newUser('Karen Holm');
    const activity = (extra: Record<string, unknown> = {}) => ({
      ...h.teams.base(reporter, `19:chat-${reporter.aadObjectId}@unq.gbl.spaces`),
      type: 'invoke',
      name: 'composeExtension/submitAction',
      value: {
        commandId: 'reportMessage',
        commandContext: 'message',
        data: validReport(),
        messagePayload: messagePayload(),
      },
      ...extra,
    });
    const json = (extra?: Record<string, unknown>) => JSON.stringify(activity(extra));
    const before = await storedRows();
    const refusals = [
      await rawPost(h, json(), { 'content-type': 'application/json' }),
      await rawPost(h, gzipSync(Buffer.from(json())), {
        'content-type': 'application/json',
        'content-encoding': 'gzip',
        authorization: bearer(),
      }),
      await rawPost(h, json(), { 'content-type': 'text/plain', authorization: bearer() }),
      await rawPost(h, json(), { 'content-type': 'application/json; charset=latin1', authorization: bearer() }),
      await rawPost(
        h,
        JSON.stringify({
          ...activity(),
          value: { ...activity().value, messagePayload: messagePayload({ body: { content: 'x'.repeat(600 * 1024) } }) },
        }),
        { 'content-type': 'application/json', authorization: bearer() },
      ),
    ];
    expect(refusals.map((answer) => answer.status)).toEqual([401, 415, 415, 415, 413]);
    for (const answer of refusals) expect(answer.body).toBe('');
    const webchat = await h.teams.post(activity({ channelId: 'webchat' }), { authorization: bearer(webchatOnly) });
    expect(webchat.status).toBe(403);
    expect(await storedRows()).toBe(before);

    const served = await h.teams.post(activity(), { authorization: bearer() });
    expect(served.status).toBe(200);
    expect(JSON.stringify(await served.json())).toMatch(/HÆN-\d{4}-\d{4}/);
    expect(await storedRows()).toBeGreaterThan(before);
  });

  it('serves the same invoke on msteams with a Teams token', async () => {
    const response = await h.teams.post(
      {
        ...h.teams.base(coordinator, TeamsClient.personalChat(coordinator)),
        type: 'invoke',
        name: 'adaptiveCard/action',
        value: { action: { type: 'Action.Execute', verb: 'incident.open', data: {} }, trigger: 'manual' },
      },
      { authorization: bearer() },
    );
    expect(response.status).toBe(200);
    expect(((await response.json()) as { type?: string }).type).toBe('application/vnd.microsoft.card.adaptive');
  });
});

describe('the HTTP edge with authentication off (local development)', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness();
  });
  afterAll(() => h.close());

  it('refuses a gzip body with 415 instead of processing it', async () => {
    const user = newUser('Karen Holm');
    const activity = {
      ...h.teams.base(user, TeamsClient.personalChat(user)),
      type: 'invoke',
      name: 'adaptiveCard/action',
      value: { action: { type: 'Action.Execute', verb: 'incident.submit', data: validReport() }, trigger: 'manual' },
    };
    const answer = await rawPost(h, gzipSync(JSON.stringify(activity)), {
      'content-type': 'application/json',
      'content-encoding': 'gzip',
    });
    expect(answer).toEqual({ status: 415, body: '' });
    expect(await entitiesIn(h.bot.tables.client('Incidents'))).toEqual([]);
  });

  it('serves only the msteams channel, as the Agents Playground is started', async () => {
    const user = newUser('Karen Holm');
    const base = h.teams.base(user, TeamsClient.personalChat(user));
    const invoke = (channelId: string) =>
      h.teams.post({
        ...base,
        id: `act-${channelId}`,
        channelId,
        type: 'invoke',
        name: 'adaptiveCard/action',
        value: { action: { type: 'Action.Execute', verb: 'incident.mine', data: {} }, trigger: 'manual' },
      });
    expect((await invoke('emulator')).status).toBe(403);
    expect((await invoke('webchat')).status).toBe(403);
    expect((await invoke('msteams')).status).toBe(200);
  });
});
