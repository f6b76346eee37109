import { randomBytes } from 'node:crypto';
import writeXlsxFile from 'write-excel-file/node';
import { CARD_BUDGET_BYTES, cardBytes } from '../../src/platform/cards';
import { importCard } from '../../src/features/systems/transfer/cards';
import { validateCard } from '../support/card-schema';
import { guessMapping, type ColumnMapping } from '../../src/features/systems/transfer/columns';
import { readCsv } from '../../src/features/transfer/csv-read';
import { registerTable, tableCsv, tableXlsx } from '../../src/features/systems/transfer/export-table';
import { FileProblemError, type Table } from '../../src/features/transfer/limits';
import { planImport, type FoundOwner } from '../../src/features/systems/transfer/plan';
import { readTable } from '../../src/features/transfer/read-table';
import { checkZip } from '../../src/features/transfer/xlsx-read';
import type { SystemRecord } from '../../src/features/systems/model';

/** The slice of adm-zip used here to build hostile zips (the package ships no types). */
interface ZipWriter {
  addFile(name: string, data: Buffer): void;
  toBuffer(): Buffer;
}
const AdmZip = require('adm-zip') as new () => ZipWriter;

const problemOf = async (work: Promise<unknown>): Promise<string | undefined> => {
  try {
    await work;
    return undefined;
  } catch (error) {
    if (error instanceof FileProblemError) return error.problem;
    throw error;
  }
};

const windows1252 = (text: string): Buffer =>
  Buffer.from(
    [...text].map((char) => ({ æ: 0xe6, ø: 0xf8, å: 0xe5, Æ: 0xc6, Ø: 0xd8, Å: 0xc5 })[char] ?? char.charCodeAt(0)),
  );

const system = (overrides: Partial<SystemRecord>): SystemRecord => ({
  id: 'aaaaaaaaaaaa',
  version: 3,
  name: 'KMD Nexus',
  purpose: 'Omsorgsjournal',
  supplier: 'KMD A/S',
  ownerId: '11111111-1111-4111-8111-111111111111',
  ownerName: 'Lise Holm',
  personalData: true,
  personalDataKinds: ['sensitive', 'cpr'],
  createdAt: '2026-11-01T09:00:00.000Z',
  createdBy: 'Mette Kjær',
  ...overrides,
});

const header = [
  'Systemnavn',
  'Formål',
  'Leverandør',
  'Systemejer',
  'Kategori',
  'Personoplysninger',
  'Typer af personoplysninger',
];
const plan = (
  rows: string[][],
  systems: SystemRecord[] = [],
  owners = new Map<string, FoundOwner>(),
  head = header,
) => {
  const table: Table = { header: head, rows };
  return planImport(table, guessMapping(head), { systems, owners });
};

