import { randomUUID } from 'node:crypto';
import { da, en } from '../../src/i18n/catalogs';
import { SystemService, type SystemActor } from '../../src/features/systems/service';
import { TableSystemRepository } from '../../src/storage/system-repository';
import { cardActions, cardIn, cardOf, cardTexts } from '../support/cards';
import { ManualClock, newUser, startHarness, TeamsClient, type Harness } from '../support/harness';

/** 50 systems: the owner's are 01–44, somebody else's 45–50; every purpose is confidential. */
const COUNT = 50;
const OWNED = 44;
const label = (i: number): string => String(i).padStart(2, '0');
const nameOf = (i: number): string => `System ${label(i)}`;
const names = (from: number, to: number): string[] => Array.from({ length: to - from + 1 }, (_, i) => nameOf(from + i));
const purposeOf = (i: number): string => `Fortroligt formål nummer ${label(i)}`;

/** The system names a list card shows, in order (the bold line of each item). */
const shownOn = (card: Record<string, any>): string[] => cardTexts(card).filter((text) => /^System \d\d$/.test(text));
/** The ids a card offers to open. */
const openable = (card: Record<string, any>): unknown[] =>
  cardActions(card)
    .filter((action) => action.verb === 'system.view')
    .map((action) => action.data.id);
const button = (card: Record<string, any>, title: string) =>
  cardActions(card).find((action) => action.verb === 'system.list' && action.title === title);

