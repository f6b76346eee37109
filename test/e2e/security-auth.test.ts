import { randomUUID } from 'node:crypto';
import { cardTexts } from '../support/cards';
import { da } from '../../src/i18n/catalogs';
import { ManualClock, newUser, startHarness, TENANT, TeamsClient, type Harness } from '../support/harness';
import { validReport } from '../support/incidents';
import { entitiesIn } from '../support/fault-records';
import { LocalCredentialsFactory } from '../support/jwt';
import { newSigningKey, signToken, startOpenIdIssuer, type OpenIdIssuer, type TokenClaims } from '../support/openid';

const APP_ID = 'a11ce000-0000-4000-8000-00000000b07a';

/**
 * P10 / DESIGN "Identity and access": with an app id configured, only a request carrying a valid
 * Bot Framework token for this bot reaches it. botbuilder's own validation runs, against a local
 * OpenID issuer on 127.0.0.1 instead of login.botframework.com.
 */
describe('inbound Bot Framework authentication', () => {
  const trusted = newSigningKey('trusted-key');
  const webchatOnly = newSigningKey('webchat-key');
  const attacker = newSigningKey('attacker-key');
  const employee = newUser('Karen Holm');
  // Moved a minute per case, so each refusal opens a fresh window of the refusal log.
  const clock = new ManualClock(new Date());
  let issuer: OpenIdIssuer;
  let h: Harness;

  beforeAll(async () => {
    // botbuilder prints every refused token (and the public keys) to the console.
    jest.spyOn(console, 'error').mockImplementation(() => undefined);
    issuer = await startOpenIdIssuer([
      { key: trusted, endorsements: ['msteams'] },
      { key: webchatOnly, endorsements: ['webchat'] },
    ]);
    h = await startHarness({
      env: {
        MicrosoftAppId: APP_ID,
        MicrosoftAppType: 'SingleTenant',
        MicrosoftAppTenantId: TENANT,
        BOT_OPENID_METADATA_URL: issuer.metadataUrl,
      },
      credentialsFactory: new LocalCredentialsFactory(APP_ID),
      clock,
    });
  });
  afterAll(async () => {
    await h.close();
    await issuer.close();
    jest.restoreAllMocks();
  });

  /** A report submitted with the given Authorization header; resolves with the HTTP status. */
  const submitWith = async (authorization: string | undefined) => {
    const user = newUser('Karen Holm');
    const response = await h.teams.post(
      {
        ...h.teams.base(user, TeamsClient.personalChat(user)),
        type: 'invoke',
        name: 'adaptiveCard/action',
        value: { action: { type: 'Action.Execute', verb: 'incident.submit', data: validReport() }, trigger: 'manual' },
      },
      authorization === undefined ? {} : { authorization },
    );
    const body = await response.text();
    return { status: response.status, body };
  };
  const bearer = (claims: Partial<TokenClaims> = {}, key = trusted) =>
    `Bearer ${signToken(key, { aud: APP_ID, serviceurl: h.connector.url, ...claims })}`;

  const nothingProcessed = async () => {
    expect(await entitiesIn(h.bot.tables.client('Incidents'))).toEqual([]);
    expect(await entitiesIn(h.bot.tables.client('Conversations'))).toEqual([]);
    expect(h.connector.calls).toEqual([]);
  };

  const refused: [string, () => string | undefined][] = [
    ['no Authorization header', () => undefined],
    ['a token that is not a JWT', () => 'Bearer not-a-token'],
    ['a token signed by an unknown key', () => bearer({}, attacker)],
    [
      'a token whose signature does not match the published key',
      () => {
        const token = signToken({ ...attacker, kid: trusted.kid }, { aud: APP_ID, serviceurl: h.connector.url });
        return `Bearer ${token}`;
      },
    ],
    [
      'an expired token',
      () => bearer({ exp: Math.floor(Date.now() / 1000) - 600, nbf: Math.floor(Date.now() / 1000) - 7200 }),
    ],
    ['a token for another bot', () => bearer({ aud: randomUUID() })],
    ['a token from another issuer', () => bearer({ iss: 'https://evil.example.com' })],
    ['a token from a key not endorsed for Teams', () => bearer({}, webchatOnly)],
    ['a token for another service URL', () => bearer({ serviceurl: 'https://evil.example.com/' })],
  ];

  it.each(refused)('refuses %s with 401, logs it and processes nothing', async (_case, header) => {
    clock.advance(61_000);
    const logsBefore = h.logs.length;
    const answer = await submitWith(header());
    expect(answer.status).toBe(401);
    expect(h.logs.slice(logsBefore).join('\n')).toMatch(
      /"status":401,"reason":"[^"]+","source":"[^"]+","msg":"request refused"/,
    );
    expect(answer.body).not.toContain('HÆN-');
    await nothingProcessed();
  });

  it('processes a request with a valid token: the report is stored and its receipt comes back', async () => {
    const answer = await submitWith(bearer());
    expect(answer.status).toBe(200);
    const body = JSON.parse(answer.body);
    expect(cardTexts(body.value)).toContain(da.incidents.confirmation.title);
    expect(JSON.stringify(body.value)).toMatch(/HÆN-\d{4}-\d{4}/);
    expect(issuer.fetches).toBeGreaterThan(0);
    const incidents = await entitiesIn(h.bot.tables.client('Incidents'));
    expect(incidents.filter((row) => String(row.rowKey).startsWith('i'))).toHaveLength(1);
  });

  it('answers a valid chat message through the connector', async () => {
    const response = await h.teams.post(
      { ...h.teams.base(employee, TeamsClient.personalChat(employee)), type: 'message', text: 'hjælp' },
      { authorization: bearer() },
    );
    expect(response.status).toBe(200);
    await h.connector.waitFor((call) => call.conversationId === TeamsClient.personalChat(employee));
  });
});