describe('reading a register file', () => {
  it('reads UTF-8 CSV with a BOM and semicolons, quotes and line breaks in cells as CSV has them', () => {
    const text = '\uFEFFSystemnavn;Formål\r\nKMD Nexus;"Omsorg; pleje\r\nog journal"\r\nSBSYS;Sagsbehandling\r\n';
    expect(readCsv(Buffer.from(text, 'utf8'))).toEqual({
      header: ['Systemnavn', 'Formål'],
      rows: [
        ['KMD Nexus', 'Omsorg; pleje\r\nog journal'],
        ['SBSYS', 'Sagsbehandling'],
      ],
    });
  });

  it('reads Windows-1252 CSV with commas (Danish Excel) with æ, ø and å intact', () => {
    const table = readCsv(windows1252('Systemnavn,Leverandør\nLønsystem,Økonomi Å/S\n'));
    expect(table.header).toEqual(['Systemnavn', 'Leverandør']);
    expect(table.rows).toEqual([['Lønsystem', 'Økonomi Å/S']]);
  });

  it('reads UTF-16 text with its BOM (Excel\'s "Unicode text", tab-separated)', () => {
    const bytes = Buffer.concat([
      Buffer.from([0xff, 0xfe]),
      Buffer.from('Systemnavn\tFormål\r\nØkonomi\tLøn\r\n', 'utf16le'),
    ]);
    expect(readCsv(bytes)).toEqual({ header: ['Systemnavn', 'Formål'], rows: [['Økonomi', 'Løn']] });
  });

  it('refuses a file over 5 MB, over 2,000 rows, or empty, before planning anything', async () => {
    expect(await problemOf(readTable(Buffer.alloc(5 * 1024 * 1024 + 1, 0x41)))).toBe('tooLarge');
    const rows = Array.from({ length: 2001 }, (_, i) => `System ${i};x`).join('\n');
    expect(await problemOf(readTable(Buffer.from(`Systemnavn;Formål\n${rows}\n`)))).toBe('tooManyRows');
    expect(await problemOf(readTable(Buffer.from('\n\n')))).toBe('empty');
  });

  it('refuses a file of headings alone, in CSV and XLSX, as having no rows (not an empty dry run)', async () => {
    expect(await problemOf(readTable(Buffer.from(`${header.join(';')}\r\n;;;\r\n\r\n`)))).toBe('noRows');
    const xlsx = (await writeXlsxFile([header.map((value) => ({ value }))]).toBuffer()) as Buffer;
    expect(await problemOf(readTable(xlsx))).toBe('noRows');
  });

  it('refuses 2,001 rows even with blank rows among them, instead of dropping the last', async () => {
    const rows = Array.from({ length: 2001 }, (_, i) => `System ${i};x`);
    const text = ['Systemnavn;Formål', ';', '', ...rows, ';;'].join('\r\n');
    expect(await problemOf(readTable(Buffer.from(text)))).toBe('tooManyRows');
    // 2,000 rows and blank ones are just right.
    const table = await readTable(Buffer.from(['Systemnavn;Formål', ';', ...rows.slice(1)].join('\n')));
    expect(table.rows).toHaveLength(2000);
    expect(table.rows.at(-1)).toEqual(['System 2000', 'x']);
  });

  it('leaves out empty columns at the right (Excel writes its used range) before counting columns', async () => {
    const text = `Systemnavn;Formål${';'.repeat(200)}\r\nLøn;Økonomi${';'.repeat(200)}\r\nAula;${';'.repeat(3)}\r\n`;
    expect(await readTable(Buffer.from(text))).toEqual({
      header: ['Systemnavn', 'Formål'],
      rows: [
        ['Løn', 'Økonomi'],
        ['Aula', ''],
      ],
    });
    // 61 columns with text are still too many.
    const wide = `${Array.from({ length: 61 }, (_, i) => `K${i}`).join(';')}\r\nA\r\n`;
    expect(await problemOf(readTable(Buffer.from(wide)))).toBe('tooManyColumns');
  });

  it('reads lines ended by CRLF, LF and CR mixed in one file as one row each', () => {
    const text = 'Systemnavn;Formål\r\nA;Løn\nB;"Omsorg\r\nog pleje"\rC;Skole\r\n';
    expect(readCsv(Buffer.from(text))).toEqual({
      header: ['Systemnavn', 'Formål'],
      rows: [
        ['A', 'Løn'],
        ['B', 'Omsorg\r\nog pleje'],
        ['C', 'Skole'],
      ],
    });
  });

  it('names a row by its number in the spreadsheet when blank rows come before it', () => {
    // A cell over two lines is one row; a blank line, a row of separators and one of spaces are rows too.
    const text = '\r\nSystemnavn;Formål\r\nA;"x\r\ny"\r\n;\r\n\r\n ; \nB;\rC;"1\n2\n3"\r\nD;z';
    const table = readCsv(Buffer.from(text));
    expect(table.lines).toEqual([3, 7, 8, 9]);
    const result = planImport(table, guessMapping(table.header), { systems: [], owners: new Map() });
    expect(result.rows.map((row) => [row.line, row.name])).toEqual([
      [3, 'A'],
      [7, 'B'],
      [8, 'C'],
      [9, 'D'],
    ]);
  });

  it('reads 5 MB of blank rows in seconds, not minutes (a careless or hostile file costs little)', () => {
    const started = Date.now();
    expect(() => readCsv(Buffer.from(`Systemnavn;Formål\r\n${';\r\n'.repeat(1_700_000)}`))).toThrow(
      new FileProblemError('noRows'),
    );
    expect(Date.now() - started).toBeLessThan(15_000);
  }, 60_000);

  it('reads a UTF-8 BOM before Windows-1252 text without taking it into the first heading', () => {
    const bytes = Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), windows1252('Systemnavn;Formål\r\nLøn;Økonomi\r\n')]);
    expect(readCsv(bytes)).toEqual({ header: ['Systemnavn', 'Formål'], rows: [['Løn', 'Økonomi']] });
  });

  it('reads XLSX cells as text: a formula is never evaluated, text that looks like one stays text', async () => {
    const bytes = (await writeXlsxFile([
      [{ value: 'Systemnavn' }, { value: 'Formål' }],
      [{ value: '=HYPERLINK("http://evil","x")' }, { value: 'SUM(A1)', type: 'Formula' }],
    ]).toBuffer()) as Buffer;
    const table = await readTable(bytes);
    expect(table.header).toEqual(['Systemnavn', 'Formål']);
    // No cached value for the formula: read as empty, not computed.
    expect(table.rows).toEqual([['=HYPERLINK("http://evil","x")', '']]);
  });

  it('refuses an XLSX zip bomb from its declared sizes, before inflating it', async () => {
    const zip = new AdmZip();
    zip.addFile('[Content_Types].xml', Buffer.from('<Types/>'));
    zip.addFile('xl/worksheets/sheet1.xml', Buffer.alloc(30 * 1024 * 1024, 0x20));
    expect(await problemOf(checkZip(zip.toBuffer()))).toBe('zipBomb');
  });

  it('refuses a zip whose headers understate what an entry inflates to', async () => {
    const zip = new AdmZip();
    // Hex text compresses about 2:1, far from a bomb's ratio: only the understated size can fail it.
    zip.addFile('xl/worksheets/sheet1.xml', Buffer.from(randomBytes(1024 * 1024).toString('hex')));
    const bytes = zip.toBuffer();
    await expect(checkZip(Buffer.from(bytes))).resolves.toBeUndefined();
    // Say 1,000 bytes in the local header (offset 22) and the central directory (offset 24).
    for (let i = 0; i < bytes.length - 4; i++) {
      const signature = bytes.readUInt32LE(i);
      if (signature === 0x04034b50) bytes.writeUInt32LE(1000, i + 22);
      if (signature === 0x02014b50) bytes.writeUInt32LE(1000, i + 24);
    }
    expect(await problemOf(checkZip(bytes))).toBe('zipBomb');
  });
});

