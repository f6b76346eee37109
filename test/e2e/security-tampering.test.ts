import { da } from '../../src/i18n/catalogs';
import { cardTexts } from '../support/cards';
import { newUser, startHarness, TeamsClient, type Harness, type InvokeAnswer } from '../support/harness';
import { numberOn, submitReport, validReport } from '../support/incidents';
import { entitiesIn, storedHistory, storedIncident } from '../support/fault-records';

/**
 * Card data is typed by whoever holds the card (P10, DESIGN "Identity and access"): changing ids,
 * numbers, roles or owners inside `Action.Execute` data never reveals or changes another person's
 * record. Identity is the authenticated activity's user; roles come from storage.
 */
describe('tampered card data', () => {
  const coordinator = newUser('Mette Kjær');
  const alice = newUser('Alice Andersen');
  const mallory = newUser('Mallory Madsen');
  const secret = 'Alices hemmelige beskrivelse af sagen';
  let h: Harness;
  let aliceNumber: string;
  const forged = {
    reporterId: alice.aadObjectId,
    userId: coordinator.aadObjectId,
    roles: ['coordinator', 'hr'],
    role: 'coordinator',
  };

  const shown = (answer: InvokeAnswer): string => JSON.stringify(answer.body ?? '');
  const refused = (answer: InvokeAnswer): boolean => {
    const value = answer.body?.value;
    const texts = typeof value === 'string' ? [value] : cardTexts(value);
    return texts.some((text) =>
      [da.common.errorForbidden, da.common.errorNotFound, da.incidents.notice.restricted].includes(text),
    );
  };

  beforeAll(async () => {
    h = await startHarness({ coordinators: [coordinator] });
    aliceNumber = numberOn(await submitReport(h.teams, alice, { description: secret }));
  });
  afterAll(() => h.close());

  it("never shows another person's incident, whatever number or identity the data carries", async () => {
    const [, year, seq] = /HÆN-(\d{4})-(\d{4})/.exec(aliceNumber) ?? [];
    const variants: unknown[] = [
      aliceNumber,
      ` ${aliceNumber.toLowerCase()} `,
      `HAEN-${year}-${Number(seq)}`,
      [aliceNumber],
      { number: aliceNumber },
      `${aliceNumber}' or 1 eq 1`,
    ];
    for (const number of variants) {
      for (const verb of ['incident.view', 'incident.refresh']) {
        const answer = await h.teams.act(mallory, verb, { ...forged, number });
        expect(answer.status).toBe(200);
        expect(refused(answer)).toBe(true);
        expect(shown(answer)).not.toContain(secret);
        expect(shown(answer)).not.toContain('Alice Andersen');
      }
    }
    const mine = await h.teams.act(mallory, 'incident.mine', { ...forged });
    expect(shown(mine)).not.toContain(aliceNumber);
    const open = await h.teams.act(mallory, 'incident.open', { ...forged });
    expect(refused(open)).toBe(true);
    expect(shown(open)).not.toContain(aliceNumber);
  });

  it('files a report under the sender, whatever reporter, role, state or number the data injects', async () => {
    const answer = await h.teams.act(mallory, 'incident.submit', {
      ...validReport({ title: 'Mallorys egen rapport' }),
      ...forged,
      reporterName: 'Alice Andersen',
      state: 'closed',
      number: aliceNumber,
      version: 99,
      isBreach: false,
      severity: 'critical',
    });
    const number = numberOn(answer);
    expect(number).not.toBe(aliceNumber);
    const stored = await storedIncident(h, number);
    expect(stored).toMatchObject({
      reporterId: mallory.aadObjectId,
      reporterName: 'Mallory Madsen',
      state: 'received',
    });
    expect(stored?.severity).toBeUndefined();
    const alices = await storedIncident(h, aliceNumber);
    expect(alices).toMatchObject({ reporterId: alice.aadObjectId, version: 1, description: secret });
  });

  it("does not hand back another person's receipt when their draft id is replayed", async () => {
    const draftId = '11111111-2222-4333-8444-555555555555';
    const first = numberOn(await submitReport(h.teams, alice, { draftId, description: secret }));
    const replay = await submitReport(h.teams, mallory, { draftId });
    const second = numberOn(replay);
    expect(second).not.toBe(first);
    expect(shown(replay)).not.toContain(secret);
    expect((await storedIncident(h, second))?.reporterId).toBe(mallory.aadObjectId);
  });

  it('changes nothing when someone without the role sends triage data claiming the role', async () => {
    const before = await storedIncident(h, aliceNumber);
    const attempts = [
      ['incident.triage', { state: 'closed', severity: 'low', assignee: 'Mallory' }],
      ['incident.measure.add', { measureText: 'x', measureOwner: 'Mallory', measureDue: '2026-12-31' }],
      ['incident.breach.decision', { decision: 'notNotify', justification: 'ingen risiko', consequences: 'ingen' }],
      ['incident.awareness', { awarenessDate: '2026-11-20', awarenessTime: '08:00', awarenessReason: 'x' }],
    ] as const;
    for (const [verb, change] of attempts) {
      const answer = await h.teams.act(mallory, verb, { ...forged, ...change, number: aliceNumber, version: 1 });
      expect(refused(answer)).toBe(true);
    }
    const exportAttempt = await h.teams.act(mallory, 'incident.export', { ...forged, create: true });
    expect(refused(exportAttempt)).toBe(true);
    expect(await entitiesIn(h.bot.tables.client('Exports'))).toEqual([]);
    expect(await storedIncident(h, aliceNumber)).toEqual(before);
    expect(await storedHistory(h, aliceNumber)).toHaveLength(1);
  });

  it('lets even a coordinator change only the measure and version the record really has', async () => {
    const other = numberOn(await submitReport(h.teams, newUser('Bo Berg')));
    await h.teams.act(coordinator, 'incident.measure.add', {
      number: other,
      version: 1,
      measureText: 'Nulstil adgangskoder',
      measureOwnerPick: coordinator.aadObjectId,
      measureDue: '2026-12-31',
    });
    const otherMeasure = (await storedIncident(h, other))?.measures[0]?.id;
    expect(otherMeasure).toBeDefined();
    // A measure id from another incident, on Alice's incident: nothing is marked done anywhere.
    const crossed = await h.teams.act(coordinator, 'incident.measure.done', {
      number: aliceNumber,
      version: 1,
      measureId: otherMeasure,
    });
    expect(crossed.status).toBe(200);
    expect((await storedIncident(h, aliceNumber))?.version).toBe(1);
    expect((await storedIncident(h, other))?.measures[0]?.done).toBe(false);
    // An outdated (or invented) version is answered with the current card, never an overwrite.
    const stale = await h.teams.act(coordinator, 'incident.triage', { number: other, version: 1, severity: 'low' });
    expect(cardTexts(stale.body?.value)).toContain(da.common.errorConflict);
    expect((await storedIncident(h, other))?.severity).toBeUndefined();
  });

  it('answers a card action that is no Action.Execute with "not found" and one warning, no stack', async () => {
    for (const value of [
      'x',
      5,
      null,
      [1],
      { action: 'incident.triage' },
      { action: { type: 'Action.Execute', verb: 5 } },
    ]) {
      const before = h.logs.length;
      const response = await h.teams.post({
        ...h.teams.base(mallory, TeamsClient.personalChat(mallory)),
        type: 'invoke',
        name: 'adaptiveCard/action',
        value,
      });
      const body = (await response.json()) as { value?: unknown };
      expect({ value, status: response.status, answer: body.value }).toEqual({
        value,
        status: 200,
        answer: da.common.errorNotFound,
      });
      const lines = h.logs.slice(before);
      expect(lines.filter((line) => /"level":(50|60)/.test(line) || line.includes('"stack"'))).toEqual([]);
      expect(lines.filter((line) => line.includes('turn refused'))).toHaveLength(1);
    }
  });
});
