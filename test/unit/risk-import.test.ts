import { CARD_BUDGET_BYTES, cardBytes } from '../../src/platform/cards';
import { validateCard } from '../support/card-schema';
import type { RiskRecord } from '../../src/features/risks/model';
import { guessRiskMapping } from '../../src/features/risks/transfer/columns';
import { riskTable } from '../../src/features/risks/transfer/export-table';
import { risksView } from '../../src/features/risks/transfer/handlers';
import { planRiskImport } from '../../src/features/risks/transfer/plan';
import { concernsOf } from '../../src/features/risks/transfer/row-match';
import { riskIdOf } from '../../src/features/risks/transfer/row-values';
import { isoDate, scaleText, treatmentOf } from '../../src/features/risks/transfer/row-values';
import { tableCsv, tableXlsx } from '../../src/features/transfer/files';
import { transferImportCard } from '../../src/features/transfer/import-card';
import type { FoundOwner } from '../../src/features/transfer/owners';
import { readTable } from '../../src/features/transfer/read-table';

const lise = { ownerId: '11111111-1111-4111-8111-111111111111', ownerName: 'Lise Holm' };
const systems = [
  { id: 'aaaaaaaaaaaa', name: 'KMD Nexus' },
  { id: 'bbbbbbbbbbbb', name: 'Løn, personale' },
  { id: 'cccccccccccc', name: 'Opus Økonomi' },
];
const now = new Date('2026-12-07T09:00:00.000Z');

const risk = (overrides: Partial<RiskRecord>): RiskRecord => ({
  id: '0123456789ab',
  version: 2,
  title: 'Udfald af Nexus',
  scenario: 'Datacentret går ned',
  systemIds: ['aaaaaaaaaaaa'],
  systemNames: ['KMD Nexus'],
  ...lise,
  createdAt: '2026-01-05T09:00:00.000Z',
  createdBy: 'Mette Kjær',
  assessment: {
    likelihood: 3,
    consequence: { confidentiality: 2, integrity: 1, availability: 4 },
    treatment: 'reduce',
    residualLikelihood: 2,
    residualConsequence: 2,
    // Past: the risk is overdue for review.
    nextReview: '2026-06-01',
    assessedAt: '2026-01-05T09:00:00.000Z',
    assessedBy: lise.ownerId,
    assessedByName: 'Lise Holm',
  },
  ...overrides,
});

const header = [
  'Titel',
  'Scenarie',
  'Vedrører',
  'Risikoejer',
  'Sandsynlighed',
  'Konsekvens for fortrolighed',
  'Konsekvens for integritet',
  'Konsekvens for tilgængelighed',
  'Konsekvens for de registrerede',
  'Håndtering',
  'Sandsynlighed efter håndtering',
  'Konsekvens efter håndtering',
  'Næste gennemgang',
];
const plan = (rows: string[][], risks: RiskRecord[] = [], head = header) =>
  planRiskImport({ header: head, rows }, guessRiskMapping(head), {
    risks,
    systems,
    owners: new Map<string, FoundOwner>([['lise@kommune.dk', lise]]),
    now,
  });
const assessed = (cells: string[]) => ['Udfald af Nexus', 'Datacentret går ned', 'KMD Nexus', 'Lise Holm', ...cells];

