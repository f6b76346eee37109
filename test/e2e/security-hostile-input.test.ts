import fc from 'fast-check';
import { CARD_BUDGET_BYTES, cardBytes } from '../../src/platform/cards';
import { da } from '../../src/i18n/catalogs';
import { cardActions, cardTexts } from '../support/cards';
import { newUser, startHarness, type Harness } from '../support/harness';
import { numberOn, submitReport } from '../support/incidents';
import { describeFailure, fuzzCase, partialRecords, problemsWith, sendCase } from '../support/fault-fuzz';

/**
 * Hostile input (P10): whatever arrives in an activity or in card data, the bot neither crashes
 * nor answers 5xx nor stores half a record, and user text cannot change what a card does.
 * `npm run fuzz` runs the same property with 10,000+ cases; this is a ~200-case sample.
 */
describe('hostile input', () => {
  const coordinator = newUser('Mette Kjær');
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness({ coordinators: [coordinator], env: { LOG_LEVEL: 'info' } });
    await h.registerChannel('coordinator');
  });
  afterAll(() => h.close());

  it('answers 200 random activities and card payloads without a 5xx, an error log or a partial record', async () => {
    const employee = newUser('Sofie Jensen');
    const result = await fc.check(
      fc.asyncProperty(fuzzCase(), fc.boolean(), async (sample, asCoordinator) => {
        const logsBefore = h.logs.length;
        const outcome = await sendCase(h.teams, asCoordinator ? coordinator : employee, sample);
        const problems = problemsWith(sample, outcome, h.logs.slice(logsBefore));
        if (problems.length > 0) throw new Error(problems.join('\n'));
      }),
      { numRuns: 200, seed: 20261129, endOnFailure: true },
    );
    expect(describeFailure(result)).toBe('');
    expect(await partialRecords(h.bot.tables)).toEqual([]);
  }, 120_000);

  it('shows markup in a report only as plain text and adds no button to any card', async () => {
    const hostile = '[klik](https://evil.example) **x** <script>alert(1)</script>';
    const reporter = newUser(`Eva ${hostile}`);
    const benign = numberOn(await submitReport(h.teams, newUser('Bo Berg'), {}));
    const receipt = await submitReport(h.teams, reporter, {
      title: hostile,
      description: `${hostile}\n# overskrift`,
      actionsTaken: hostile,
      contact: hostile,
      kind: 'system',
      systemName: hostile,
    });
    const number = numberOn(receipt);
    const cards = {
      receipt: receipt.body?.value,
      mine: (await h.teams.act(reporter, 'incident.mine')).body?.value,
      triage: (await h.teams.act(coordinator, 'incident.refresh', { number })).body?.value,
      list: (await h.teams.act(coordinator, 'incident.open')).body?.value,
    };
    const benignTriage = (await h.teams.act(coordinator, 'incident.refresh', { number: benign })).body?.value;

    for (const [name, card] of Object.entries(cards)) {
      const places = whereTextAppears(card, 'evil.example');
      expect({ name, count: places.length > 0 }).toEqual({ name, count: true });
      for (const place of places) expect({ name, place }).toEqual({ name, place: 'TextRun.text' });
      expect(JSON.stringify(card)).not.toMatch(/"url":"https:\/\/evil/);
    }
    expect(cardActions(cards.triage).map((action) => action.verb)).toEqual(
      cardActions(benignTriage).map((action) => action.verb),
    );
  });
});

describe('inputs longer than the card allows', () => {
  const coordinator = newUser('Mette Kjær');
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness({ coordinators: [coordinator] });
  });
  afterAll(() => h.close());

  it('are answered "too long" on a card Teams accepts, and nothing is stored', async () => {
    // Teams stops typing at an input's maxLength; a client that ignores it sends this.
    const huge = 'Æ"'.repeat(30_000);
    const reporter = newUser('Sofie Jensen');
    const report = await submitReport(h.teams, reporter, { description: huge, actionsTaken: huge, contact: huge });
    const reportCard = report.body?.value;
    expect(cardTexts(reportCard)).toEqual(expect.arrayContaining([da.incidents.errors.tooLong]));
    expect(cardBytes(reportCard)).toBeLessThanOrEqual(CARD_BUDGET_BYTES);
    expect(cardTexts((await h.teams.act(reporter, 'incident.mine')).body?.value)).toContain(
      da.incidents.list.mineEmpty,
    );

    const system = await h.teams.act(coordinator, 'system.save', {
      name: 'KMD Nexus',
      purpose: huge,
      supplier: huge,
      owner: coordinator.aadObjectId,
      plan: '',
      personalData: 'no',
      personalDataKinds: '',
    });
    expect(cardTexts(system.body?.value)).toContain(da.systems.errors.tooLong);
    expect(cardBytes(system.body?.value)).toBeLessThanOrEqual(CARD_BUDGET_BYTES);
  });
});

/** Where a piece of text occurs in a card, as `<element type>.<property>`. */
function whereTextAppears(card: unknown, needle: string): string[] {
  const places: string[] = [];
  const walk = (node: unknown, type: string): void => {
    if (Array.isArray(node)) return node.forEach((item) => walk(item, type));
    if (!node || typeof node !== 'object') return;
    const record = node as Record<string, unknown>;
    const here = typeof record.type === 'string' ? record.type : type;
    for (const [key, value] of Object.entries(record)) {
      if (typeof value === 'string' && value.includes(needle)) places.push(`${here}.${key}`);
      else walk(value, here);
    }
  };
  walk(card, 'card');
  return places;
}
