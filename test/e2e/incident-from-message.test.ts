import { randomUUID } from 'node:crypto';
import { da, en } from '../../src/i18n/catalogs';
import { cardSchemaErrors } from '../support/card-schema';
import { cardActions, cardOf, cardTexts, inputOn } from '../support/cards';
import { t } from '../../src/i18n';
import {
  ManualClock,
  newUser,
  OTHER_TENANT,
  startHarness,
  TeamsClient,
  withCoordinatorChannel,
  type Harness,
} from '../support/harness';
import { numberOn, validReport } from '../support/incidents';
import { dialogCard, dialogMessage, fetchTask, messagePayload, submitAction } from '../support/message-actions';

/** The `Action.Submit` buttons of a dialog card, with their data. */
const submits = (card: unknown): Record<string, unknown>[] =>
  JSON.stringify(card).includes('"Action.Submit"')
    ? ((card as { actions: { type: string; data?: Record<string, unknown> }[] }).actions ?? [])
        .filter((action) => action.type === 'Action.Submit')
        .map((action) => action.data ?? {})
    : [];

const numberIn = (text: string | undefined): string => /HÆN-\d{4}-\d{4}/.exec(text ?? '')?.[0] ?? '';

describe('reporting an incident from a message (P1: "in chat or from a message")', () => {
  const suite = withCoordinatorChannel('2026-11-28T09:00:00Z');
  const channel = { id: '19:general-abc@thread.tacv2', teamId: '19:team-abc@thread.tacv2' };

  it('opens the report card in a dialog, in Danish, with the message as evidence and its text, sender and time filled in', async () => {
    const employee = newUser('Sofie Jensen');
    const answer = await fetchTask(suite.h.teams, employee, { channel });
    expect(answer.status).toBe(200);
    expect((answer.body as any).task.value.title).toBe(da.incidents.fromMessage.dialogTitle);
    const card = dialogCard(answer);
    expect(cardSchemaErrors(card)).toEqual([]);
    const texts = cardTexts(card);
    expect(texts).toEqual(
      expect.arrayContaining([
        da.incidents.report.evidenceTitle,
        'Ukendt Afsender',
        '27.11.2026 kl. 07:40',
        'https://teams.microsoft.com/l/message/19:general-abc@thread.tacv2/1764225600000?groupId=0c6f&tenantId=c0ffee00',
        'Din adgangskode udløber i dag. Klik her for at beholde den.\nMvh. IT&Digitalisering',
      ]),
    );
    expect(JSON.stringify(card)).not.toMatch(/<p>|&nbsp;|&amp;/);
    expect(inputOn(card, 'title')?.value).toBe('Mistænkelig besked fra Ukendt Afsender');
    expect(inputOn(card, 'description')?.value).toContain('Din adgangskode udløber i dag.');
    expect(inputOn(card, 'occurredDate')?.value).toBe('2026-11-27');
    expect(inputOn(card, 'occurredTime')?.value).toBe('07:40');
    // Dialogs take Action.Submit; Action.Execute would do nothing there.
    expect(cardActions(card)).toEqual([]);
    expect(submits(card)).toEqual([{ draftId: expect.stringMatching(/^[0-9a-f-]{36}$/) }]);
  });

  it('stores the report with the message as evidence, closes the dialog with the number, posts the receipt to the personal chat and tells the coordinator', async () => {
    const employee = newUser('Sofie Jensen');
    await suite.h.teams.install(employee);
    const card = dialogCard(await fetchTask(suite.h.teams, employee, { channel }));
    const data = { ...submits(card)[0], ...validReport({ draftId: undefined, title: 'Phishing-mail om adgangskode' }) };
    delete data.draftId;
    const answer = await submitAction(
      suite.h.teams,
      employee,
      { ...data, draftId: submits(card)[0]?.draftId },
      { channel },
    );
    expect(answer.status).toBe(200);
    const closing = dialogMessage(answer);
    const number = numberIn(closing);
    expect(closing).toBe(da.incidents.fromMessage.received.replace('{number}', number));
    // A dialog takes no Action.Execute: the receipt there is a card without buttons, closed by the user.
    expect(dialogCard(answer)?.actions ?? []).toEqual([]);
    expect(cardSchemaErrors(dialogCard(answer))).toEqual([]);

    const receipt = await suite.h.connector.waitFor(
      (call) =>
        call.conversationId === TeamsClient.personalChat(employee) && JSON.stringify(call.activity).includes(number),
    );
    expect(cardTexts(cardOf(receipt.activity))).toContain(da.incidents.confirmation.title);
    await suite.h.connector.waitFor(
      (call) => call.conversationId === suite.channel && JSON.stringify(call.activity).includes(number),
    );

    // The coordinator's view shows the evidence; the reporter's own view too.
    const view = await suite.h.teams.act(suite.coordinator, 'incident.view', { number });
    expect(cardTexts(view.body?.value)).toEqual(
      expect.arrayContaining([
        `${da.incidents.detail.evidenceSender}: `,
        'Ukendt Afsender',
        '27.11.2026 kl. 07:40',
        expect.stringContaining('Din adgangskode udløber i dag.'),
      ]),
    );
    expect(cardTexts(view.body?.value)).toContain(
      'https://teams.microsoft.com/l/message/19:general-abc@thread.tacv2/1764225600000?groupId=0c6f&tenantId=c0ffee00',
    );
  });

  it('answers a repeated submit (double click, Teams retry) with the same number, storing one incident and one receipt', async () => {
    const employee = newUser('Sofie Jensen');
    await suite.h.teams.install(employee);
    const data = validReport({ title: 'Samme besked to gange' });
    const first = numberIn(dialogMessage(await submitAction(suite.h.teams, employee, data, { channel })));
    const second = numberIn(dialogMessage(await submitAction(suite.h.teams, employee, data, { channel })));
    expect(second).toBe(first);
    await suite.h.connector.waitFor((call) => JSON.stringify(call.activity).includes(first));
    await new Promise((resolve) => setTimeout(resolve, 300));
    const receipts = suite.h.connector
      .sentTo(TeamsClient.personalChat(employee))
      .filter((activity) => JSON.stringify(activity).includes(first));
    expect(receipts).toHaveLength(1);
    const mine = await suite.h.teams.act(employee, 'incident.mine');
    expect(cardTexts(mine.body?.value).filter((text) => text.includes('Samme besked to gange'))).toHaveLength(1);
  });

  it('shows the errors in the dialog, keeping every value and the evidence, and stores nothing', async () => {
    const employee = newUser('Sofie Jensen');
    const data = validReport({ title: '', personalDataKinds: '', contact: 'lokal 4455' });
    const answer = await submitAction(suite.h.teams, employee, data, { channel });
    const card = dialogCard(answer);
    expect(cardSchemaErrors(card)).toEqual([]);
    expect(cardTexts(card)).toEqual(
      expect.arrayContaining([
        da.incidents.report.fixErrors,
        da.incidents.errors.required,
        da.incidents.errors.kindsRequired,
        da.incidents.report.evidenceTitle,
        'Ukendt Afsender',
      ]),
    );
    expect(inputOn(card, 'contact')?.value).toBe('lokal 4455');
    expect(inputOn(card, 'description')?.value).toBe(data.description);
    expect(submits(card)).toEqual([{ draftId: data.draftId }]);
    const mine = await suite.h.teams.act(employee, 'incident.mine');
    expect(cardTexts(mine.body?.value)).toContain(da.incidents.list.mineEmpty);
  });

  it('keeps the evidence as Teams sent it: what the dialog data says about the message or the reporter is ignored', async () => {
    const employee = newUser('Sofie Jensen');
    const data = validReport({
      title: 'Manipuleret dialog',
      evidence: { text: 'forfalsket', senderName: 'Direktøren' },
      reporterId: suite.coordinator.aadObjectId,
      senderName: 'Direktøren',
    });
    const number = numberIn(dialogMessage(await submitAction(suite.h.teams, employee, data, { channel })));
    const view = cardTexts((await suite.h.teams.act(suite.coordinator, 'incident.view', { number })).body?.value);
    expect(view).toEqual(expect.arrayContaining(['Ukendt Afsender', 'Sofie Jensen']));
    expect(view.join('\n')).not.toMatch(/forfalsket|Direktøren/);
  });

  it('cleans a hostile message: scripts and markup removed, a link to anything but Teams dropped, the excerpt cut', async () => {
    const employee = newUser('Sofie Jensen');
    const payload = messagePayload({
      linkToMessage: 'javascript:alert(1)//teams.microsoft.com',
      from: { user: { displayName: 'Angriber\u0000<b>' } },
      body: {
        contentType: 'html',
        content: `<script>alert("x")</script><style>p{}</style><p onclick="x">Hej&#x1F600; &#0; <img src=x onerror=alert(1)></p>${'<p>lang tekst</p>'.repeat(2000)}`,
      },
    });
    const card = dialogCard(await fetchTask(suite.h.teams, employee, { channel, payload }));
    const json = JSON.stringify(card);
    for (const hostile of ['<script', 'alert(', 'onerror', 'javascript:', '<img', '\\u0000', '<p'])
      expect({ hostile, found: json.includes(hostile) }).toEqual({ hostile, found: false });
    expect(cardTexts(card)).toContain(da.incidents.detail.evidenceSender);
    expect(cardTexts(card)).not.toContain(da.incidents.detail.evidenceLink);
    const excerpt = cardTexts(card).find((text) => text.startsWith('Hej'));
    expect(excerpt?.startsWith('Hej😀 \uFFFD')).toBe(true);
    expect(excerpt?.length).toBeLessThanOrEqual(1000);
    expect(excerpt?.endsWith('…')).toBe(true);
  });

  it("refuses a call without a message, in the dialog, in the user's language, and stores nothing", async () => {
    const employee = newUser('Sofie Jensen');
    const fetched = await fetchTask(suite.h.teams, employee, { channel, payload: undefined });
    expect(fetched.status).toBe(200);
    expect(dialogMessage(fetched)).toBe(da.incidents.fromMessage.noMessage);
    expect(cardTexts(dialogCard(fetched))).toContain(da.common.errorTitle);
    expect(dialogCard(fetched)?.actions ?? []).toEqual([]);
    const english = newUser('Sam Taylor', 'en-GB');
    expect(dialogMessage(await fetchTask(suite.h.teams, english, { channel, payload: { body: 'x' } }))).toBe(
      en.incidents.fromMessage.noMessage,
    );
    const submitted = await submitAction(suite.h.teams, employee, validReport(), { channel, payload: undefined });
    expect(dialogMessage(submitted)).toBe(da.incidents.fromMessage.noMessage);
    const mine = await suite.h.teams.act(employee, 'incident.mine');
    expect(cardTexts(mine.body?.value)).toContain(da.incidents.list.mineEmpty);
  });

  it('refuses another tenant with 403 and an unknown command with a clear answer', async () => {
    const stranger = newUser('Ekstern Person');
    const other = await submitAction(suite.h.teams, stranger, validReport(), { channel, tenantId: OTHER_TENANT });
    expect(other.status).toBe(403);
    const unknown = await fetchTask(suite.h.teams, stranger, { channel, commandId: 'deleteEverything' });
    expect(dialogMessage(unknown)).toBe(da.common.errorNotFound);
    const mine = await suite.h.teams.act(stranger, 'incident.mine');
    expect(cardTexts(mine.body?.value)).toContain(da.incidents.list.mineEmpty);
  });

  it('refuses another channel than Teams (Web Chat could write any tenant and user into the activity)', async () => {
    const employee = newUser('Sofie Jensen');
    const answer = await submitAction(suite.h.teams, employee, validReport(), {
      channel,
      extra: { channelId: 'webchat' },
    });
    expect(answer.status).toBe(403);
    const mine = await suite.h.teams.act(employee, 'incident.mine');
    expect(cardTexts(mine.body?.value)).toContain(da.incidents.list.mineEmpty);
  });

  it("from a chat between two people: the receipt still reaches the bot's own chat with the reporter, which is not replaced", async () => {
    const employee = newUser('Sofie Jensen');
    await suite.h.teams.install(employee);
    const humanChat = `19:${randomUUID()}_${randomUUID()}@unq.gbl.spaces`;
    const data = validReport({ title: 'Fra en chat mellem to' });
    const number = numberIn(
      dialogMessage(await submitAction(suite.h.teams, employee, data, { conversationId: humanChat })),
    );
    await suite.h.connector.waitFor(
      (call) =>
        call.conversationId === TeamsClient.personalChat(employee) && JSON.stringify(call.activity).includes(number),
    );
    expect(suite.h.connector.sentTo(humanChat)).toEqual([]);
    expect((await suite.h.bot.conversations.personalChatOf(employee.aadObjectId))?.conversationId).toBe(
      TeamsClient.personalChat(employee),
    );
  });

  it('without the app in the personal chat: the dialog says where to follow the report, and nothing is posted', async () => {
    const guest = newUser('Leverandør Konsulent');
    const closing = dialogMessage(
      await submitAction(suite.h.teams, guest, validReport({ title: 'Gæst melder' }), { channel }),
    );
    const number = numberIn(closing);
    expect(closing).toBe(da.incidents.fromMessage.receivedNoChat.replace('{number}', number));
    await suite.h.connector.waitFor(
      (call) => call.conversationId === suite.channel && JSON.stringify(call.activity).includes(number),
    );
    expect(suite.h.connector.sentTo(TeamsClient.personalChat(guest))).toEqual([]);
  });

  it('offers the report card with the text when a suspicious message is pasted or forwarded into the personal chat', async () => {
    const employee = newUser('Sofie Jensen');
    await suite.h.teams.say(employee, 'Hej! Din pakke venter: https://post-dk.example/track?id=99 betal 12 kr.');
    const card = cardOf(suite.h.connector.sentTo(TeamsClient.personalChat(employee)).at(-1));
    expect(cardTexts(card)).toContain(da.incidents.fromMessage.pasted);
    expect(inputOn(card, 'description')?.value).toBe(
      'Hej! Din pakke venter: https://post-dk.example/track?id=99 betal 12 kr.',
    );
    expect(cardActions(card).map((action) => action.verb)).toContain('incident.submit');
    // A short word that is no command still gets the menu.
    await suite.h.teams.say(employee, 'hej');
    const menu = cardOf(suite.h.connector.sentTo(TeamsClient.personalChat(employee)).at(-1));
    expect(cardTexts(menu)).not.toContain(da.incidents.fromMessage.pasted);
  });
});

