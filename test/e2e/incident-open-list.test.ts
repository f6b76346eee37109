import { da, en } from '../../src/i18n/catalogs';
import { formatNumber } from '../../src/features/incidents/numbering';
import { OPEN_PAGE_SIZE } from '../../src/features/incidents/service';
import { cardActions, cardIn, cardTexts } from '../support/cards';
import { ManualClock, newUser, startHarness, type Harness, type InvokeAnswer } from '../support/harness';
import { numberOn, submitReport } from '../support/incidents';

/** 62 open incidents; every tenth is a personal-data breach, the rest general (56 general): three pages. */
const OPEN = 62;
const PAGE = OPEN_PAGE_SIZE;
const isBreach = (seq: number): boolean => seq % 10 === 0;
const numbers = (seqs: number[]): string[] => seqs.map((seq) => formatNumber(2026, seq));
const range = (from: number, to: number): number[] => Array.from({ length: to - from + 1 }, (_, i) => from + i);

/** The incident numbers a list card offers to open, in order. */
const shownOn = (answer: InvokeAnswer): unknown[] =>
  cardActions(cardIn(answer))
    .filter((action) => action.verb === 'incident.view')
    .map((action) => action.data.number);
/** The button with this title, or undefined. */
const button = (answer: InvokeAnswer, title: string) =>
  cardActions(cardIn(answer)).find((action) => action.verb === 'incident.open' && action.title === title);

describe("the coordinator's open list reaches every open incident (P1)", () => {
  const clock = new ManualClock(new Date('2026-11-28T09:00:00Z'));
  const coordinator = newUser('Mette Kjær');
  const englishCoordinator = newUser('Emma Hall', 'en-US');
  const employee = newUser('Lars Holm');
  let h: Harness;

  beforeAll(async () => {
    h = await startHarness({ coordinators: [coordinator, englishCoordinator], clock });
    const reporter = newUser('Sofie Jensen');
    for (let seq = 1; seq <= OPEN; seq++) {
      const kind = isBreach(seq)
        ? {}
        : { kind: 'general', personalData: 'no', personalDataKinds: '', title: `Hændelse ${seq}` };
      expect(numberOn(await submitReport(h.teams, reporter, kind))).toBe(formatNumber(2026, seq));
    }
    for (const seq of [2, 57]) {
      const rated = await h.teams.act(coordinator, 'incident.triage', {
        number: formatNumber(2026, seq),
        version: 1,
        severity: 'high',
      });
      expect(cardTexts(cardIn(rated))).toContain(da.incidents.triage.saved);
    }
  }, 120_000);
  afterAll(() => h.close());

  it('shows the first page in Danish, the next pages the rest, with a way back to the first', async () => {
    const first = await h.teams.act(coordinator, 'incident.open');
    expect(shownOn(first)).toEqual(numbers(range(1, PAGE)));
    const texts = cardTexts(cardIn(first));
    expect(texts).toEqual(
      expect.arrayContaining([da.incidents.list.openTitle, `Viser de første ${PAGE}. Der er flere på næste side.`]),
    );
    expect(button(first, da.incidents.list.firstPage)).toBeUndefined();

    const second = await h.teams.press(coordinator, button(first, da.incidents.list.nextPage));
    expect(shownOn(second)).toEqual(numbers(range(PAGE + 1, 2 * PAGE)));
    expect(cardTexts(cardIn(second))).toContain(
      `Viser ${PAGE} efter ${formatNumber(2026, PAGE)}. Der er flere på næste side.`,
    );
    const third = await h.teams.press(coordinator, button(second, da.incidents.list.nextPage));
    expect(shownOn(third)).toEqual(numbers(range(2 * PAGE + 1, OPEN)));
    expect(cardTexts(cardIn(third))).toContain(`Viser ${OPEN - 2 * PAGE} efter ${formatNumber(2026, 2 * PAGE)}.`);
    expect(button(third, da.incidents.list.nextPage)).toBeUndefined();

    const back = await h.teams.press(coordinator, button(third, da.incidents.list.firstPage));
    expect(shownOn(back)).toEqual(numbers(range(1, PAGE)));
  });

  it('keeps the filter on the next page, over every open incident', async () => {
    const general = await h.teams.act(coordinator, 'incident.open', { kind: 'general', severity: '' });
    const generalSeqs = range(1, OPEN).filter((seq) => !isBreach(seq));
    expect(shownOn(general)).toEqual(numbers(generalSeqs.slice(0, PAGE)));
    const rest = await h.teams.press(coordinator, button(general, da.incidents.list.nextPage));
    expect(shownOn(rest)).toEqual(numbers(generalSeqs.slice(PAGE, 2 * PAGE)));
    expect(cardTexts(cardIn(rest))).toContain(
      `Viser ${generalSeqs.length - PAGE} efter ${formatNumber(2026, generalSeqs[PAGE - 1]!)}.`,
    );
  });

  it('finds a high-severity incident numbered beyond the first page', async () => {
    const high = await h.teams.act(coordinator, 'incident.open', { kind: '', severity: 'high' });
    expect(shownOn(high)).toEqual(numbers([2, 57]));
    expect(cardTexts(cardIn(high))).toContain('Viser alle 2.');
    expect(button(high, da.incidents.list.nextPage)).toBeUndefined();
    const none = await h.teams.act(coordinator, 'incident.open', { kind: 'personalData', severity: 'high' });
    expect(shownOn(none)).toEqual([]);
    expect(cardTexts(cardIn(none))).toContain(da.incidents.list.openEmptyFiltered);
  });

  it('shows the list in English to an English-speaking coordinator', async () => {
    const first = await h.teams.act(englishCoordinator, 'incident.open');
    expect(cardTexts(cardIn(first))).toEqual(
      expect.arrayContaining([
        en.incidents.list.openTitle,
        `Showing the first ${PAGE}. There are more on the next page.`,
      ]),
    );
    expect(button(first, en.incidents.list.nextPage)).toBeDefined();
  });

  it('refuses the next page to anyone but a coordinator, whatever the card carried', async () => {
    const first = await h.teams.act(coordinator, 'incident.open');
    const next = button(first, da.incidents.list.nextPage);
    const refused = await h.teams.press(employee, next);
    expect(refused.status).toBe(200);
    expect(refused.body?.type).toBe('application/vnd.microsoft.activity.message');
    expect(refused.body?.value).toBe(da.common.errorForbidden);
    expect(JSON.stringify(refused.body)).not.toContain(`Hændelse ${PAGE + 1}`);
  });

  it('answers a malformed page or filter with a clear message, and the list still works', async () => {
    const malformed: Record<string, unknown>[] = [
      { after: 'side 2' },
      { after: `${formatNumber(2026, 50)}' or 1 eq 1` },
      { after: [formatNumber(2026, 50)] },
      { after: { year: 2026, seq: 50 } },
      { after: 50 },
      { kind: 'everything' },
      { severity: "high') or (kind eq 'general" },
    ];
    for (const data of malformed) {
      const answer = await h.teams.act(coordinator, 'incident.open', data);
      expect({ data, status: answer.status, body: answer.body }).toEqual({
        data,
        status: 200,
        body: {
          statusCode: 200,
          type: 'application/vnd.microsoft.activity.message',
          value: da.incidents.list.badRequest,
        },
      });
    }
    const lenient = await h.teams.act(coordinator, 'incident.open', { after: ' haen-2026-61 ' });
    expect(shownOn(lenient)).toEqual(numbers([62]));
  });
});
