import { da } from '../../src/i18n/catalogs';
import { TableRoleRepository } from '../../src/storage/role-repository';
import { cardOf, cardTexts } from '../support/cards';
import { newUser, startHarness, TeamsClient, type Harness } from '../support/harness';

/** P9: only a material change of the policy also goes to the city council, never the handbook. */
describe('the city-council flag on approvals (P9)', () => {
  const coordinator = newUser('Mette Kjær');
  const chair = newUser('Peter Smith');
  let h: Harness;
  let steering: string;
  beforeAll(async () => {
    h = await startHarness({ coordinators: [coordinator] });
    steering = await h.registerChannel('steering');
    await new TableRoleRepository(h.bot.tables.client('Roles')).grant(chair.aadObjectId, 'steering', 'test');
  });
  afterAll(() => h.close());

  const handbook = {
    kind: 'handbookRevision',
    title: 'Informationssikkerhedshåndbogen 2.1',
    version: '2.1',
    link: 'https://intranet.kommune.dk/haandbog-2.1.pdf',
    summary: 'Nyt afsnit om leverandørstyring.',
  };

  it('offers the flag on the form for the policy only', async () => {
    await h.teams.say(coordinator, 'godkendelse');
    const [form] = h.connector.sentTo(TeamsClient.personalChat(coordinator)).map(cardOf);
    expect(cardTexts(form)).toContain(da.approvals.submit.materialLabel);
    expect(da.approvals.submit.materialLabel).toMatch(/politikken.*byrådet/);
  });

  it('refuses a handbook revision marked as going to the city council, keeping what was typed', async () => {
    const answer = await h.teams.act(coordinator, 'approval.submit', { ...handbook, material: 'true' });
    const card = answer.body?.value;
    expect(cardTexts(card)).toContain(da.approvals.errors.materialPolicyOnly);
    expect(JSON.stringify(card)).toContain('Nyt afsnit om leverandørstyring.');
    expect(h.connector.sentTo(steering)).toHaveLength(0);

    // Unmarked, the same handbook goes to the steering group, with no city-council note.
    await h.teams.act(coordinator, 'approval.submit', { ...handbook, material: 'false' });
    const [shared] = h.connector.sentTo(steering).map(cardOf);
    expect(cardTexts(shared)).toContain('Informationssikkerhedshåndbogen 2.1');
    expect(cardTexts(shared)).not.toContain(da.approvals.card.materialNote);
  });

  it('refuses the flag on a handbook resubmission too', async () => {
    const [shared] = h.connector.sentTo(steering).map(cardOf);
    const id = shared.refresh.action.data.id as string;
    const channel = { id: steering, teamId: '19:team@thread.tacv2' };
    await h.teams.act(chair, 'approval.requestChanges', { id, round: 1, comment: 'Afsnit 4 mangler.' }, { channel });
    const answer = await h.teams.act(coordinator, 'approval.resubmit', {
      id,
      round: 1,
      ...handbook,
      version: '2.2',
      material: 'true',
    });
    expect(cardTexts(answer.body?.value)).toContain(da.approvals.errors.materialPolicyOnly);
  });

  it('takes the flag on a policy revision and shows the note', async () => {
    await h.teams.act(coordinator, 'approval.submit', {
      kind: 'policyRevision',
      title: 'Informationssikkerhedspolitik 1.2',
      link: 'https://intranet.kommune.dk/politik-1.2.pdf',
      material: 'true',
    });
    const policy = h.connector
      .sentTo(steering)
      .map(cardOf)
      .find((card) => cardTexts(card).includes('Informationssikkerhedspolitik 1.2'));
    expect(cardTexts(policy)).toContain(da.approvals.card.materialNote);
  });
});
