import { da, en } from '../../src/i18n/catalogs';
import { cardOf, cardTexts } from '../support/cards';
import { newUser, startHarness, TeamsClient, type Harness } from '../support/harness';

/**
 * A file sent to the bot that no feature takes is never dropped unseen: the sender is told it was not
 * kept and how to attach it, in their language — and the bot fetched nothing.
 */
describe('a file nobody asked for', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness();
  });
  afterAll(() => h.close());
  beforeEach(() => h.connector.clear());

  const answerTo = (user: ReturnType<typeof newUser>) =>
    cardTexts(cardOf(h.connector.sentTo(TeamsClient.personalChat(user)).at(-1))).join(' ');
  const fetches = () => h.connector.calls.filter((call) => call.method === 'GET' && call.path.startsWith('/files/'));

  it('is answered in Danish that it was not kept, even with a command as its text', async () => {
    const employee = newUser('Sofie Jensen');
    const file = { name: 'phishing.png', bytes: Buffer.from([0x89, 0x50, 0x4e, 0x47]), contentType: 'image/png' };
    expect(await h.teams.sendFile(employee, file, { text: 'hjælp' })).toBe(200);
    expect(answerTo(employee)).toContain(da.welcome.fileNotKept);
    expect(fetches()).toEqual([]);
  });

  it('is answered in English for an English user, an inline image too', async () => {
    const employee = newUser('Anna Smith', 'en-US');
    expect(await h.teams.sendInlineImage(employee, { bytes: Buffer.from([0xff, 0xd8, 0xff]) })).toBe(200);
    expect(answerTo(employee)).toContain(en.welcome.fileNotKept);
  });

  it('leaves a message without files to the commands as before', async () => {
    const employee = newUser('Ole Hansen');
    expect(await h.teams.say(employee, 'hjælp')).toBe(200);
    expect(answerTo(employee)).toContain(da.welcome.intro);
  });
});