describe('the system lists page through every system, each list keeping its role rule (P4, P10)', () => {
  const clock = new ManualClock(new Date('2026-11-28T09:00:00Z'));
  const coordinator = newUser('Mette Kjær');
  const englishCoordinator = newUser('Emma Hall', 'en-US');
  const owner = newUser('Lise Holm');
  const employee = newUser('Sofie Jensen');
  const ids = new Map<string, string>();
  let h: Harness;

  beforeAll(async () => {
    h = await startHarness({ coordinators: [coordinator, englishCoordinator], clock });
    const tables = h.bot.tables;
    const service = new SystemService(
      new TableSystemRepository(tables.client('Systems'), tables.client('SystemIndex')),
      clock,
    );
    const setup: SystemActor = { userId: randomUUID(), name: 'Opsætning', roles: new Set(['coordinator']) };
    // Registered in reverse, so name order is not the order of registration.
    for (let i = COUNT; i >= 1; i--) {
      const { system } = await service.register(setup, {
        name: nameOf(i),
        purpose: purposeOf(i),
        supplier: 'Leverandør A/S',
        ownerId: i <= OWNED ? owner.aadObjectId : randomUUID(),
        ownerName: i <= OWNED ? owner.name : '',
        personalData: false,
        personalDataKinds: [],
      });
      ids.set(system.name, system.id);
    }
  }, 60_000);
  afterAll(() => h.close());

  it('shows the coordinator the first 40 in Danish, the next page the rest, and a way back', async () => {
    expect(await h.teams.say(coordinator, 'systemer')).toBe(200);
    const first = cardOf(h.connector.sentTo(TeamsClient.personalChat(coordinator)).at(-1));
    expect(shownOn(first)).toEqual(names(1, 40));
    expect(openable(first)).toEqual(names(1, 40).map((name) => ids.get(name)));
    expect(cardTexts(first)).toEqual(
      expect.arrayContaining([da.systems.list.allTitle, 'Viser de første 40. Der er flere på næste side.']),
    );
    expect(button(first, da.systems.list.firstPage)).toBeUndefined();

    const second = cardIn(await h.teams.press(coordinator, button(first, da.systems.list.nextPage)));
    expect(shownOn(second)).toEqual(names(41, COUNT));
    expect(openable(second)).toHaveLength(COUNT - 40);
    expect(cardTexts(second)).toContain('Viser 10 fra System 41 og frem.');
    expect(button(second, da.systems.list.nextPage)).toBeUndefined();

    const back = cardIn(await h.teams.press(coordinator, button(second, da.systems.list.firstPage)));
    expect(shownOn(back)).toEqual(names(1, 40));
  });

  it('pages the risk assessments due for the coordinator, each system once', async () => {
    const first = cardIn(await h.teams.act(coordinator, 'system.list', { view: 'due' }));
    expect(cardTexts(first)).toContain(da.systems.list.dueTitle);
    const second = cardIn(await h.teams.press(coordinator, button(first, da.systems.list.nextPage)));
    const shown = [...shownOn(first), ...shownOn(second)];
    expect(shownOn(first)).toHaveLength(40);
    expect([...shown].sort()).toEqual(names(1, COUNT));
  });

  it("pages an owner's own systems, and another user's press of that button shows only their own", async () => {
    const first = cardIn(await h.teams.act(owner, 'system.list', { view: 'mine' }));
    expect(shownOn(first)).toEqual(names(1, 40));
    const next = button(first, da.systems.list.nextPage);
    const second = cardIn(await h.teams.press(owner, next));
    expect(shownOn(second)).toEqual(names(41, OWNED));
    expect(openable(second)).toEqual(names(41, OWNED).map((name) => ids.get(name)));

    const someoneElse = cardIn(await h.teams.press(employee, next));
    expect(shownOn(someoneElse)).toEqual([]);
    expect(cardTexts(someoneElse)).toContain(da.systems.list.emptyAfter);
  });

  it("refuses an employee the coordinator's next page, and pages the names alone for them", async () => {
    const first = cardIn(await h.teams.act(coordinator, 'system.list', { view: 'all' }));
    // A position in the register (by category) does not exist in the names list an employee sees.
    const pressed = await h.teams.press(employee, button(first, da.systems.list.nextPage));
    expect(pressed.body?.value).toBe(da.systems.list.badRequest);

    const own = cardIn(await h.teams.act(employee, 'system.list', { view: 'all' }));
    expect(cardTexts(own)).toEqual(expect.arrayContaining([da.systems.list.directoryTitle, da.systems.list.namesNote]));
    expect(shownOn(own)).toEqual(names(1, 40));
    const seen = cardIn(await h.teams.press(employee, button(own, da.systems.list.nextPage)));
    expect(shownOn(seen)).toEqual(names(41, COUNT));
    expect(openable(seen)).toEqual([]);
    const json = JSON.stringify([own, seen]);
    for (let i = 1; i <= COUNT; i++) expect(json).not.toContain(purposeOf(i));
    expect(json).not.toContain(da.systems.detail.nextDue);
    for (const category of Object.values(da.systems.categories)) expect(cardTexts(seen)).not.toContain(category);
  });

  it("refuses the coordinator's due list on the next page to anyone else, whatever the card carried", async () => {
    const due = cardIn(await h.teams.act(coordinator, 'system.list', { view: 'due' }));
    const pressed = await h.teams.press(employee, button(due, da.systems.list.nextPage));
    // The employee's view of every list is the directory, where a position in the due list does not exist.
    expect(pressed.status).toBe(200);
    expect(pressed.body?.value).toBe(da.systems.list.badRequest);
    const json = JSON.stringify(pressed.body);
    expect(json).not.toContain(da.systems.list.dueTitle);
    expect(json).not.toContain('system.view');
    for (let i = 1; i <= COUNT; i++) expect(json).not.toContain(purposeOf(i));
  });

  it('answers a malformed page with a clear message, and the lists still work', async () => {
    const first = cardIn(await h.teams.act(coordinator, 'system.list', { view: 'all' }));
    const next = String(button(first, da.systems.list.nextPage)?.data.after);
    const malformed: Record<string, unknown>[] = [
      { view: 'all', after: 'side 2' },
      { view: 'all', after: `${next}' or RowKey ne '` },
      { view: 'all', after: [next] },
      { view: 'all', after: { position: next } },
      { view: 'all', after: 40 },
      { view: 'mine', after: next },
      { view: 'due', after: next },
    ];
    for (const data of malformed) {
      const answer = await h.teams.act(coordinator, 'system.list', data);
      expect({ data, status: answer.status, body: answer.body }).toEqual({
        data,
        status: 200,
        body: {
          statusCode: 200,
          type: 'application/vnd.microsoft.activity.message',
          value: da.systems.list.badRequest,
        },
      });
    }
    expect(shownOn(cardIn(await h.teams.act(coordinator, 'system.list', { view: 'all', after: next })))).toEqual(
      names(41, COUNT),
    );
  });

  it('shows the pages in English to an English-speaking coordinator', async () => {
    const first = cardIn(await h.teams.act(englishCoordinator, 'system.list', { view: 'all' }));
    expect(cardTexts(first)).toEqual(
      expect.arrayContaining([en.systems.list.allTitle, 'Showing the first 40. There are more on the next page.']),
    );
    const second = cardIn(await h.teams.press(englishCoordinator, button(first, en.systems.list.nextPage)));
    expect(cardTexts(second)).toContain('Showing 10 from System 41 on.');
  });
});
