import { newUser, startHarness, TeamsClient, type Harness } from '../support/harness';
import { tableNames } from '../../src/storage/tables';
import { entitiesIn } from '../support/fault-records';

/**
 * Invokes the bot never offers (SECURITY.md "Card actions"): a file consent answer (the bot never
 * asks to send a file: evidence leaves through one-time links), a search or link-unfurling
 * message extension, a tab, a sign-in, an Outlook actionable message, or a made-up name. Each is
 * answered 501 with an empty body, as botbuilder answers what no handler claims: nothing stored,
 * nothing fetched from the URLs the invoke names, and no log line an outsider could flood.
 */
describe('invokes the bot does not offer', () => {
  const mallory = newUser('Mallory Madsen');
  let h: Harness;

  beforeAll(async () => {
    h = await startHarness();
    await h.teams.say(mallory, 'hjælp'); // her chat is known, as for anyone in the tenant who wrote once
  });
  afterAll(() => h.close());

  /** Every row of every table the bot keeps. */
  const everything = async () =>
    Promise.all(tableNames.map(async (name) => [name, await entitiesIn(h.bot.tables.client(name))]));

  it.each([
    [
      'fileConsent/invoke',
      {
        type: 'fileUpload',
        action: 'accept',
        context: { incident: 'HÆN-2026-0001' },
        uploadInfo: {
          name: 'a.txt',
          uploadUrl: `PLACEHOLDER/upload`,
          contentUrl: `PLACEHOLDER/content`,
          uniqueId: '1',
        },
      },
    ],
    ['fileConsent/invoke', { type: 'fileUpload', action: 'decline', context: {} }],
    ['composeExtension/query', { commandId: 'search', parameters: [{ name: 'q', value: 'x' }] }],
    ['composeExtension/queryLink', { url: 'PLACEHOLDER/link' }],
    ['task/fetch', { data: { verb: 'incident.triage' } }],
    ['tab/fetch', {}],
    ['signin/verifyState', { state: '123456' }],
    ['actionableMessage/executeAction', { body: '{}' }],
    ['x/../../adaptiveCard/action', {}],
  ])('%s is answered 501 and changes nothing', async (name, template) => {
    const value = JSON.parse(JSON.stringify(template).replaceAll('PLACEHOLDER', h.connector.url));
    const stored = await everything();
    const logged = h.logs.length;
    const fetched = h.connector.calls.length;

    const response = await h.teams.post({
      ...h.teams.base(mallory, TeamsClient.personalChat(mallory)),
      type: 'invoke',
      name,
      value,
    });

    expect({ status: response.status, body: await response.text() }).toEqual({ status: 501, body: '' });
    expect(await everything()).toEqual(stored);
    expect(h.connector.calls.slice(fetched)).toEqual([]);
    expect(h.logs.slice(logged)).toEqual([]);
  });
});