describe('planning a risk import', () => {
  it('creates a new risk with its assessment by the assess card’s rules', () => {
    const result = plan([
      [
        'Phishing',
        'Klik på links',
        'Medarbejdere',
        'lise@kommune.dk',
        '3',
        '2',
        '1',
        '4',
        '',
        'Reducér',
        '2',
        '2',
        '01.03.2027',
      ],
    ]);
    expect(result.rows[0]).toMatchObject({
      outcome: 'create',
      details: { title: 'Phishing', area: 'people', systemIds: [], ...lise },
      assessment: {
        likelihood: 3,
        consequence: { confidentiality: 2, integrity: 1, availability: 4 },
        treatment: 'reduce',
        nextReview: '2027-03-01',
      },
    });
  });

  it.each([
    [['3', '2', '1', '1', '', 'Reducér', '4', '1', '01.03.2027'], { residualLikelihood: 'residualAbove' }],
    [['3', '2', '1', '1', '', 'Reducér', '2', '3', '01.03.2027'], { residualConsequence: 'residualAbove' }],
    [['3', '2', '1', '1', '', 'Reducér', '2', '1', '01.03.2026'], { nextReview: 'reviewRange' }],
    [['3', '2', '1', '1', '', 'Reducér', '2', '1', '01.03.2029'], { nextReview: 'reviewRange' }],
    [['3', '2', '1', '1', '', 'Reducér', '2', '1', '31.02.2027'], { nextReview: 'date' }],
    [['5', '2', '1', '1', '', 'Reducér', '2', '1', '01.03.2027'], { likelihood: 'scale' }],
    [['3', '2', '1', '1', '', 'Ignorér', '2', '1', '01.03.2027'], { treatment: 'treatment' }],
    [['3', '', '1', '1', '', 'Reducér', '2', '1', '01.03.2027'], { confidentiality: 'required' }],
    [['', '', '', '', '', 'Reducér', '', '', ''], { likelihood: 'required', nextReview: 'required' }],
  ])('refuses an assessment %j as the assess card does: %j', (cells, problems) => {
    const row = plan([assessed(cells)]).rows[0];
    expect(row?.outcome).toBe('refused');
    expect(row?.problems).toMatchObject(problems);
  });

  it('leaves a risk unchanged when its row repeats what it has, even once its review date has passed', () => {
    const result = plan([assessed(['3', '2', '1', '4', '', 'Reducér risikoen', '2', '2', '01.06.2026'])], [risk({})]);
    expect(result.rows[0]).toMatchObject({ outcome: 'unchanged', riskId: '0123456789ab' });
    expect(result.rows[0]?.details).toBeUndefined();
  });

  it('changes a risk found by its title among the risks of the same systems, case and spacing ignored', () => {
    const result = plan(
      [['udfald  AF nexus', 'Datacentret går ned i dagevis', 'KMD Nexus', 'Lise Holm']],
      [risk({}), risk({ id: '0123456789ac', systemIds: ['cccccccccccc'], systemNames: ['Opus Økonomi'] })],
      header.slice(0, 4),
    );
    expect(result.rows[0]).toMatchObject({
      outcome: 'change',
      riskId: '0123456789ab',
      details: { scenario: 'Datacentret går ned i dagevis' },
    });
  });

  it('keys a title by what the risk concerns: the same title for other systems is another risk', () => {
    const result = plan([['Udfald af Nexus', 'x', 'Opus Økonomi', 'lise@kommune.dk']], [risk({})], header.slice(0, 4));
    // … and the dry run says so, in case the coordinator meant the risk of KMD Nexus.
    expect(result.rows[0]).toMatchObject({ outcome: 'create', notes: ['sameTitleElsewhere'] });
  });

  it("notes that a new assessment leaves the management group's acceptance behind", () => {
    const accepted = risk({
      acceptance: {
        approvalId: 'a1',
        state: 'accepted',
        requestedAt: now.toISOString(),
        requestedBy: 'k',
        requestedByName: 'K',
        assessedAt: '2026-01-05T09:00:00.000Z',
        residual: 'medium',
        expiresOn: '2027-06-01',
      },
    });
    const row = plan([assessed(['4', '2', '1', '4', '', 'Reducér', '2', '2', '01.03.2027'])], [accepted]).rows[0];
    expect(row).toMatchObject({ outcome: 'change', notes: ['acceptanceAnew'] });
    // The same assessment again: nothing new, nothing to note.
    const same = plan([assessed(['3', '2', '1', '4', '', 'Reducér', '2', '2', '01.06.2026'])], [accepted]).rows[0];
    expect(same).toMatchObject({ outcome: 'unchanged', notes: [] });
  });

  it('refuses a title two risks of the same systems share, a row twice in the file, and an unknown Risiko-ID', () => {
    const twins = [risk({}), risk({ id: '0123456789ac' })];
    expect(plan([['Udfald af Nexus', 'x', 'KMD Nexus', 'Lise Holm']], twins, header.slice(0, 4)).rows[0]).toMatchObject(
      { outcome: 'refused', problems: { title: 'ambiguous' } },
    );
    const twice = plan(
      [
        ['Ny', 'x', 'KMD Nexus', 'lise@kommune.dk'],
        ['NY', 'y', 'KMD Nexus', 'lise@kommune.dk'],
      ],
      [],
      header.slice(0, 4),
    );
    expect(twice.rows.map((row) => row.outcome)).toEqual(['create', 'refused']);
    expect(twice.rows[1]?.problems).toEqual({ title: 'duplicateKey' });
    const unknown = plan(
      [['ffffffffffff', 'Ny', 'x', 'KMD Nexus', 'Lise Holm']],
      [],
      ['Risiko-ID', ...header.slice(0, 4)],
    );
    expect(unknown.rows[0]).toMatchObject({ outcome: 'refused', problems: { riskId: 'riskId' } });
  });

  it('finds a risk by its Risiko-ID even when its title changed', () => {
    const result = plan(
      [['0123456789AB', 'Nyt navn', 'Datacentret går ned', 'KMD Nexus', 'Lise Holm']],
      [risk({})],
      ['Risiko-ID', ...header.slice(0, 4)],
    );
    expect(result.rows[0]).toMatchObject({ outcome: 'change', riskId: '0123456789ab', details: { title: 'Nyt navn' } });
  });

  it('refuses an owner Teams does not know, or a row without title, scenario, concerns or owner', () => {
    const result = plan([['Ny', '', 'KMD Nexus', 'Ukendt Person']], [], header.slice(0, 4));
    expect(result.rows[0]?.problems).toEqual({ scenario: 'required', owner: 'ownerNotFound' });
    expect(result.rows[0]?.values).toMatchObject({ owner: 'Ukendt Person' });
  });
});