describe('guessing the columns', () => {
  it('knows Danish, English and KITOS headings, whatever their case and punctuation', () => {
    expect(guessMapping(['systemnavn', 'FORMÅL', 'Rettighedshaver', 'Systemansvarlig', 'UUID'])).toEqual({
      name: 0,
      purpose: 1,
      supplier: 2,
      owner: 3,
      kitosUuid: 4,
    });
    expect(
      guessMapping(['System name', 'Purpose', 'Supplier', 'System owner', 'Category', 'Contingency plan']),
    ).toEqual({
      name: 0,
      purpose: 1,
      supplier: 2,
      owner: 3,
      category: 4,
      plan: 5,
    } satisfies ColumnMapping);
  });
});

describe('the dry run', () => {
  const lise = new Map<string, FoundOwner>([
    ['lise.holm@kommune.dk', { ownerId: '2'.repeat(8) + '-2222-4222-8222-222222222222', ownerName: 'Lise Holm' }],
  ]);

  it('says row by row what is created, changed, unchanged or refused, with the reason', () => {
    const existing = [system({ criticality: undefined })];
    const result = plan(
      [
        [
          'KMD Nexus',
          'Omsorgsjournal',
          'KMD A/S',
          'Lise Holm',
          '',
          'Ja',
          'Følsomme oplysninger (fx helbred), CPR-numre',
        ],
        ['kmd  NEXUS', 'Omsorgsjournal', 'KMD A/S', '', '', 'ja', 'CPR-numre'],
        ['SBSYS', 'Sagsbehandling', 'Fujitsu', 'lise.holm@kommune.dk', 'Kritiske systemer', 'Nej', ''],
        ['Lønsystem', '', 'Silkeborg Data', '', 'Meget vigtig', 'Nej', ''],
        ['Aula', 'Kommunikation', 'Netcompany', 'Ukendt Person', 'Ikke-kritiske systemer', 'Ja', ''],
      ],
      existing,
      lise,
    );
    expect(result.rows.map((row) => [row.line, row.outcome])).toEqual([
      [2, 'unchanged'],
      [3, 'refused'],
      [4, 'create'],
      [5, 'refused'],
      [6, 'refused'],
    ]);
    expect(result.rows[1]?.problems).toEqual({ name: 'duplicateKey' });
    expect(result.rows[2]?.patch).toMatchObject({ name: 'SBSYS', category: 'critical', ownerName: 'Lise Holm' });
    expect(result.rows[3]?.problems).toEqual({ purpose: 'required', category: 'category' });
    expect(result.rows[4]?.problems).toEqual({ personalDataKinds: 'kindsRequired' });
    expect(result.counts).toEqual({ create: 1, change: 0, unchanged: 1, refused: 3 });
  });

  it('creates a system whose owner Teams does not know with no owner, and says so', () => {
    const result = plan([['Aula', 'Kommunikation', 'Netcompany', 'Ukendt Person', '', 'Nej', '']]);
    expect(result.rows[0]).toMatchObject({ outcome: 'create', notes: ['ownerNotFound'] });
    expect(result.rows[0]?.patch).toMatchObject({ ownerId: '', ownerName: '' });
  });

  it('matches by KITOS UUID before the name: a renamed system is changed, not created again', () => {
    const uuid = '0f0e0d0c-0b0a-4909-8807-060504030201';
    const head = ['UUID', ...header];
    const existing = [system({ kitosUuid: uuid })];
    const result = plan(
      [
        [
          uuid,
          'Nexus Omsorg',
          'Omsorgsjournal',
          'KMD A/S',
          'Lise Holm',
          '',
          'Ja',
          'Følsomme oplysninger (fx helbred), CPR-numre',
        ],
      ],
      existing,
      new Map(),
      head,
    );
    expect(result.rows[0]).toMatchObject({
      outcome: 'change',
      systemId: 'aaaaaaaaaaaa',
      patch: { name: 'Nexus Omsorg' },
    });
    expect(result.rows[0]?.key).toBe(`uuid:${uuid}`);
  });

  it('refuses a name held by another system of another KITOS UUID', () => {
    const existing = [system({ kitosUuid: '0f0e0d0c-0b0a-4909-8807-060504030201' })];
    const result = plan(
      [['11111111-2222-4333-8444-555555555555', 'KMD Nexus', 'x', 'y', '', '', 'Nej', '']],
      existing,
      new Map(),
      ['UUID', ...header],
    );
    expect(result.rows[0]).toMatchObject({ outcome: 'refused', problems: { name: 'nameTaken' } });
  });
});

