import { da, en } from '../../src/i18n/catalogs';
import { cardActions, cardOf, cardTexts } from '../support/cards';
import { grant } from '../support/fault-records';
import { cardInputs } from '../support/forms';
import { newUser, startHarness, TeamsClient, type Harness, type TestUser } from '../support/harness';
import { submitReport } from '../support/incidents';

/**
 * Discoverability (P10, P12): the help card shows each person the commands and buttons of their
 * roles, and every button shown works for them; a person without a role gets a short, plain
 * refusal instead of a form; the export link's page answers in the browser's language and the
 * CSV file is named by the days chosen, in Danish time.
 */
describe('help and refusals by role', () => {
  const coordinator = newUser('Mette Kjær');
  const manager = newUser('Lars Holm');
  const steering = newUser('Peter Smith', 'en-US');
  const hrLead = newUser('Hanne Rask');
  const owner = newUser('Lise Holm');
  const employee = newUser('Sofie Jensen');
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness({ coordinators: [coordinator] });
    await h.registerChannel('coordinator');
    await grant(h, manager.aadObjectId, 'management');
    await grant(h, steering.aadObjectId, 'steering');
    await grant(h, hrLead.aadObjectId, 'hr');
    await grant(h, owner.aadObjectId, 'systemOwner');
  });
  afterAll(() => h.close());

  const said = async (user: TestUser, text: string) => {
    h.connector.clear();
    await h.teams.say(user, text);
    return cardOf(h.connector.sentTo(TeamsClient.personalChat(user)).at(-1));
  };

  it.each([
    [
      'coordinator',
      () => coordinator,
      da.welcome.roleCommands.coordinator,
      ['incident.open', 'system.list', 'approval.list'],
    ],
    ['management', () => manager, da.welcome.roleCommands.management, ['approval.list']],
    ['steering (English)', () => steering, en.welcome.roleCommands.steering, ['approval.list']],
    ['hr', () => hrLead, da.welcome.roleCommands.hr, ['violation.list']],
    ['systemOwner', () => owner, da.welcome.roleCommands.systemOwner, ['system.list']],
  ] as const)(
    'shows the %s the commands and buttons of the role, and each button works',
    async (_role, user, line, roleVerbs) => {
      const card = await said(user(), user().locale === 'en-US' ? 'help' : 'hjælp');
      expect(cardTexts(card)).toContain(line);
      const otherLines = [...Object.values(da.welcome.roleCommands), ...Object.values(en.welcome.roleCommands)].filter(
        (text) => text !== line,
      );
      expect(cardTexts(card).filter((text) => otherLines.includes(text))).toEqual([]);
      const verbs = cardActions(card).map((action) => action.verb);
      expect(verbs.slice(0, 3)).toEqual(['incident.new', 'incident.mine', 'help.policy']);
      expect(verbs.slice(3)).toEqual(roleVerbs);
      for (const action of cardActions(card).slice(3)) {
        const answer = await h.teams.press(user(), action);
        expect(answer.body?.type).toBe('application/vnd.microsoft.card.adaptive');
        expect(cardTexts(answer.body?.value)).not.toContain(da.common.errorForbidden);
      }
    },
  );

  it.each([
    ['coordinator', () => coordinator, da.welcome.roleCommands.coordinator],
    ['management', () => manager, da.welcome.roleCommands.management],
    ['steering (English)', () => steering, en.welcome.roleCommands.steering],
    ['hr', () => hrLead, da.welcome.roleCommands.hr],
    ['systemOwner', () => owner, da.welcome.roleCommands.systemOwner],
  ] as const)('answers every command the %s is shown, typed in the personal chat', async (_role, user, line) => {
    // "Som koordinator: a · b · c (i en kanal)": the commands after the colon; those for a channel are left out.
    const commands = line
      .slice(line.indexOf(':') + 1)
      .split('·')
      .map((command) => command.trim())
      .filter((command) => !command.includes('('));
    expect(commands.length).toBeGreaterThan(0);
    const answers: string[] = [];
    for (const command of commands) {
      const texts = cardTexts(await said(user(), command));
      const welcome = [da.welcome.title, en.welcome.title].some((title) => texts.includes(title));
      const refused = [da.common.errorForbidden, en.common.errorForbidden].some((text) => texts.includes(text));
      const outcome = texts.length === 0 ? 'no answer' : welcome ? 'not understood' : refused ? 'refused' : 'answered';
      answers.push(`${command}: ${outcome}`);
    }
    expect(answers).toEqual(commands.map((command) => `${command}: answered`));
  });

  it('shows an employee no role lines and no role buttons', async () => {
    const card = await said(employee, 'hjælp');
    expect(cardActions(card).map((action) => action.verb)).toEqual(['incident.new', 'incident.mine', 'help.policy']);
    expect(cardTexts(card)).not.toContain(da.welcome.roleCommands.coordinator);
  });

  it.each(['godkendelse', 'godkendelser', 'roller', 'åbne hændelser', 'gennemgang', 'henvisninger'])(
    'refuses "%s" to an employee plainly and briefly, without a form',
    async (command) => {
      const card = await said(employee, command);
      const texts = cardTexts(card);
      expect(texts).toEqual(
        expect.arrayContaining([da.common.forbiddenTitle, da.common.errorForbidden, da.common.forbiddenHint]),
      );
      expect(texts).not.toContain(da.common.errorTitle);
      expect(cardInputs(card)).toEqual([]);
      expect(cardActions(card).map((action) => action.verb)).toEqual(['help.menu']);
    },
  );

  it('refuses in English to an English speaker', async () => {
    const card = await said(newUser('Jane Doe', 'en-GB'), 'roles');
    expect(cardTexts(card)).toEqual(expect.arrayContaining([en.common.forbiddenTitle, en.common.errorForbidden]));
  });

  describe('the export link', () => {
    const exportLink = async (from: string, to: string) => {
      const created = await h.teams.act(coordinator, 'incident.export', { from, to, create: true });
      const link = JSON.stringify(created.body?.value).match(/http:\/\/127\.0\.0\.1:\d+\/api\/export\/[A-Za-z0-9_-]+/);
      if (!link) throw new Error('no export link on the card');
      return link[0];
    };

    it('names the CSV file by the days chosen, in Danish time', async () => {
      await submitReport(h.teams, employee);
      const response = await fetch(await exportLink('2026-11-01', '2026-11-30'));
      expect(response.status).toBe(200);
      expect(response.headers.get('content-disposition')).toBe(
        'attachment; filename="haendelser-2026-11-01-2026-11-30.csv"',
      );
      await response.arrayBuffer();
    });

    it('answers a used link in Danish, or in English when the browser prefers English', async () => {
      const link = await exportLink('2026-11-01', '2026-11-30');
      await (await fetch(link)).arrayBuffer();
      const danish = await fetch(link, { headers: { 'accept-language': 'da-DK,da;q=0.9,en;q=0.8' } });
      expect(danish.status).toBe(404);
      expect(await danish.text()).toBe(da.incidents.export.linkGone);
      const plain = await fetch(link);
      expect(await plain.text()).toBe(da.incidents.export.linkGone);
      const english = await fetch(link, { headers: { 'accept-language': 'en-GB,en;q=0.9' } });
      expect(english.headers.get('content-language')).toBe('en');
      expect(await english.text()).toBe(en.incidents.export.linkGone);
      const prefersDanish = await fetch(link, { headers: { 'accept-language': 'de-DE, en;q=0.5, da;q=0.8' } });
      expect(await prefersDanish.text()).toBe(da.incidents.export.linkGone);
    });
  });
});