describe('reading the cells of a risk file', () => {
  it.each([
    ['KMD Nexus', { found: { systemIds: ['aaaaaaaaaaaa'] } }],
    ['kmd  nexus; Opus Økonomi', { found: { systemIds: ['aaaaaaaaaaaa', 'cccccccccccc'] } }],
    ['Løn, personale', { found: { systemIds: ['bbbbbbbbbbbb'] } }],
    ['KMD Nexus, Opus Økonomi', { found: { systemIds: ['aaaaaaaaaaaa', 'cccccccccccc'] } }],
    ['KMD Nexus\nLøn, personale', { found: { systemIds: ['aaaaaaaaaaaa', 'bbbbbbbbbbbb'] } }],
    ['The network', { found: { systemIds: [], area: 'network' } }],
    ['Lokaler og bygninger', { found: { systemIds: [], area: 'premises' } }],
    ['KMD Nexus; SBSYS', { unknown: 'SBSYS' }],
    // The name not found is named, not the part of the cell around it.
    ['KMD Nexus, Opus Økonomi; SBSYS', { unknown: 'SBSYS' }],
    ['KMD Nexus, SBSYS; Opus Økonomi', { unknown: 'SBSYS' }],
  ])('reads "%s" as %j', (text, expected) => {
    expect(concernsOf(text, systems)).toEqual(expected);
  });

  it.each([
    ['a1b2c3d4e5f6 (v4)', { id: 'a1b2c3d4e5f6', version: 4 }],
    ['123456789012 (v12)', { id: '123456789012', version: 12 }],
    ['A1B2C3D4E5F6', { id: 'a1b2c3d4e5f6' }],
    ['1,23457E+11', undefined],
    ['a1b2c3d4e5f6 (v)', undefined],
  ])('reads the Risiko-ID %s as %j', (text, expected) => expect(riskIdOf(text)).toEqual(expected));

  it.each([
    ['15.02.2027', '2027-02-15'],
    ['1.3.2027', '2027-03-01'],
    ['2027-03-01', '2027-03-01'],
    ['31.02.2027', undefined],
    ['15-02-27', undefined],
  ])('reads the date %s as %s', (text, iso) => expect(isoDate(text)).toBe(iso));

  it.each([
    ['Reducér', 'reduce'],
    ['reducer', 'reduce'],
    ['Acceptér risikoen', 'accept'],
    ['Overfør risikoen (fx til leverandør eller forsikring)', 'transfer'],
    ['Avoid the risk', 'avoid'],
    ['Undgå', 'avoid'],
    ['Behold', undefined],
  ])('reads the treatment %s as %s', (text, treatment) => expect(treatmentOf(text)).toBe(treatment));

  it.each([
    ['3', '3'],
    ['3 – sandsynlig', '3'],
    ['3.5', undefined],
    ['0', undefined],
    ['12', undefined],
  ])('reads the scale value %s as %s', (text, value) => expect(scaleText(text)).toBe(value));
});