describe('the import card', () => {
  it('stays within the card budget with 60 long headings and 2,000 refused rows, and says how many it left out', () => {
    const head = Array.from({ length: 60 }, (_, i) => `Kolonne ${i} ${'x'.repeat(200)}`);
    const result = plan(
      Array.from({ length: 2000 }, (_, i) => [`System ${i} ${'æ'.repeat(110)}`, '', '', '', 'Forkert', 'Måske', '']),
      [],
      new Map(),
      [...header, ...head.slice(header.length)],
    );
    const card = importCard('da', {
      id: 'a'.repeat(24),
      header: head,
      mapping: {},
      plan: result,
      downloadUrl: 'https://x/y',
    });
    expect(cardBytes(card)).toBeLessThanOrEqual(CARD_BUDGET_BYTES);
    expect(validateCard(card)).toBe(true);
    expect(JSON.stringify(card)).toMatch(/… og [\d.]+ rækker mere i den fulde prøvekørsel/);
    expect(JSON.stringify(card)).toContain('Række 2: System 0');
  });
});

describe('the export reads back unchanged (round trip)', () => {
  const systems = [
    system({
      criticality: { proposed: 'critical', reasons: [], category: 'critical', answeredBy: 'x', answeredAt: 'y' },
    }),
    system({
      id: 'bbbbbbbbbbbb',
      name: '=cmd|"/C calc"!A0',
      purpose: '-2+3; "quoted", and\na line break',
      supplier: '@supplier',
      personalData: false,
      personalDataKinds: [],
      contingencyPlanUrl: 'https://intra.kommune.dk/plan',
      kitosUuid: '0f0e0d0c-0b0a-4909-8807-060504030201',
    }),
  ];

  it.each(['da', 'en'] as const)(
    'CSV in %s: formulas guarded on the way out, every row unchanged on the way in',
    async (locale) => {
      const csv = tableCsv(registerTable(systems, locale));
      expect(csv).not.toMatch(/(^|[;\n])=cmd/);
      expect(csv).toContain("'=cmd");
      const table = await readTable(Buffer.from(csv, 'utf8'));
      const result = planImport(table, guessMapping(table.header), { systems, owners: new Map() });
      expect(result.rows.map((row) => row.outcome)).toEqual(['unchanged', 'unchanged']);
    },
  );

  it('XLSX: every row unchanged on the way in', async () => {
    const bytes = await tableXlsx(registerTable(systems, 'da'), 'Systemer');
    const table = await readTable(bytes);
    const result = planImport(table, guessMapping(table.header), { systems, owners: new Map() });
    expect(result.rows.map((row) => row.outcome)).toEqual(['unchanged', 'unchanged']);
  });
});