describe('the report limit counts reports from messages too (REPORT_LIMIT=2 per 10 minutes)', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness({
      clock: new ManualClock(new Date('2026-11-28T09:00:00Z')),
      env: { REPORT_LIMIT: '2', REPORT_LIMIT_MINUTES: '10' },
    });
  });
  afterAll(() => h.close());

  it('refuses the third new report kindly in the dialog, with everything typed and the evidence kept, and stores nothing more', async () => {
    const flooder = newUser('Per Hansen');
    expect(numberOn(await h.teams.act(flooder, 'incident.submit', validReport({ title: 'Fra chatten' })))).toMatch(
      /HÆN-/,
    );
    expect(
      numberIn(dialogMessage(await submitAction(h.teams, flooder, validReport({ title: 'Fra besked 1' })))),
    ).toMatch(/HÆN-/);
    const refused = await submitAction(h.teams, flooder, validReport({ title: 'Fra besked 2' }));
    const card = dialogCard(refused);
    expect(cardTexts(card)).toEqual(
      expect.arrayContaining([
        t('da', 'incidents.report.tooMany', { count: 2, minutes: 10 }),
        da.incidents.report.evidenceTitle,
      ]),
    );
    expect(inputOn(card, 'title')?.value).toBe('Fra besked 2');
    const mine = JSON.stringify((await h.teams.act(flooder, 'incident.mine')).body?.value);
    expect(new Set(mine.match(/HÆN-\d{4}-\d{4}/g)).size).toBe(2);
  });
});