describe('the risk export reads back unchanged (round trip)', () => {
  const risks = [
    risk({}),
    risk({
      id: '0123456789ac',
      title: '=cmd|"/C calc"!A0',
      scenario: '-2+3; "quoted", and\na line break',
      systemIds: [],
      systemNames: [],
      area: 'network',
      assessment: undefined,
    }),
    risk({
      id: '0123456789ad',
      title: 'Løn',
      systemIds: ['bbbbbbbbbbbb', 'cccccccccccc'],
      systemNames: ['Løn, personale', 'Opus Økonomi'],
    }),
  ];
  const replan = async (bytes: Buffer) => {
    const table = await readTable(bytes);
    return planRiskImport(table, guessRiskMapping(table.header), { risks, systems, owners: new Map(), now });
  };

  it.each(['da', 'en'] as const)('CSV in %s: formulas guarded on the way out, every row unchanged', async (locale) => {
    const csv = tableCsv(riskTable(risks, locale));
    expect(csv).not.toMatch(/(^|[;\n])=cmd/);
    expect((await replan(Buffer.from(csv, 'utf8'))).rows.map((row) => row.outcome)).toEqual([
      'unchanged',
      'unchanged',
      'unchanged',
    ]);
  });

  it('names systems as the register names them now, so a risk of a renamed system reads back', async () => {
    const renamed = new Map([['aaaaaaaaaaaa', 'KMD Nexus Omsorg']]);
    const csv = tableCsv(riskTable([risk({})], 'da', renamed));
    expect(csv).toContain(';KMD Nexus Omsorg;');
    const table = await readTable(Buffer.from(csv, 'utf8'));
    const result = planRiskImport(table, guessRiskMapping(table.header), {
      risks: [risk({})],
      systems: [{ id: 'aaaaaaaaaaaa', name: 'KMD Nexus Omsorg' }],
      owners: new Map(),
      now,
    });
    expect(result.rows.map((row) => row.outcome)).toEqual(['unchanged']);
  });

  it('XLSX: every row unchanged', async () => {
    const bytes = await tableXlsx(riskTable(risks, 'da'), 'Risici');
    expect((await replan(bytes)).rows.map((row) => row.outcome)).toEqual(['unchanged', 'unchanged', 'unchanged']);
  });
});

describe('the risk import card', () => {
  it('stays within the card budget with 2,000 refused rows, and names what is not imported', () => {
    const result = plan(
      Array.from({ length: 2000 }, (_, i) => [`Risiko ${i} ${'æ'.repeat(150)}`, '', 'Ukendt', 'x', '9']),
      [],
      header.slice(0, 5),
    );
    const card = transferImportCard('da', risksView, {
      id: 'a'.repeat(24),
      header: Array.from({ length: 60 }, (_, i) => `Kolonne ${i} ${'x'.repeat(200)}`),
      mapping: {},
      plan: result,
      downloadUrl: 'https://x/y',
    });
    expect(cardBytes(card)).toBeLessThanOrEqual(CARD_BUDGET_BYTES);
    expect(validateCard(card)).toBe(true);
    const text = JSON.stringify(card);
    expect(text).toContain('Afhjælpende foranstaltninger, ledergruppens accept og knyttede hændelser importeres ikke');
    expect(text).toContain('risk.import.remap');
    expect(text).not.toContain('system.import');
  });
});
