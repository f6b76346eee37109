import { systemClock } from '../../src/clock';
import { da } from '../../src/i18n/catalogs';
import { TableAuditLog } from '../../src/storage/audit-repository';
import { TableRiskRepository } from '../../src/storage/risk-repository';
import { cardActions, cardIn, cardOf, cardTexts, dataOf, inputOn } from '../support/cards';
import { grant } from '../support/fault-records';
import { emailOf, newUser, TeamsClient, withCoordinatorChannel, type TestUser } from '../support/harness';

/**
 * #19 treatment measures and #20 item 3 "the same for risk treatment measures": a risk's remedial
 * measure has an owner who is a person, gets it in their personal chat, marks it done with a comment,
 * sees it in `mine opgaver`, is reminded at the incidents' pace; an unreachable owner is flagged; who
 * may add follows the register (the coordinator, the system owner for his own systems).
 */
describe('risk treatment measures find their owners (#19, #20)', () => {
  // Saturday 5 December 2026, 10:00 Danish time.
  const suite = withCoordinatorChannel('2026-12-05T09:00:00Z');
  const { clock, coordinator } = suite;
  const m = da.measures;
  const systemOwner = newUser('Lise Holm');
  const manager = newUser('Karin Lund');
  let system: string;

  const chatOf = (user: TestUser) => TeamsClient.personalChat(user);
  const cardsIn = (user: TestUser) => suite.h.connector.sentTo(chatOf(user)).map(cardOf);
  const repo = () => new TableRiskRepository(suite.h.bot.tables.client('Risks'));
  const stored = async (id: string) => (await repo().get(id))?.risk;

  beforeAll(async () => {
    await grant(suite.h, manager.aadObjectId, 'management');
    await suite.h.teams.install(systemOwner);
    const card = cardIn(
      await suite.h.teams.act(coordinator, 'system.save', {
        name: 'KMD Nexus',
        purpose: 'Omsorgssystem',
        supplier: 'KMD A/S',
        owner: systemOwner.aadObjectId,
        personalData: 'no',
        personalDataKinds: '',
      }),
    );
    system = String(dataOf(card, 'system.classify').id);
  });

  async function newRisk(title: string): Promise<string> {
    const card = cardIn(
      await suite.h.teams.act(coordinator, 'risk.save', {
        title,
        scenario: 'Leverandørens datacenter går ned; hjemmeplejen kan ikke se besøgsplaner.',
        systems: system,
        ownerPick: coordinator.aadObjectId,
        draftId: crypto.randomUUID(),
      }),
    );
    return String(dataOf(card, 'risk.measures').id);
  }

  /** The risk card's "Foranstaltninger" button, pressed by `who`. */
  async function measuresCardOf(who: TestUser, id: string) {
    const detail = cardIn(await suite.h.teams.act(who, 'risk.view', { id }));
    const open = cardActions(detail).find((action) => action.verb === 'risk.measures');
    expect(open?.title).toMatch(/^Foranstaltninger \(\d+ åbne\)$/);
    return cardIn(await suite.h.teams.press(who, open));
  }

  async function add(who: TestUser, id: string, inputs: Record<string, string>) {
    const card = await measuresCardOf(who, id);
    const button = cardActions(card).find((action) => action.verb === 'risk.measure.add');
    return cardIn(await suite.h.teams.press(who, button, inputs));
  }

  it("sends the measure to the person picked, who alone marks it done; it is in the risk's history and audit chain", async () => {
    const owner = newUser('Lars Holm');
    const colleague = newUser('Anne Friis');
    await suite.h.teams.install(owner);
    await suite.h.teams.install(colleague);
    const id = await newRisk('Udfald af Nexus');

    const card = await measuresCardOf(coordinator, id);
    expect(inputOn(card, 'measureOwnerPick')).toMatchObject({
      type: 'Input.ChoiceSet',
      'choices.data': { type: 'Data.Query', dataset: 'graph.microsoft.com/users' },
    });
    const added = await add(coordinator, id, {
      measureText: 'Aftal nødprocedure med hjemmeplejen',
      measureOwnerPick: owner.aadObjectId,
      measureDue: '2026-12-10',
    });
    expect(cardTexts(added)).toContain(m.card.added.replace('{owner}', owner.name));
    expect(cardTexts(added).join('\n')).toContain('sendt til ejeren 05.12.2026, ikke udført');
    expect((await stored(id))?.measures?.[0]).toMatchObject({
      owner: owner.name,
      ownerId: owner.aadObjectId,
      ownerEmail: emailOf(owner),
      dueDate: '2026-12-10',
      done: false,
    });

    // The owner's chat: the measure, its due date and the risk's title — not its scenario (P10).
    const task = cardsIn(owner).at(-1);
    expect(cardTexts(task)).toEqual(
      expect.arrayContaining([m.task.heading, m.task.riskIntro, 'Aftal nødprocedure med hjemmeplejen', '10.12.2026']),
    );
    expect(cardTexts(task)).toContain('Udfald af Nexus');
    expect(JSON.stringify(task)).not.toContain('datacenter');
    const open = cardActions(task).find((action) => action.verb === 'measure.task');
    const opened = cardIn(await suite.h.teams.press(owner, open));
    const done = cardActions(opened).find((action) => action.verb === 'measure.complete');
    expect(done?.title).toBe(m.task.done);

    // Anyone else — a colleague, the coordinator herself — is told it does not exist; nothing changes.
    for (const other of [colleague, coordinator]) {
      const refused = await suite.h.teams.press(other, done, { comment: 'Det er gjort' });
      expect(refused.body?.value).toBe(da.common.errorNotFound);
    }
    expect((await stored(id))?.measures?.[0]?.done).toBe(false);

    // `mine opgaver` lists it under the risk's title; the owner marks it done with a comment.
    await suite.h.teams.say(owner, 'mine opgaver');
    const tasks = cardsIn(owner).at(-1);
    expect(cardTexts(tasks)).toEqual(
      expect.arrayContaining(['Aftal nødprocedure med hjemmeplejen', 'Risiko: Udfald af Nexus · frist 10.12.2026']),
    );
    const fromList = cardIn(
      await suite.h.teams.press(
        owner,
        cardActions(tasks).find((action) => action.verb === 'measure.task'),
      ),
    );
    const marked = cardIn(
      await suite.h.teams.press(
        owner,
        cardActions(fromList).find((action) => action.verb === 'measure.complete'),
        { comment: 'Aftalt med lederen af hjemmeplejen.' },
      ),
    );
    expect(cardTexts(marked)).toEqual(expect.arrayContaining([m.task.saved, 'Udført 05.12.2026 af Lars Holm.']));
    expect((await stored(id))?.measures?.[0]).toMatchObject({
      done: true,
      doneBy: 'Lars Holm',
      doneComment: 'Aftalt med lederen af hjemmeplejen.',
    });

    // Pressing again writes nothing twice.
    const history = await repo().history(id);
    await suite.h.teams.press(owner, done, { comment: 'igen' });
    expect(await repo().history(id)).toHaveLength(history.length);
    expect(history.map((entry) => entry.action)).toEqual(['created', 'measureAdded', 'measureNotice', 'measureDone']);
    expect(history.at(-1)).toMatchObject({ by: owner.aadObjectId, comment: 'Aftalt med lederen af hjemmeplejen.' });

    // The risk card's history says so; the audit chain holds every change, hash-chained.
    const detail = cardIn(await suite.h.teams.act(coordinator, 'risk.view', { id }));
    expect(cardTexts(detail)).toEqual(
      expect.arrayContaining([
        `05.12.2026 · Lars Holm · ${da.risks.detail.actions.measureDone}`,
        `05.12.2026 · Mette Kjær · ${da.risks.detail.actions.measureAdded}`,
      ]),
    );
    const records = (await new TableAuditLog(suite.h.bot.tables.client('Audit'), systemClock).read('risks')).filter(
      (record) => record.subject === id,
    );
    expect(records.map((record) => record.action)).toEqual([
      'risk.created',
      'risk.measureAdded',
      'risk.measureNotice',
      'risk.measureDone',
    ]);
    expect(records.at(-1)?.actor).toBe(owner.aadObjectId);

    // Done, it leaves the owner's open list.
    expect((await repo().openMeasures()).some((open) => open.parent.kind === 'risk' && open.parent.id === id)).toBe(
      false,
    );
    await suite.h.teams.say(owner, 'my tasks');
    expect(cardTexts(cardsIn(owner).at(-1))).toContain(m.tasks.none);
  });

  it('refuses an owner nobody in the organisation is, keeping every value typed; nothing is stored', async () => {
    const id = await newRisk('Phishing mod hjemmeplejen');
    const typed = { measureText: 'Kampagne om phishing', measureOwner: 'IT-drift', measureDue: 'snart' };
    const again = await add(coordinator, id, typed);
    expect(cardTexts(again)).toEqual(
      expect.arrayContaining([m.card.fixErrors, m.errors.ownerNotFound, da.incidents.errors.dueDate]),
    );
    expect(inputOn(again, 'measureText')?.value).toBe('Kampagne om phishing');
    expect(inputOn(again, 'measureOwner')?.value).toBe('IT-drift');
    expect(inputOn(again, 'measureDue')?.value).toBe('snart');
    expect((await stored(id))?.measures ?? []).toEqual([]);
    expect((await repo().history(id)).map((entry) => entry.action)).toEqual(['created']);
  });

  it("lets the system owner add measures to his system's risks; management sees them and cannot add", async () => {
    const id = await newRisk('Nexus-data slettet ved fejl');
    const added = await add(systemOwner, id, {
      measureText: 'Test gendannelse af backup',
      measureOwnerPick: systemOwner.aadObjectId,
      measureDue: '2027-01-15',
    });
    expect(cardTexts(added)).toContain(m.card.added.replace('{owner}', systemOwner.name));

    const seen = await measuresCardOf(manager, id);
    expect(cardTexts(seen)).toEqual(expect.arrayContaining(['Test gendannelse af backup', m.riskCard.readOnly]));
    expect(inputOn(seen, 'measureText')).toBeUndefined();
    expect(cardActions(seen).map((action) => action.verb)).not.toContain('risk.measure.add');
    const forged = await suite.h.teams.act(manager, 'risk.measure.add', {
      id,
      version: (await stored(id))?.version,
      measureText: 'Smuglet ind',
      measureOwnerPick: manager.aadObjectId,
      measureDue: '2027-01-15',
    });
    expect(forged.body?.value).toBe(da.common.errorForbidden);
    expect((await stored(id))?.measures).toHaveLength(1);
  });

  it('flags an unreachable owner to the coordinator, sends it once they can be reached, and reminds at the same pace', async () => {
    const owner = newUser('Peter Lund'); // in the organisation, but has never opened the bot
    const id = await newRisk('Brand i serverrummet');
    const added = await add(coordinator, id, {
      measureText: 'Gennemgå slukningsanlægget',
      measureOwner: emailOf(owner),
      measureDue: '2026-12-09',
    });
    expect(cardTexts(added)).toEqual(
      expect.arrayContaining([m.card.addedUnreachable.replace('{owner}', 'Peter Lund'), m.status.unreachable]),
    );
    expect((await stored(id))?.measures?.[0]?.unreachableAt).toBeDefined();

    // The quarterly review lists it among the notices that could not be delivered, as it does an incident's.
    await suite.h.teams.say(coordinator, 'gennemgang');
    expect(cardTexts(cardsIn(coordinator).at(-1)).join('\n')).toContain(
      `Foranstaltning til ejeren af risikoen »Brand i serverrummet«: ${da.undelivered.reasons.noChat}`,
    );

    // Monday's digest counts it for the coordinator, without the name or the risk's title.
    clock.set('2026-12-07T07:00:10Z');
    await suite.h.bot.scheduler.tick();
    const digest = suite.h.connector
      .sentTo(suite.channel)
      .map(cardOf)
      .find((card) => cardTexts(card).includes(da.incidents.digest.heading));
    expect(cardTexts(digest).join('\n')).toContain('Risici: 0 foranstaltninger er over fristen, 1 kan ikke sendes');
    expect(JSON.stringify(digest)).not.toContain('Peter Lund');
    expect(JSON.stringify(digest)).not.toContain('Brand i serverrummet');

    // He opens the bot: Tuesday morning's run (two days before the due date) sends it and clears the flag.
    await suite.h.teams.install(owner);
    const morning = async (day: string) => {
      clock.set(`${day}T07:30:10Z`);
      await suite.h.bot.scheduler.tick();
      await suite.h.bot.scheduler.tick();
    };
    await morning('2026-12-08');
    const task = cardsIn(owner).find((card) => cardTexts(card).includes('Gennemgå slukningsanlægget'));
    expect(cardTexts(task)).toContain('Brand i serverrummet');
    expect(cardActions(task).map((action) => action.verb)).toContain('measure.task');
    expect(dataOf(task!, 'measure.task')).toMatchObject({ riskId: id });
    const after = (await stored(id))?.measures?.[0];
    expect(after?.unreachableAt).toBeUndefined();
    expect(after?.notifiedAt).toBeDefined();

    // Reminders: the day after the due date, then a week later; nothing in between.
    const reminders = () => cardsIn(owner).filter((card) => cardTexts(card).includes(m.reminder.heading));
    await morning('2026-12-09'); // the due date itself
    expect(reminders()).toHaveLength(0);
    await morning('2026-12-10'); // the day after: late
    expect(reminders()).toHaveLength(1);
    expect(cardTexts(reminders()[0]).join('\n')).toContain(
      `Risiko: Brand i serverrummet · frist 09.12.2026 · ${m.status.late}`,
    );
    for (const day of ['2026-12-11', '2026-12-12', '2026-12-13', '2026-12-14', '2026-12-15', '2026-12-16'])
      await morning(day);
    expect(reminders()).toHaveLength(1);
    await morning('2026-12-17');
    expect(reminders()).toHaveLength(2);
  });

  it('shows the open measures of risks in the quarterly review, past their due date first, asked and posted', async () => {
    // Thursday 17 December: "Gennemgå slukningsanlægget" is past its due date, the backup test is not.
    const heading = 'Åbne foranstaltninger på risici: 2 (1 over fristen)';
    const late = '⚠ Gennemgå slukningsanlægget – Peter Lund, frist 09.12.2026, over fristen (Brand i serverrummet)';
    const due = 'Test gendannelse af backup – Lise Holm, frist 15.01.2027 (Nexus-data slettet ved fejl)';
    await suite.h.teams.say(coordinator, 'gennemgang');
    const asked = cardTexts(cardsIn(coordinator).at(-1));
    expect(asked).toContain(heading);
    expect(asked.indexOf(late)).toBeGreaterThan(asked.indexOf(heading));
    expect(asked.indexOf(due)).toBe(asked.indexOf(late) + 1);

    // The scheduled post of the next quarter (Monday 4 January 2027, 09:00) shows the same.
    clock.set('2027-01-04T08:00:10Z');
    await suite.h.bot.scheduler.tick();
    const posted = suite.h.connector
      .sentTo(suite.channel)
      .map(cardOf)
      .filter((card) => card.refresh?.action?.verb === 'review.refresh')
      .at(-1);
    expect(cardTexts(posted)).toEqual(expect.arrayContaining([heading, late, due]));
  });
});
