import { da } from '../../src/i18n/catalogs';
import { MEASURE_OWNER_REMINDERS } from '../../src/features/incidents/measure-reminder-job';
import { TableJobRepository } from '../../src/storage/job-repository';
import { cardActions, cardIn, cardOf, cardTexts, inputOn } from '../support/cards';
import { storedHistory, storedIncident } from '../support/fault-records';
import { emailOf, newUser, TeamsClient, withCoordinatorChannel, type TestUser } from '../support/harness';
import { numberOn, submitReport } from '../support/incidents';

/**
 * #20 item 3: a remedial measure's owner is a person picked in Teams, who gets the measure in their
 * personal chat, marks it done with a comment, lists their open tasks and is reminded; the
 * coordinator sees who has not acted and whom the bot could not reach.
 */
describe('remedial measures find their owners (#20, P1)', () => {
  // Saturday 5 December 2026, 10:00 Danish time.
  const suite = withCoordinatorChannel('2026-12-05T09:00:00Z');
  const { clock, coordinator } = suite;
  const m = da.measures;

  const chatOf = (user: TestUser) => TeamsClient.personalChat(user);
  const cardsIn = (user: TestUser) => suite.h.connector.sentTo(chatOf(user)).map(cardOf);

  async function reported(): Promise<string> {
    return numberOn(
      await submitReport(suite.h.teams, newUser('Sofie Jensen'), {
        kind: 'general',
        personalData: 'no',
        personalDataKinds: '',
      }),
    );
  }

  /** The coordinator opens the incident and, from its triage card, the measures card. */
  async function measuresCardOf(number: string) {
    const triage = cardIn(await suite.h.teams.act(coordinator, 'incident.view', { number }));
    const open = cardActions(triage).find((action) => action.verb === 'incident.measures');
    expect(open?.title).toBe(m.card.open);
    return cardIn(await suite.h.teams.press(coordinator, open));
  }

  async function add(number: string, inputs: Record<string, string>) {
    const card = await measuresCardOf(number);
    const button = cardActions(card).find((action) => action.verb === 'incident.measure.add');
    return cardIn(await suite.h.teams.press(coordinator, button, inputs));
  }

  it('sends the measure to the person picked; only they mark it done, with a comment; the coordinator sees it', async () => {
    const owner = newUser('Lars Holm');
    const colleague = newUser('Anne Friis');
    await suite.h.teams.install(owner);
    await suite.h.teams.install(colleague);
    const number = await reported();

    // The measures card offers the Teams people picker (a Data.Query over the organisation's users).
    const card = await measuresCardOf(number);
    expect(inputOn(card, 'measureOwnerPick')).toMatchObject({
      type: 'Input.ChoiceSet',
      'choices.data': { type: 'Data.Query', dataset: 'graph.microsoft.com/users' },
    });
    const added = await add(number, {
      measureText: 'Nulstil adgangskoder for de berørte konti',
      measureOwnerPick: owner.aadObjectId,
      measureDue: '2026-12-10',
    });
    expect(cardTexts(added)).toContain(m.card.added.replace('{owner}', owner.name));
    const stored = (await storedIncident(suite.h, number))?.measures[0];
    expect(stored).toMatchObject({ owner: owner.name, ownerId: owner.aadObjectId, ownerEmail: emailOf(owner) });
    expect(stored?.notifiedAt).toBeDefined();

    // The owner's personal chat: the measure, its due date, the incident number, and the buttons.
    const task = cardsIn(owner).at(-1);
    expect(cardTexts(task)).toEqual(
      expect.arrayContaining([m.task.heading, 'Nulstil adgangskoder for de berørte konti', '10.12.2026', number]),
    );
    expect(cardTexts(task).join('\n')).not.toContain('Sofie Jensen'); // nothing else of the incident (P10)
    // Sent unasked, it opens the task (a client need not send the inputs of such a card), and the
    // opened card takes the comment.
    expect(inputOn(task, 'comment')).toBeUndefined();
    const open = cardActions(task).find((action) => action.verb === 'measure.task');
    expect(open?.title).toBe(m.task.open);
    const done = cardActions(cardIn(await suite.h.teams.press(owner, open))).find(
      (action) => action.verb === 'measure.complete',
    );
    expect(done?.title).toBe(m.task.done);

    // Until the owner acts, the coordinator's card says it was sent and is not done.
    const waiting = cardIn(await suite.h.teams.act(coordinator, 'incident.view', { number }));
    expect(cardTexts(waiting).join('\n')).toContain('sendt til ejeren 05.12.2026, ikke udført');

    // Someone else pressing the owner's button (a forwarded card, made-up data) is refused.
    const refused = await suite.h.teams.press(colleague, done, { comment: 'Det er gjort' });
    expect(refused.body?.value).toBe(da.common.errorNotFound);
    expect((await storedIncident(suite.h, number))?.measures[0]?.done).toBe(false);

    // The owner lists their tasks, opens it and marks it done with a comment.
    await suite.h.teams.say(owner, 'mine opgaver');
    const tasks = cardsIn(owner).at(-1);
    expect(cardTexts(tasks)).toEqual(
      expect.arrayContaining([m.tasks.heading, 'Nulstil adgangskoder for de berørte konti']),
    );
    const opened = cardIn(
      await suite.h.teams.press(
        owner,
        cardActions(tasks).find((action) => action.verb === 'measure.task'),
      ),
    );
    const marked = cardIn(
      await suite.h.teams.press(
        owner,
        cardActions(opened).find((action) => action.verb === 'measure.complete'),
        { comment: 'Alle 12 konti er nulstillet.' },
      ),
    );
    expect(cardTexts(marked)).toEqual(expect.arrayContaining([m.task.saved, 'Udført 05.12.2026 af Lars Holm.']));
    expect(cardActions(marked).map((action) => action.verb)).not.toContain('measure.complete');
    const after = (await storedIncident(suite.h, number))?.measures[0];
    expect(after).toMatchObject({ done: true, doneBy: 'Lars Holm', doneComment: 'Alle 12 konti er nulstillet.' });
    const history = await storedHistory(suite.h, number);
    expect(history.at(-1)).toMatchObject({
      action: 'measureDone',
      by: owner.aadObjectId,
      comment: 'Alle 12 konti er nulstillet.',
    });

    // Pressing again is harmless: the card shows it done, nothing is written twice.
    await suite.h.teams.press(owner, done, { comment: 'igen' });
    expect((await storedHistory(suite.h, number)).length).toBe(history.length);

    // The coordinator sees it done by the owner on the triage card; the owner's list is empty.
    const triage = cardIn(await suite.h.teams.act(coordinator, 'incident.view', { number }));
    expect(cardTexts(triage)).toContain('Udført 05.12.2026 af Lars Holm');
    await suite.h.teams.say(owner, 'my tasks');
    expect(cardTexts(cardsIn(owner).at(-1))).toContain(m.tasks.none);
  });

  it('refuses an owner nobody in the organisation is, keeping what was typed; nothing is stored', async () => {
    const number = await reported();
    const typed = { measureText: 'Spær maskinen', measureOwner: 'IT-drift', measureDue: 'i morgen' };
    const again = await add(number, typed);
    expect(cardTexts(again)).toEqual(
      expect.arrayContaining([m.card.fixErrors, m.errors.ownerNotFound, da.incidents.errors.dueDate]),
    );
    expect(inputOn(again, 'measureText')?.value).toBe('Spær maskinen');
    expect(inputOn(again, 'measureOwner')?.value).toBe('IT-drift');
    expect(inputOn(again, 'measureDue')?.value).toBe('i morgen');
    expect((await storedIncident(suite.h, number))?.measures).toEqual([]);
  });

  it('flags an owner without the app to the coordinator, and sends the measure once they can be reached', async () => {
    const owner = newUser('Peter Lund'); // in the organisation, but has never opened the bot
    const number = await reported();
    const added = await add(number, {
      measureText: 'Gennemgå adgangen til fællesdrevet',
      measureOwner: emailOf(owner), // typed: the fallback when the picker is not used
      measureDue: '2026-12-20',
    });
    expect(cardTexts(added)).toEqual(
      expect.arrayContaining([m.card.addedUnreachable.replace('{owner}', 'Peter Lund'), m.status.unreachable]),
    );
    expect((await storedIncident(suite.h, number))?.measures[0]?.unreachableAt).toBeDefined();
    const triage = cardIn(await suite.h.teams.act(coordinator, 'incident.view', { number }));
    expect(cardTexts(triage).join('\n')).toContain(m.status.unreachable);

    // Monday's digest says so to the coordinator channel, by number and count, without the name.
    clock.set('2026-12-07T07:00:10Z');
    await suite.h.bot.scheduler.tick();
    const digest = suite.h.connector
      .sentTo(suite.channel)
      .map(cardOf)
      .find((card) => cardTexts(card).includes(da.incidents.digest.heading));
    expect(cardTexts(digest)).toContain(`${number}: 1 ejer kan ikke nås i Teams`);
    expect(JSON.stringify(digest)).not.toContain('Peter Lund');

    // He opens the bot; the next morning's run sends him the measure and clears the flag.
    await suite.h.teams.install(owner);
    clock.set('2026-12-08T07:30:10Z');
    await suite.h.bot.scheduler.tick();
    await suite.h.bot.scheduler.tick();
    const task = cardsIn(owner).find((card) => cardTexts(card).includes('Gennemgå adgangen til fællesdrevet'));
    expect(cardActions(task).map((action) => action.verb)).toContain('measure.task');
    const stored = (await storedIncident(suite.h, number))?.measures[0];
    expect(stored?.unreachableAt).toBeUndefined();
    expect(stored?.notifiedAt).toBeDefined();
  });

  it('flags an owner whose chat Teams says is gone (403), instead of claiming it was sent', async () => {
    const owner = newUser('Karin Bech');
    await suite.h.teams.install(owner);
    const number = await reported();
    suite.h.connector.rule = (call) => (call.conversationId === chatOf(owner) ? { status: 403 } : undefined);
    try {
      const added = await add(number, {
        measureText: 'Opdatér firewallreglerne',
        measureOwnerPick: owner.aadObjectId,
        measureDue: '2026-12-20',
      });
      expect(cardTexts(added)).toContain(m.card.addedUnreachable.replace('{owner}', 'Karin Bech'));
      expect((await storedIncident(suite.h, number))?.measures[0]?.notifiedAt).toBeUndefined();
    } finally {
      suite.h.connector.rule = undefined;
    }
  });

  it('reminds the owner two days before, the day after the due date and then weekly, once a day at most', async () => {
    const owner = newUser('Jonas Berg');
    await suite.h.teams.install(owner);
    const number = await reported();
    await add(number, {
      measureText: 'Udskift routeren',
      measureOwnerPick: owner.aadObjectId,
      measureDue: '2026-12-12',
    });
    await add(number, {
      measureText: 'Opdatér dokumentationen',
      measureOwnerPick: owner.aadObjectId,
      measureDue: '2026-12-12',
    });
    const reminders = () => cardsIn(owner).filter((card) => cardTexts(card).includes(m.reminder.heading));
    const morning = async (day: string) => {
      clock.set(`${day}T07:30:10Z`);
      await suite.h.bot.scheduler.tick();
      await suite.h.bot.scheduler.tick();
    };
    const pending = (await new TableJobRepository(suite.h.bot.tables.client('Jobs')).due(new Date('2100-01-01'), 200))
      .filter((job) => job.kind === MEASURE_OWNER_REMINDERS)
      .map((job) => job.dueAt);
    expect(pending).toHaveLength(1);

    await morning('2026-12-09'); // three days before: nothing
    expect(reminders()).toHaveLength(0);
    await morning('2026-12-10'); // two days before: one message with both measures
    expect(reminders()).toHaveLength(1);
    expect(cardTexts(reminders()[0])).toEqual(expect.arrayContaining(['Udskift routeren', 'Opdatér dokumentationen']));
    await morning('2026-12-11');
    await morning('2026-12-12'); // the due date itself: nothing
    expect(reminders()).toHaveLength(1);
    await morning('2026-12-13'); // the day after: late
    expect(reminders()).toHaveLength(2);
    expect(cardTexts(reminders()[1]).join('\n')).toContain(m.status.late);
    for (const day of ['2026-12-14', '2026-12-15', '2026-12-16', '2026-12-17', '2026-12-18', '2026-12-19'])
      await morning(day);
    expect(reminders()).toHaveLength(2);
    await morning('2026-12-20'); // a week after the first late reminder
    expect(reminders()).toHaveLength(3);
  });
});
