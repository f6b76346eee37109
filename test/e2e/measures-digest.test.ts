import { MEASURES_DIGEST } from '../../src/features/incidents/measures-digest-job';
import { da } from '../../src/i18n/catalogs';
import { TableJobRepository } from '../../src/storage/job-repository';
import { cardActions, cardOf, cardTexts } from '../support/cards';
import { newUser, withCoordinatorChannel } from '../support/harness';
import { numberOn, submitReport } from '../support/incidents';

describe('every Monday the coordinator is told which remedial measures are past their due date (P1)', () => {
  // Saturday 28 November 2026, 10:00 Danish time.
  const suite = withCoordinatorChannel('2026-11-28T09:00:00Z');
  const { clock, coordinator } = suite;
  const owner = newUser('Jens Hansen');
  beforeAll(() => suite.h.teams.install(owner));

  const digests = () =>
    suite.h.connector
      .sentTo(suite.channel)
      .map(cardOf)
      .filter((card) => cardTexts(card).includes(da.incidents.digest.heading));

  /** Reports an incident and has the coordinator add measures due on the given dates. */
  async function withMeasures(...due: string[]): Promise<string> {
    const number = numberOn(
      await submitReport(suite.h.teams, newUser('Sofie Jensen'), {
        kind: 'general',
        personalData: 'no',
        personalDataKinds: '',
      }),
    );
    for (const [i, measureDue] of due.entries()) {
      // The owner has a chat with the bot (so the digest is about late measures, not unreachable owners).
      const added = await suite.h.teams.act(coordinator, 'incident.measure.add', {
        number,
        version: 1 + 2 * i,
        measureText: `Skift adgangskoden for Jens Hansen (${i + 1})`,
        measureOwnerPick: owner.aadObjectId,
        measureDue,
      });
      expect(cardTexts(added.body?.value)).toContain(da.measures.card.added.replace('{owner}', 'Jens Hansen'));
    }
    return number;
  }

  it('lists the late ones by number on Monday 08:00, once, without their text or owner', async () => {
    const pending = (await new TableJobRepository(suite.h.bot.tables.client('Jobs')).due(new Date('2100-01-01'), 100))
      .filter((job) => job.kind === MEASURES_DIGEST)
      .map((job) => job.dueAt);
    expect(pending).toEqual(['2026-11-30T07:00:00.000Z']); // Monday 30 November, 08:00 CET

    const twoLate = await withMeasures('2026-11-29', '2026-12-01');
    const oneLate = await withMeasures('2026-11-30');
    const onTime = await withMeasures('2026-12-31');

    // Monday 30 November: only the measure due on the 29th is late (one due today is not).
    clock.set('2026-11-30T07:00:10Z');
    await suite.h.bot.scheduler.tick();
    const [first] = digests();
    expect(cardTexts(first)).toContain(`${twoLate} · 1 foranstaltning, frist 29.11.2026`);

    // Monday 7 December: three measures in two incidents are late, the longest overdue first.
    clock.set('2026-12-07T07:00:10Z');
    await suite.h.bot.scheduler.tick();
    await suite.h.bot.scheduler.tick();
    expect(digests()).toHaveLength(2);
    const texts = cardTexts(digests()[1]);
    const lines = texts.filter((text) => text.includes(' · '));
    expect(lines).toEqual([
      `${twoLate} · 2 foranstaltninger, ældste frist 29.11.2026`,
      `${oneLate} · 1 foranstaltning, frist 30.11.2026`,
    ]);
    expect(texts.join('\n')).not.toContain(onTime);
    // The channel may hold people without the coordinator role: no measure text, no owner.
    expect(JSON.stringify(digests())).not.toMatch(/Jens Hansen|adgangskoden/);
    expect(cardActions(digests()[1]).map((action) => [action.verb, action.data.number])).toEqual([
      ['incident.view', twoLate],
      ['incident.view', oneLate],
      ['incident.open', undefined],
    ]);
  });
});
