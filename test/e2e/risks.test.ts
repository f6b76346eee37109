import { systemClock } from '../../src/clock';
import { da, en } from '../../src/i18n/catalogs';
import { TableAuditLog } from '../../src/storage/audit-repository';
import { cardActions, cardIn, cardTexts, dataOf, inputOn } from '../support/cards';
import { grant } from '../support/fault-records';
import { numberOn, submitReport } from '../support/incidents';
import { ManualClock, newUser, startHarness, type Harness, type InvokeAnswer, type TestUser } from '../support/harness';

/** The text a refused card action answers with (the card stays as it was). */
const refusal = (answer: InvokeAnswer): unknown => answer.body?.value;

const assessment = {
  likelihood: '3',
  confidentiality: '2',
  integrity: '1',
  availability: '4',
  dataSubjects: '3',
  treatment: 'reduce',
  residualLikelihood: '2',
  residualConsequence: '2',
  nextReview: '2027-02-15',
};

/** The text of every cell of the heat map tables on a card, row by row, per table. */
function heatTables(card: Record<string, any>): { text: string; style?: string }[][][] {
  const tables: { text: string; style?: string }[][][] = [];
  const walk = (node: any): void => {
    if (Array.isArray(node)) node.forEach(walk);
    else if (node && typeof node === 'object') {
      if (node.type === 'Table')
        tables.push(
          node.rows.map((row: any) => row.cells.map((cell: any) => ({ text: cell.items[0].text, style: cell.style }))),
        );
      else Object.values(node).forEach(walk);
    }
  };
  walk(card);
  return tables;
}

