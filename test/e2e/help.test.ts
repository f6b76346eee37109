import { readFileSync } from 'node:fs';
import path from 'node:path';
import { da } from '../../src/i18n/catalogs';
import { normalizeCommand } from '../../src/bot/commands';
import { en } from '../../src/i18n/catalogs';
import { cardActions, cardOf, cardTexts } from '../support/cards';
import { newUser, startHarness, TeamsClient, type Harness } from '../support/harness';

describe('welcome and help (P12)', () => {
  let h: Harness;
  const coordinator = newUser('Mette Kjær');
  beforeAll(async () => {
    h = await startHarness({ coordinators: [coordinator] });
  });
  afterAll(() => h.close());
  beforeEach(() => h.connector.clear());

  it('greets a new user with the welcome card in Danish when the app is installed', async () => {
    const employee = newUser('Sofie Jensen');
    expect(await h.teams.install(employee)).toBe(200);
    const [greeting] = h.connector.sentTo(TeamsClient.personalChat(employee));
    const card = cardOf(greeting);
    expect(cardTexts(card)).toContain(da.welcome.title);
    expect(cardActions(card).map((action) => action.title)).toEqual([
      da.welcome.actions.report,
      da.welcome.actions.mine,
      da.welcome.actions.policy,
    ]);
  });

  it('answers "hjælp" in Danish and "help" in English', async () => {
    const dane = newUser('Sofie Jensen');
    const english = newUser('Jonas Berg', 'en-US');
    await h.teams.say(dane, 'hjælp');
    await h.teams.say(english, 'help');
    expect(cardTexts(cardOf(h.connector.sentTo(TeamsClient.personalChat(dane))[0]))).toContain(da.welcome.intro);
    const englishCard = cardOf(h.connector.sentTo(TeamsClient.personalChat(english))[0]);
    expect(cardTexts(englishCard)).toContain(en.welcome.title);
    expect(cardTexts(englishCard)).not.toContain(da.welcome.title);
  });

  it('answers anything it does not understand with the same card', async () => {
    const employee = newUser('Sofie Jensen');
    await h.teams.say(employee, 'hvad er klokken?');
    expect(cardTexts(cardOf(h.connector.sentTo(TeamsClient.personalChat(employee))[0]))).toContain(da.welcome.title);
  });

  it('shows the coordinator the open-incidents button, and nobody else', async () => {
    const employee = newUser('Sofie Jensen');
    await h.teams.say(coordinator, 'hjælp');
    await h.teams.say(employee, 'hjælp');
    const coordinatorButtons = cardActions(cardOf(h.connector.sentTo(TeamsClient.personalChat(coordinator))[0]));
    const employeeButtons = cardActions(cardOf(h.connector.sentTo(TeamsClient.personalChat(employee))[0]));
    expect(coordinatorButtons.map((a) => a.title)).toContain(da.welcome.coordinatorActions.open);
    expect(employeeButtons.map((a) => a.title)).not.toContain(da.welcome.coordinatorActions.open);
  });

  it('shows the policy in brief from the welcome card, in the user language', async () => {
    const answer = await h.teams.act(newUser('Jonas Berg', 'en-GB'), 'help.policy');
    expect(answer.status).toBe(200);
    expect(answer.body?.type).toBe('application/vnd.microsoft.card.adaptive');
    expect(cardTexts(answer.body?.value)).toEqual(expect.arrayContaining([en.policy.title, en.policy.points]));
  });
});

describe('card actions and handlers', () => {
  it('every verb the bot knows has a handler', async () => {
    const { verbs } = await import('../../src/features/verbs');
    const h = await startHarness();
    try {
      expect([...h.bot.bot.router.verbs].sort()).toEqual(Object.values(verbs).sort());
      // Every command the Teams app manifest offers (Danish and English) is one the bot answers.
      const manifest = JSON.parse(readFileSync(path.join(__dirname, '../../appPackage/manifest.json'), 'utf8'));
      const english = JSON.parse(readFileSync(path.join(__dirname, '../../appPackage/en.json'), 'utf8'));
      const offered = [
        ...manifest.bots[0].commandLists.flatMap((list: { commands: { title: string }[] }) =>
          list.commands.map((c) => c.title),
        ),
        ...Object.entries(english)
          .filter(([key]) => /^bots\[0\]\.commandLists\[\d+\]\.commands\[\d+\]\.title$/.test(key))
          .map(([, title]) => title as string),
      ];
      const known = h.bot.bot.router.commandWords.map(normalizeCommand);
      expect(offered.filter((title) => !known.includes(normalizeCommand(title)))).toEqual([]);
      // Every message action the manifest offers has a handler, and every handler is offered.
      const actions = manifest.composeExtensions.flatMap((extension: { commands: { id: string }[] }) =>
        extension.commands.map((command) => command.id),
      );
      expect(actions.sort()).toEqual([...h.bot.bot.router.messageActionIds].sort());
    } finally {
      await h.close();
    }
  });
});
