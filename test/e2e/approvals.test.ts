import { systemClock } from '../../src/clock';
import { da, en } from '../../src/i18n/catalogs';
import { TableAuditLog } from '../../src/storage/audit-repository';
import { TableRoleRepository } from '../../src/storage/role-repository';
import { cardActions, cardOf, cardTexts } from '../support/cards';
import { failNextCall } from '../support/fault-storage';
import { newUser, startHarness, TeamsClient, type Harness, type TeamsChannel, type TestUser } from '../support/harness';

const TEAM = '19:team@thread.tacv2';

describe('approvals in the management and steering channels (P7, P8, P9)', () => {
  const coordinator = newUser('Mette Kjær');
  const lars = newUser('Lars Holm');
  const anne = newUser('Anne Berg');
  const outsider = newUser('Sofie Jensen');
  const chair = newUser('Peter Smith', 'en-US');
  const englishCoordinator = newUser('Jane Doe', 'en-US');
  let h: Harness;
  let management: TeamsChannel;
  beforeAll(async () => {
    h = await startHarness({
      coordinators: [coordinator, englishCoordinator],
      env: { APPROVALS_REQUIRED: 'annualRiskAssessment=2' },
    });
    const roles = new TableRoleRepository(h.bot.tables.client('Roles'));
    await roles.grant(lars.aadObjectId, 'management', 'test');
    await roles.grant(anne.aadObjectId, 'management', 'test');
    await roles.grant(chair.aadObjectId, 'steering', 'test');
    management = { id: await h.registerChannel('management'), teamId: TEAM };
  });
  afterAll(() => h.close());

  const posted = (channel: string) => h.connector.sentTo(channel).map(cardOf);
  const verbsOn = (card: unknown) => cardActions(card).map((action) => action.verb);
  const act = (user: TestUser, verb: string, data: Record<string, unknown>, replyToId?: string) =>
    h.teams.act(user, verb, data, { channel: management, replyToId });

  it('runs a round of approve and request changes, a resubmission and a second round to approval', async () => {
    await h.teams.say(coordinator, 'godkendelse');
    const [form] = h.connector.sentTo(TeamsClient.personalChat(coordinator)).map(cardOf);
    expect(cardTexts(form)).toContain(da.approvals.submit.title);
    expect(verbsOn(form)).toEqual(['approval.submit']);

    const submitted = await h.teams.act(coordinator, 'approval.submit', {
      kind: 'annualRiskAssessment',
      title: 'Samlet risikovurdering 2027',
      version: '1.0',
      link: 'https://intranet.kommune.dk/risiko-2027.pdf',
      summary: 'Opdateret efter hændelserne i 2026.',
    });
    expect(cardTexts(submitted.body?.value)).toContain(`Sendt til godkendelse i ${da.channels.purposes.management}.`);

    // The channel card: the same current state for everyone, no buttons, personal refresh for the group.
    const [shared] = posted(management.id);
    expect(cardTexts(shared)).toEqual(
      expect.arrayContaining([
        'Godkendelse: årlig samlet risikovurdering',
        'Samlet risikovurdering 2027',
        'Afventer godkendelse (0 af 2)',
      ]),
    );
    expect(verbsOn(shared)).toEqual([]);
    expect(shared.refresh.userIds).toEqual(
      expect.arrayContaining([`8:orgid:${lars.aadObjectId}`, `8:orgid:${coordinator.aadObjectId}`]),
    );
    const id = shared.refresh.action.data.id as string;

    // Someone outside the management group is refused by the server, whatever the card showed.
    const refused = await act(outsider, 'approval.approve', { id, round: 1 });
    expect(refused.body?.value).toBe(da.common.errorForbidden);
    const refusedChanges = await act(outsider, 'approval.requestChanges', { id, round: 1, comment: '' });
    expect(refusedChanges.body?.value).toBe(da.common.errorForbidden);
    const refusedResubmit = await act(lars, 'approval.resubmit', { id, round: 1, title: '' });
    expect(refusedResubmit.body?.value).toBe(da.common.errorForbidden);
    const outsiderView = await act(outsider, 'approval.refresh', { id });
    expect(outsiderView.body?.value).toBe(da.common.errorForbidden);

    const larsView = await act(lars, 'approval.refresh', { id });
    expect(verbsOn(larsView.body?.value)).toEqual(['approval.approve', 'approval.requestChanges']);

    const approved = await act(lars, 'approval.approve', { id, round: 1, comment: 'Fin.' }, 'shared-card-1');
    expect(cardTexts(approved.body?.value)).toEqual(
      expect.arrayContaining([da.approvals.messages.recorded, 'Afventer godkendelse (1 af 2)', 'Fin.']),
    );
    expect(verbsOn(approved.body?.value)).toEqual([]);
    // The shared message is replaced for everyone with the current state.
    const update = h.connector.calls.find((call) => call.method === 'PUT' && call.activityId === 'shared-card-1');
    expect(cardTexts(cardOf(update?.activity))).toContain('Afventer godkendelse (1 af 2)');

    const noComment = await act(anne, 'approval.requestChanges', { id, round: 1, comment: ' ' });
    expect(cardTexts(noComment.body?.value)).toContain(da.approvals.errors.commentRequired);
    const changes = await act(anne, 'approval.requestChanges', { id, round: 1, comment: 'Afsnit 4 mangler.' });
    expect(cardTexts(changes.body?.value)).toEqual(
      expect.arrayContaining([da.approvals.states.changesRequested, 'Afsnit 4 mangler.']),
    );

    // Lars's old card still shows round 1: the action answers with the current card and changes nothing.
    const stale = await act(lars, 'approval.approve', { id, round: 1 });
    expect(cardTexts(stale.body?.value)).toEqual(
      expect.arrayContaining([da.approvals.messages.outdated, da.approvals.states.changesRequested]),
    );

    const before = h.connector.sentTo(management.id).length;
    const resubmitted = await h.teams.act(coordinator, 'approval.resubmit', {
      id,
      round: 1,
      title: 'Samlet risikovurdering 2027',
      version: '1.1',
      link: 'https://intranet.kommune.dk/risiko-2027-v1.1.pdf',
      summary: 'Afsnit 4 tilføjet.',
    });
    expect(cardTexts(resubmitted.body?.value)).toEqual(
      expect.arrayContaining([da.approvals.messages.resubmitted, 'Runde 2 – version 1.1', 'Runde 1 – version 1.0']),
    );
    expect(h.connector.sentTo(management.id)).toHaveLength(before + 1);
    const staleResubmit = await h.teams.act(coordinator, 'approval.resubmit', { id, round: 1, title: 'X' });
    expect(cardTexts(staleResubmit.body?.value)).toContain(da.approvals.messages.outdated);

    await act(lars, 'approval.approve', { id, round: 2 });
    const final = await act(anne, 'approval.approve', { id, round: 2, comment: 'Godkendt på mødet.' });
    const texts = cardTexts(final.body?.value);
    expect(texts).toEqual(
      expect.arrayContaining([da.approvals.states.approved, 'Afsnit 4 mangler.', 'Fin.', 'Godkendt på mødet.']),
    );
    expect(texts.filter((text) => text.startsWith('Godkendt af Lars Holm'))).toHaveLength(2);
    expect(texts.filter((text) => text.startsWith('Anne Berg bad om ændringer'))).toHaveLength(1);
    const late = await act(lars, 'approval.requestChanges', { id, round: 2, comment: 'For sent' });
    expect(cardTexts(late.body?.value)).toEqual(
      expect.arrayContaining([da.approvals.messages.outdated, da.approvals.states.approved]),
    );

    const audit = new TableAuditLog(h.bot.tables.client('Audit'), systemClock);
    const records = await audit.read('approvals');
    expect(records.map((record) => [record.action, record.details.decision ?? '', record.details.state ?? ''])).toEqual(
      [
        ['approval.submitted', '', ''],
        ['approval.decided', 'approve', 'pending'],
        ['approval.decided', 'requestChanges', 'changesRequested'],
        ['approval.resubmitted', '', ''],
        ['approval.decided', 'approve', 'pending'],
        ['approval.decided', 'approve', 'approved'],
      ],
    );
    expect((await audit.verify()).breaks).toEqual([]);
  });

  describe('when the audit record cannot be written (P10: no decision without its record)', () => {
    const auditRecords = async (subject: string) =>
      (await new TableAuditLog(h.bot.tables.client('Audit'), systemClock).read('approvals')).filter(
        (record) => record.subject === subject,
      );
    const tryAgain = (answer: { body?: { value?: unknown } }) => {
      const value = answer.body?.value;
      return typeof value === 'string' ? value : cardTexts(value).find((text) => text === da.common.errorStorage);
    };

    it('asks the coordinator to try again, and the same draft then makes one item and one card', async () => {
      const draft = {
        draftId: '7d0c9a52-31e4-4b8e-9f6a-0c2d5e8b1a47',
        kind: 'majorChange',
        title: 'Nyt lønsystem',
        version: '1.0',
        link: '',
        summary: 'Skift af leverandør.',
      };
      const before = posted(management.id).length;
      failNextCall(h.bot.tables.client('Audit'), 'submitTransaction');
      expect(tryAgain(await h.teams.act(coordinator, 'approval.submit', draft))).toBe(da.common.errorStorage);
      expect(posted(management.id)).toHaveLength(before);

      const retried = await h.teams.act(coordinator, 'approval.submit', draft);
      const twice = await h.teams.act(coordinator, 'approval.submit', draft);
      const postedText = `Sendt til godkendelse i ${da.channels.purposes.management}.`;
      expect(cardTexts(retried.body?.value)).toContain(postedText);
      expect(cardTexts(twice.body?.value)).toContain(postedText);
      const cards = posted(management.id).slice(before);
      expect(cards).toHaveLength(1);
      const id = cards[0].refresh.action.data.id as string;
      expect((await auditRecords(id)).map((record) => record.action)).toEqual(['approval.submitted']);
    });

    it('asks the member to try again, and the retry answers "recorded" and records the decision once', async () => {
      const before = posted(management.id).length;
      await h.teams.act(coordinator, 'approval.submit', {
        kind: 'majorChange',
        title: 'Ny adgangsløsning',
        version: '2.0',
      });
      const id = posted(management.id)[before].refresh.action.data.id as string;

      failNextCall(h.bot.tables.client('Audit'), 'submitTransaction');
      const failed = await act(lars, 'approval.requestChanges', { id, round: 1, comment: 'Mangler risikoanalyse.' });
      expect(tryAgain(failed)).toBe(da.common.errorStorage);
      const retried = await act(lars, 'approval.requestChanges', { id, round: 1, comment: 'Mangler risikoanalyse.' });
      expect(cardTexts(retried.body?.value)).toEqual(
        expect.arrayContaining([da.approvals.messages.recorded, da.approvals.states.changesRequested]),
      );

      const decided = (await auditRecords(id)).filter((record) => record.action === 'approval.decided');
      expect(decided.map((record) => [record.actor, record.details.decision, record.details.comment])).toEqual([
        [lars.aadObjectId, 'requestChanges', 'Mangler risikoanalyse.'],
      ]);
      expect((await new TableAuditLog(h.bot.tables.client('Audit'), systemClock).verify()).breaks).toEqual([]);
    });
  });

  it('sends a policy revision to the steering group in English, noting a material change', async () => {
    const values = {
      kind: 'policyRevision',
      title: 'Information security policy 1.2',
      version: '1.2',
      link: 'https://intranet.kommune.dk/policy-1.2.pdf',
      summary: 'Supplier management rewritten.',
      material: 'true',
    };
    const noChannel = await h.teams.act(englishCoordinator, 'approval.submit', values);
    expect(cardTexts(noChannel.body?.value)).toContain(
      `There is no channel for ${en.channels.purposes.steering} yet. Choose the channel's purpose with the »setup« command in the channel first.`,
    );
    const steering = { id: await h.registerChannel('steering'), teamId: TEAM };
    await h.teams.act(englishCoordinator, 'approval.submit', values);
    const [shared] = posted(steering.id);
    expect(cardTexts(shared)).toContain(da.approvals.card.materialNote);
    const id = shared.refresh.action.data.id as string;

    const managerRefused = await h.teams.act(lars, 'approval.approve', { id, round: 1 }, { channel: steering });
    expect(managerRefused.body?.value).toBe(da.common.errorForbidden);
    const answer = await h.teams.act(chair, 'approval.approve', { id, round: 1 }, { channel: steering });
    expect(cardTexts(answer.body?.value)).toEqual(
      expect.arrayContaining([
        'Approval: revision of the information security policy',
        en.approvals.messages.recorded,
        en.approvals.states.approved,
        en.approvals.card.materialNote,
      ]),
    );
  });

  it('refuses submission by anyone but a coordinator', async () => {
    const answer = await h.teams.act(lars, 'approval.submit', { kind: 'majorChange', title: 'Ny leverandør' });
    // A short refusal, not the submit form with a refusal inside.
    expect(answer.body?.value).toBe(da.common.errorForbidden);
  });
});
