import { da } from '../../src/i18n/catalogs';
import { cardIn, cardTexts, dataOf } from '../support/cards';
import { ManualClock, newUser, startHarness, type Harness } from '../support/harness';

/** P4 (#16 item 13): the review intervals by category are settings, and a changed one moves the due list. */
describe('risk assessment intervals by category (RISK_ASSESSMENT_MONTHS)', () => {
  const clock = new ManualClock(new Date('2026-11-28T09:00:00Z'));
  const coordinator = newUser('Mette Kjær');
  const owner = newUser('Lise Holm');
  const running: Harness[] = [];
  afterAll(() => Promise.all(running.map((h) => h.close())));
  const start = async (env: Record<string, string> = {}) => {
    const h = await startHarness({ coordinators: [coordinator], clock, env });
    running.push(h);
    return h;
  };
  const due = async (h: Harness) => cardTexts(cardIn(await h.teams.act(coordinator, 'system.list', { view: 'due' })));
  const nextDue = async (h: Harness, id: string) => {
    const texts = cardTexts(cardIn(await h.teams.act(coordinator, 'system.view', { id })));
    return texts[texts.indexOf(da.systems.detail.nextDue) + 1];
  };

  it('counts a critical system by the default 24 months, then by 6 once the setting says so', async () => {
    const first = await start();
    const saved = cardIn(
      await first.teams.act(coordinator, 'system.save', {
        name: 'Aula',
        purpose: 'Kommunikation mellem skole og hjem',
        supplier: 'Netcompany A/S',
        owner: owner.aadObjectId,
        personalData: 'yes',
        personalDataKinds: 'ordinary',
      }),
    );
    const id = String(dataOf(saved, 'system.classify').id);
    const form = cardIn(await first.teams.act(coordinator, 'system.classify', { id }));
    const proposed = cardIn(
      await first.teams.act(coordinator, 'system.classify', {
        id,
        version: dataOf(form, 'system.classify').version,
        step: 'propose',
        lifeHealth: 'no',
        impact: 'shorterOutage',
        statutory: 'yes',
        sensitive: 'no',
      }),
    );
    const confirmed = cardIn(
      await first.teams.act(coordinator, 'system.confirm', {
        ...dataOf(proposed, 'system.confirm'),
        category: 'critical',
      }),
    );
    await first.teams.act(coordinator, 'system.risk', {
      ...dataOf(confirmed, 'system.risk'),
      riskDate: '2026-03-02',
      riskSummary: 'Gennemgået med leverandøren.',
    });
    expect(await nextDue(first, id)).toBe('02.03.2028');
    expect(await due(first)).not.toContain('Aula');
    await first.close();
    running.pop();

    // The same register, the setting changed: critical systems every 6 months.
    const second = await start({ TABLE_PREFIX: first.prefix, RISK_ASSESSMENT_MONTHS: 'critical=6' });
    expect(await nextDue(second, id)).toBe('02.09.2026 (overskredet)');
    expect(await due(second)).toContain('Aula');
  });
});
