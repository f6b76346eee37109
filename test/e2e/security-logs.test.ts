import { cardActions, cardOf } from '../support/cards';
import { emailOf, ManualClock, newUser, startHarness, TeamsClient, type Harness } from '../support/harness';
import { numberOn, submitReport } from '../support/incidents';

/**
 * No personal data in logs (P10, GDPR art. 5(1)(f)): run the flows with names, e-mails and free
 * text, at debug level, and search every captured log line for them.
 */
describe('logs', () => {
  const clock = new ManualClock(new Date('2026-11-28T09:00:00Z'));
  const coordinator = newUser('Mette Kjær-Lauridsen');
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness({ coordinators: [coordinator], clock });
    await h.registerChannel('coordinator');
  });
  afterAll(() => h.close());

  it('hold no name, e-mail, phone number or free text that users submitted', async () => {
    const reporter = newUser('Birgitte Østergaard-Nielsen');
    const personal = {
      title: 'Lønsedler for Jens Peter Hansen sendt til forkert modtager',
      description: 'Mail med CPR 010203-1234 sendt til jens.hansen@gmail.example i stedet for jph@ballerup.example',
      actionsTaken: 'Ringede til Vibeke Sørensen i HR',
      contact: 'birgitte.ostergaard@kommune.example / 2233 4455',
      systemName: 'KMD Opus Løn',
      kind: 'system',
    };
    await h.teams.install(reporter);
    await h.teams.say(reporter, 'anmeld hændelse');
    const number = numberOn(await submitReport(h.teams, reporter, personal));
    await h.teams.say(reporter, 'mine hændelser');
    // An invalid submission (logged as a refusal) with the same text.
    await submitReport(h.teams, reporter, { ...personal, discoveredDate: 'i går' });

    const triage = (await h.teams.act(coordinator, 'incident.refresh', { number })).body?.value;
    const triageAction = cardActions(triage).find((action) => action.verb === 'incident.triage');
    await h.teams.act(coordinator, 'incident.triage', {
      ...triageAction?.data,
      state: 'inProgress',
      assignee: emailOf(newUser('Karsten Fiskbæk')),
      comment: 'Talt med Jens Peter Hansen om sagen',
    });
    const afterTriage = (await h.teams.act(coordinator, 'incident.refresh', { number })).body?.value;
    const openMeasures = cardActions(afterTriage).find((action) => action.verb === 'incident.measures');
    const measuresCard = (await h.teams.press(coordinator, openMeasures)).body?.value;
    const measureAction = cardActions(measuresCard).find((action) => action.verb === 'incident.measure.add');
    const vibeke = newUser('Vibeke Sørensen');
    await h.teams.install(vibeke);
    const added = await h.teams.act(coordinator, 'incident.measure.add', {
      ...measureAction?.data,
      measureText: 'Bed Jens Peter Hansen om at slette mailen',
      measureOwner: emailOf(vibeke),
      measureDue: '2026-12-05',
    });
    expect(JSON.stringify(added.body?.value)).toContain('sendt til Vibeke Sørensen');
    // The owner marks it done from her personal chat, with a comment naming people.
    const task = h.connector.sentTo(TeamsClient.personalChat(vibeke)).map(cardOf).at(-1);
    const opened = (
      await h.teams.press(
        vibeke,
        cardActions(task).find((action) => action.verb === 'measure.task'),
      )
    ).body?.value;
    await h.teams.press(
      vibeke,
      cardActions(opened).find((action) => action.verb === 'measure.complete'),
      { comment: 'Jens Peter Hansen har slettet mailen' },
    );
    await h.teams.say(vibeke, 'mine opgaver');
    const exported = await h.teams.act(coordinator, 'incident.export', {
      from: '2026-11-01',
      to: '2026-11-30',
      create: true,
    });
    const link = JSON.stringify(exported.body?.value).match(
      /http:\/\/127\.0\.0\.1:\d+\/api\/export\/[A-Za-z0-9_-]+/,
    )?.[0];
    expect(link).toBeDefined();
    const csv = await (await fetch(link as string)).text();
    expect(csv).toContain('Jens Peter Hansen'); // the export itself is complete
    // A message from someone the bot cannot place, and one from another tenant.
    await h.teams.say(newUser('Ulla Ukendt'), 'jeg hedder Ulla og min mail er ulla@privat.example');
    await new TeamsClient(h.bot.url, h.connector.url, 'badbad00-0000-4000-8000-000000000002').say(
      newUser('Fremmed Person'),
      'hej fra fremmed@andet.example',
    );

    const log = h.logs.join('\n');
    // The flows were logged (so the scan below looks at something).
    expect(log).toContain('incident reported');
    expect(log).toContain('activity from another tenant refused');
    expect(log).toContain(number); // ids are logged, so an operator can follow a case
    const personalData = [
      'Birgitte',
      'Østergaard',
      'Mette Kjær',
      'Jens Peter Hansen',
      'Vibeke',
      'Karsten',
      'Ulla',
      'Fremmed Person',
      '010203-1234',
      '2233 4455',
      '@gmail.example',
      '@ballerup.example',
      '@kommune.example',
      '@privat.example',
      '@andet.example',
      'Lønsedler',
      'forkert modtager',
      'KMD Opus',
      'slette mailen',
      'Talt med',
      reporter.aadObjectId,
      coordinator.aadObjectId,
    ];
    expect(personalData.filter((text) => log.includes(text))).toEqual([]);
  });
});
