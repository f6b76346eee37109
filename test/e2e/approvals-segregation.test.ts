import { systemClock } from '../../src/clock';
import { da, en } from '../../src/i18n/catalogs';
import { TableAuditLog } from '../../src/storage/audit-repository';
import { cardActions, cardTexts } from '../support/cards';
import { grant } from '../support/fault-records';
import { newUser, startHarness, type Harness, type TeamsChannel, type TestUser } from '../support/harness';

const TEAM = '19:team@thread.tacv2';

/**
 * Segregation of duties (P7, P8): a coordinator who also sits in the management group submits an
 * item; they may not decide it themselves (unless APPROVALS_SELF_DECISION allows it), another
 * member does, and the card and the audit record show who submitted and who decided.
 */
describe('the submitter of an approval may not decide it', () => {
  const mette = newUser('Mette Kjær'); // coordinator and member of the management group
  const lars = newUser('Lars Holm', 'en-US');

  async function start(env: Record<string, string> = {}) {
    const h = await startHarness({ coordinators: [mette], env });
    await grant(h, mette.aadObjectId, 'management');
    await grant(h, lars.aadObjectId, 'management');
    const channel: TeamsChannel = { id: await h.registerChannel('management'), teamId: TEAM };
    const submitted = await h.teams.act(mette, 'approval.submit', {
      kind: 'majorChange',
      title: 'Ny leverandør af lønsystem',
      link: 'https://intranet.kommune.dk/loen.pdf',
    });
    const card = submitted.body?.value;
    const id = String(card.refresh.action.data.id);
    const act = (user: TestUser, verb: string, data: Record<string, unknown>) =>
      h.teams.act(user, verb, data, { channel, replyToId: 'shared' });
    return { h, card, id, act };
  }
  const verbsOn = (card: unknown) => cardActions(card).map((action) => action.verb);

  describe('by default', () => {
    let h: Harness;
    afterAll(() => h?.close());

    it('shows the submitter no decision buttons, refuses a crafted approval, and lets another member decide', async () => {
      const started = await start();
      h = started.h;
      const { card, id, act } = started;
      expect(verbsOn(card)).not.toContain('approval.approve');
      const ownView = (await act(mette, 'approval.refresh', { id })).body?.value;
      expect(verbsOn(ownView)).not.toContain('approval.approve');
      expect(verbsOn(ownView)).not.toContain('approval.requestChanges');

      // Whatever the card showed, the server refuses the submitter's own decision and records nothing.
      for (const verb of ['approval.approve', 'approval.requestChanges']) {
        const own = (await act(mette, verb, { id, round: 1, comment: 'Selvfølgelig' })).body?.value;
        expect(cardTexts(own)).toEqual(
          expect.arrayContaining([da.approvals.messages.ownSubmission, 'Afventer godkendelse (0 af 1)']),
        );
      }

      const decided = (await act(lars, 'approval.approve', { id, round: 1, comment: 'OK' })).body?.value;
      expect(cardTexts(decided)).toEqual(
        expect.arrayContaining([en.approvals.messages.recorded, en.approvals.states.approved]),
      );
      const texts = cardTexts(decided).join('\n');
      expect(texts).toMatch(/Mette Kjær/); // submitted by
      expect(texts).toMatch(/Approved by Lars Holm/);

      const records = (await new TableAuditLog(h.bot.tables.client('Audit'), systemClock).read('approvals')).filter(
        (record) => record.subject === id,
      );
      expect(records.map((record) => [record.action, record.actorName])).toEqual([
        ['approval.submitted', 'Mette Kjær'],
        ['approval.decided', 'Lars Holm'],
      ]);
      expect(records[1]?.details).toMatchObject({ submittedBy: mette.aadObjectId, submittedByName: 'Mette Kjær' });
    });
  });

  describe('when the municipality allows it (APPROVALS_SELF_DECISION=true)', () => {
    let h: Harness;
    afterAll(() => h?.close());

    it('lets the submitter decide their own item', async () => {
      const started = await start({ APPROVALS_SELF_DECISION: 'true' });
      h = started.h;
      const { id, act } = started;
      expect(verbsOn((await act(mette, 'approval.refresh', { id })).body?.value)).toContain('approval.approve');
      const own = (await act(mette, 'approval.approve', { id, round: 1 })).body?.value;
      expect(cardTexts(own)).toEqual(
        expect.arrayContaining([da.approvals.messages.recorded, da.approvals.states.approved]),
      );
    });
  });
});