describe('risk register (P4, P6, P10)', () => {
  const clock = new ManualClock(new Date('2026-11-28T09:00:00Z'));
  const coordinator = newUser('Mette Kjær');
  const owner = newUser('Lise Holm');
  const otherOwner = newUser('Jens Berg');
  const manager = newUser('Karin Lund');
  const employee = newUser('Sofie Jensen');
  const english = newUser('Anna Berg', 'en-GB');
  let h: Harness;
  let nexus: string;
  let opus: string;

  const registerSystem = async (name: string, by: TestUser) => {
    const card = cardIn(
      await h.teams.act(coordinator, 'system.save', {
        name,
        purpose: 'Fagsystem',
        supplier: 'Leverandør A/S',
        owner: by.aadObjectId,
        personalData: 'no',
        personalDataKinds: '',
      }),
    );
    return String(dataOf(card, 'system.classify').id);
  };

  beforeAll(async () => {
    h = await startHarness({ coordinators: [coordinator], clock });
    await h.registerChannel('coordinator');
    nexus = await registerSystem('KMD Nexus', owner);
    opus = await registerSystem('Opus Økonomi', otherOwner);
    await grant(h, manager.aadObjectId, 'management');
    await grant(h, english.aadObjectId, 'management');
  });
  afterAll(() => h.close());

  const newRisk = (by: TestUser, fields: Record<string, unknown>) =>
    h.teams.act(by, 'risk.save', {
      title: 'Udfald af Nexus',
      scenario: 'Leverandørens datacenter går ned; hjemmeplejen kan ikke se besøgsplaner.',
      ownerPick: by.aadObjectId,
      draftId: crypto.randomUUID(),
      ...fields,
    });

  it('lets a system owner create a risk of his own system, offering only his systems and no areas', async () => {
    const form = cardIn(await h.teams.act(owner, 'risk.new'));
    expect(inputOn(form, 'systems')?.choices).toEqual([{ title: 'KMD Nexus', value: nexus }]);
    expect(inputOn(form, 'area')).toBeUndefined();
    const saved = cardIn(await newRisk(owner, { systems: nexus }));
    expect(cardTexts(saved)).toEqual(
      expect.arrayContaining(['Udfald af Nexus', da.risks.detail.saved, da.risks.detail.notAssessed + '', 'KMD Nexus']),
    );
  });

  it("refuses a system owner a risk of someone else's system, or of an area, and stores nothing", async () => {
    expect(refusal(await newRisk(owner, { systems: opus, title: 'Ikke min' }))).toBe(da.common.errorForbidden);
    expect(refusal(await newRisk(owner, { area: 'network', title: 'Ikke min' }))).toBe(da.common.errorForbidden);
    const list = cardIn(await h.teams.act(owner, 'risk.list'));
    expect(cardTexts(list)).not.toContain('Ikke min');
  });

  it('assesses a risk: a residual above the inherent risk is re-shown with every value kept, then saved with its level', async () => {
    const list = cardIn(await h.teams.act(owner, 'risk.list'));
    const id = String(dataOf(list, 'risk.view').id);
    const form = cardIn(await h.teams.act(owner, 'risk.assess', { id }));
    const version = dataOf(form, 'risk.assess.save').version;
    const bad = cardIn(
      await h.teams.act(owner, 'risk.assess.save', { id, version, ...assessment, residualLikelihood: '4' }),
    );
    expect(cardTexts(bad)).toEqual(expect.arrayContaining([da.risks.errors.residualAbove, da.risks.form.fixErrors]));
    expect(inputOn(bad, 'residualLikelihood')?.value).toBe('4');
    expect(inputOn(bad, 'dataSubjects')?.value).toBe('3');
    expect(inputOn(bad, 'nextReview')?.value).toBe('2027-02-15');

    const saved = cardIn(await h.teams.act(owner, 'risk.assess.save', { id, version, ...assessment }));
    expect(cardTexts(saved)).toEqual(
      expect.arrayContaining([
        da.risks.detail.assessed,
        'Kritisk (sandsynlighed 3 × konsekvens 4)',
        'Mellem (sandsynlighed 2 × konsekvens 2)',
        da.risks.treatments.reduce,
      ]),
    );
    // The same card pressed again is outdated: refused with the current card, nothing overwritten.
    const stale = cardIn(await h.teams.act(owner, 'risk.assess.save', { id, version, ...assessment, likelihood: '4' }));
    expect(cardTexts(stale)).toEqual(
      expect.arrayContaining([da.common.errorConflict, 'Kritisk (sandsynlighed 3 × konsekvens 4)']),
    );
  });

  it('records on the system that its risks were assessed (P4), and a major change opens the risk again (P8)', async () => {
    const system = cardIn(await h.teams.act(owner, 'system.view', { id: nexus }));
    expect(cardTexts(system)).toEqual(
      expect.arrayContaining([
        '28.11.2026 af Lise Holm – Risiko vurderet i risikoregistret: Udfald af Nexus (Kritisk → Mellem)',
        // The next assessment falls due by the system's category (P4): unclassified, 12 months.
        '28.11.2027',
      ]),
    );
    const list = cardIn(await h.teams.act(owner, 'risk.list'));
    const id = String(dataOf(list, 'risk.view').id);
    expect(cardTexts(cardIn(await h.teams.act(owner, 'risk.view', { id })))).not.toContain(
      'Væsentlig ændring efter vurderingen (KMD Nexus) – vurdér risikoen igen.',
    );
    clock.advance(60_000);
    const changed = await h.teams.act(owner, 'system.change', {
      ...dataOf(system, 'system.change'),
      changeArea: 'supplier',
      changeDescription: 'Ny driftsleverandør',
    });
    expect(changed.status).toBe(200);
    expect(cardTexts(cardIn(await h.teams.act(owner, 'risk.view', { id })))).toContain(
      'Væsentlig ændring efter vurderingen (KMD Nexus) – vurdér risikoen igen.',
    );
  });

  it('lets the coordinator create an area risk for another owner, and keeps who changed what and when', async () => {
    const form = cardIn(await h.teams.act(coordinator, 'risk.new'));
    expect(inputOn(form, 'area')?.choices).toEqual(expect.arrayContaining([{ title: 'Netværket', value: 'network' }]));
    const saved = cardIn(
      await newRisk(coordinator, {
        title: 'Udfald af netværket',
        area: 'network',
        ownerPick: '',
        owner: owner.aadObjectId,
      }),
    );
    expect(cardTexts(saved)).toEqual(expect.arrayContaining(['Netværket', 'Lise Holm']));
    const id = String(dataOf(saved, 'risk.assess').id);
    clock.advance(60_000);
    const edit = cardIn(await h.teams.act(coordinator, 'risk.new', { id }));
    const edited = cardIn(
      await h.teams.act(coordinator, 'risk.save', {
        ...dataOf(edit, 'risk.save'),
        title: 'Udfald af kernenetværket',
        scenario: 'Fejl i kernenetværket',
        area: 'network',
        owner: owner.aadObjectId,
      }),
    );
    expect(cardTexts(edited)).toEqual(
      expect.arrayContaining([
        'Udfald af kernenetværket',
        `28.11.2026 · Mette Kjær · ${da.risks.detail.actions.edited}`,
        `28.11.2026 · Mette Kjær · ${da.risks.detail.actions.created}`,
      ]),
    );
    // The owner of the risk is not the owner of a system it concerns: he sees it only through his systems.
    expect(refusal(await h.teams.act(otherOwner, 'risk.view', { id }))).toBe(da.common.errorNotFound);
  });

  it('links an incident the risk was realised in, from the risk card, checking the number in the log', async () => {
    const number = numberOn(await submitReport(h.teams, employee));
    // The system owner's one risk (the coordinator's list also holds area risks, of the same level).
    const list = cardIn(await h.teams.act(owner, 'risk.list'));
    const id = String(dataOf(list, 'risk.view').id);
    const card = cardIn(await h.teams.act(coordinator, 'risk.view', { id }));
    const link = dataOf(card, 'risk.incident.link');
    const unknown = cardIn(
      await h.teams.act(coordinator, 'risk.incident.link', { ...link, incidentNumber: 'HÆN-2026-9999' }),
    );
    expect(cardTexts(unknown)).toContain(da.risks.errors.incidentUnknown);
    expect(inputOn(unknown, 'incidentNumber')?.value).toBe('HÆN-2026-9999');
    const linked = cardIn(
      await h.teams.act(coordinator, 'risk.incident.link', { ...link, incidentNumber: number.toLowerCase() }),
    );
    expect(cardTexts(linked)).toEqual(
      expect.arrayContaining([
        da.risks.detail.incidentLinked,
        number,
        `28.11.2026 · Mette Kjær · ${da.risks.detail.actions.incidentLinked}`,
      ]),
    );
    // The system owner may assess his risk, but the incident log is the coordinator's.
    expect(cardActions(cardIn(await h.teams.act(owner, 'risk.view', { id }))).map((a) => a.verb)).not.toContain(
      'risk.incident.link',
    );
    expect(
      (
        await h.teams.act(owner, 'risk.incident.link', {
          ...dataOf(linked, 'risk.incident.link'),
          incidentNumber: number,
        })
      ).body?.value,
    ).toBe(da.common.errorForbidden);
  });

  it('records every change in the hash-chained audit log', async () => {
    const records = await new TableAuditLog(h.bot.tables.client('Audit'), systemClock).read('risks');
    expect(records.map((record) => record.action)).toEqual(
      expect.arrayContaining(['risk.created', 'risk.assessed', 'risk.edited']),
    );
    const assessed = records.find((record) => record.action === 'risk.assessed');
    expect(assessed).toEqual(
      expect.objectContaining({
        actor: owner.aadObjectId,
        details: expect.objectContaining({ level: 'critical', residualLevel: 'medium', treatment: 'reduce' }),
      }),
    );
    expect(records.every((record, i) => i === 0 || record.prevHash === records[i - 1]!.hash)).toBe(true);
  });

  it('shows management every risk with the heat map, inherent and residual side by side, read-only', async () => {
    const list = cardIn(await h.teams.act(manager, 'risk.list'));
    const texts = cardTexts(list);
    expect(texts).toEqual(
      expect.arrayContaining(['Udfald af Nexus', 'Udfald af kernenetværket', da.risks.heatmap.inherent]),
    );
    const [inherent, residual] = heatTables(list);
    // Row 0 is the header; row 1 is likelihood 4, row 2 likelihood 3 … column 4 is consequence 4.
    expect(inherent![2]![4]).toEqual({ text: '1', style: 'attention' });
    expect(residual![3]![2]).toEqual({ text: '1', style: 'accent' });
    expect(inherent!.flat().filter((cell) => cell.text === '1')).toHaveLength(2 + 1); // the cell, and the "1" headers
    expect(texts).toContain('1 risiko er ikke vurderet og tælles ikke med.');
    expect(cardActions(list).map((action) => action.verb)).not.toContain('risk.new');

    const id = String(dataOf(list, 'risk.view').id);
    const view = cardIn(await h.teams.act(manager, 'risk.view', { id }));
    expect(cardActions(view).map((action) => action.verb)).toEqual(['risk.measures', 'risk.list']);
    expect(refusal(await h.teams.act(manager, 'risk.assess', { id }))).toBe(da.common.errorForbidden);
    expect(refusal(await h.teams.act(manager, 'risk.assess.save', { id, version: 2, ...assessment }))).toBe(
      da.common.errorForbidden,
    );
  });

  it('refuses anyone without a role the register, by command or by card', async () => {
    expect(refusal(await h.teams.act(employee, 'risk.list'))).toBe(da.common.errorForbidden);
    expect(refusal(await h.teams.act(employee, 'risk.new'))).toBe(da.common.errorForbidden);
    h.connector.calls.length = 0;
    await h.teams.say(employee, 'risici');
    expect(JSON.stringify(h.connector.calls.map((call) => call.activity))).toContain(da.common.errorForbidden);
  });

  it('speaks English to an English user', async () => {
    const list = cardIn(await h.teams.act(english, 'risk.list'));
    expect(cardTexts(list)).toEqual(expect.arrayContaining([en.risks.list.title, en.risks.heatmap.residual]));
  });
});
