import { parse } from 'csv-parse/sync';
import { da, en } from '../../src/i18n/catalogs';
import { cardActions, cardIn, cardOf, cardTexts, inputOn } from '../support/cards';
import { entitiesIn, grant } from '../support/fault-records';
import { countsOn, linksOn } from '../support/transfer';
import { emailOf, newUser, TeamsClient, withCoordinatorChannel, type TestUser } from '../support/harness';
import { numberOn, submitReport } from '../support/incidents';

/** adm-zip builds the hostile zips (the package ships no types). */
interface ZipWriter {
  addFile(name: string, data: Buffer): void;
  toBuffer(): Buffer;
  getEntries(): { getData(): Buffer }[];
}
const AdmZip = require('adm-zip') as new (bytes?: Buffer) => ZipWriter;
/** Every entry of a zip (an XLSX) as text. */
const inflatedEntries = (bytes: Buffer): string[] =>
  new AdmZip(bytes).getEntries().map((entry) => entry.getData().toString('utf8'));

/**
 * P4 import and export over HTTP: the coordinator sends a register file in the personal chat, sees
 * the dry run with the columns guessed, applies it, and a re-import of the same file (or of the
 * export) changes nothing.
 */
describe('importing and exporting the system register', () => {
  const suite = withCoordinatorChannel('2026-12-07T09:00:00.000Z');
  const owner = newUser('Lise Holm');

  const lastCard = (user: TestUser) => cardOf(suite.h.connector.sentTo(TeamsClient.personalChat(user)).at(-1));
  const send = async (user: TestUser, name: string, bytes: Buffer, text = 'importér systemer') => {
    expect(await suite.h.teams.sendFile(user, { name, bytes }, { text })).toBe(200);
    return lastCard(user);
  };

  // Danish Excel's "CSV (semikolonsepareret)": Windows-1252 and semicolons; KITOS-style headings.
  const windows1252 = (text: string): Buffer =>
    Buffer.from([...text].map((char) => ({ æ: 0xe6, ø: 0xf8, å: 0xe5, Ø: 0xd8 })[char] ?? char.charCodeAt(0)));
  const kitosFile = () =>
    windows1252(
      [
        'IT-system;Beskrivelse;Rettighedshaver;Systemansvarlig;Kritikalitet;Personoplysninger;Typer af personoplysninger',
        `Omsorgssystem;Omsorgsjournal;KMD A/S;${emailOf(owner)};Kritiske systemer;Ja;CPR-numre`,
        'Lønsystem;Løn og personale;Økonomi A/S;Ukendt Person;Ikke-kritiske systemer;Nej;',
        'Skolesystem;Undervisning;Netcompany;;Meget vigtigt;Nej;',
      ].join('\r\n'),
    );

  it('asks for the file, shows the dry run row by row, applies it, and a re-import changes nothing', async () => {
    const { h, coordinator } = suite;
    expect(await h.teams.say(coordinator, 'importér systemer')).toBe(200);
    expect(cardTexts(lastCard(coordinator))).toContain(da.registerTransfer.import.prompt);

    // The file alone, right after the command: taken as the register file.
    expect(await h.teams.sendFile(coordinator, { name: 'kitos.csv', bytes: kitosFile() })).toBe(200);
    const dryRun = lastCard(coordinator);
    const texts = cardTexts(dryRun).join('\n');
    expect(texts).toContain('Prøvekørsel: 3 rækker');
    expect(texts).toMatch(/Oprettes[\s\S]*Ændres[\s\S]*Uændrede[\s\S]*Afvises/);
    expect(countsOn(dryRun)).toEqual(['2', '0', '0', '1']);
    expect(texts).toContain('Række 4: Skolesystem – Kategori skal være en af de fire kategorier');
    expect(texts).toContain('Række 3: Lønsystem – systemejeren blev ikke fundet i Teams');
    // The columns as guessed, changeable on the card; the card carries the upload's id, not its rows.
    expect(inputOn(dryRun, 'col_name')?.value).toBe('0');
    expect(inputOn(dryRun, 'col_owner')?.value).toBe('3');
    expect(JSON.stringify(dryRun)).not.toContain('Omsorgsjournal');
    expect(linksOn(dryRun)).toHaveLength(1);

    // The full dry run as CSV through a one-time link.
    const full = await fetch(linksOn(dryRun)[0] as string);
    expect(full.status).toBe(200);
    const rows = parse((await full.text()).replace(/^\uFEFF/, ''), { delimiter: ';' }) as string[][];
    expect(rows.map((row) => row.slice(0, 3))).toEqual([
      ['Række', 'Systemnavn', 'Resultat'],
      ['2', 'Omsorgssystem', 'oprettes'],
      ['3', 'Lønsystem', 'oprettes'],
      ['4', 'Skolesystem', 'afvist'],
    ]);
    expect((await fetch(linksOn(dryRun)[0] as string)).status).toBe(404);

    const apply = cardActions(dryRun).find((action) => action.verb === 'system.import.apply');
    const applied = cardIn(await h.teams.press(coordinator, apply));
    expect(cardTexts(applied)).toContain(
      'Importeret: 2 oprettet, 0 ændret, 0 uændrede, 1 afvist. Importen er registreret i revisionsloggen.',
    );
    expect(cardActions(applied).map((action) => action.verb)).toEqual([]);

    // The register now holds them, with the owner Teams knows and the category from the file.
    expect(await h.teams.say(coordinator, 'systemer')).toBe(200);
    const register = cardTexts(lastCard(coordinator)).join('\n');
    expect(register).toContain('Omsorgssystem');
    expect(register).toContain('Lønsystem');
    expect(register).not.toContain('Skolesystem');
    // Lønsystem's owner was unknown to Teams: its card says it has none and asks for one.
    const details: string[] = [];
    for (const view of cardActions(lastCard(coordinator)).filter((action) => action.verb === 'system.view'))
      details.push(cardTexts(cardIn(await h.teams.press(coordinator, view))).join('\n'));
    expect(details.find((text) => text.includes('Lønsystem'))).toContain(da.systems.detail.noOwner);
    expect(details.find((text) => text.includes('Omsorgssystem'))).not.toContain(da.systems.detail.noOwner);

    // The same file again, with the command as its text: nothing to create or change, no "Importér".
    const again = await send(coordinator, 'kitos.csv', kitosFile());
    expect(countsOn(again)).toEqual(['0', '0', '2', '1']);
    expect(cardTexts(again)).toContain(da.registerTransfer.import.nothingToDo);
    expect(cardActions(again).map((action) => action.verb)).toEqual(['system.import.remap']);
  });

  it('exports the register as CSV and XLSX through one-time links, and the export imports back unchanged', async () => {
    const { h, coordinator } = suite;
    expect(await h.teams.say(coordinator, 'eksportér systemer')).toBe(200);
    const [csvLink, xlsxLink] = linksOn(lastCard(coordinator));
    const csv = await fetch(csvLink as string);
    expect(csv.headers.get('content-disposition')).toContain('systemregister.csv');
    const csvBytes = Buffer.from(await csv.arrayBuffer());
    const xlsx = await fetch(xlsxLink as string);
    expect(xlsx.headers.get('content-type')).toContain('spreadsheetml');
    const xlsxBytes = Buffer.from(await xlsx.arrayBuffer());
    for (const [name, bytes] of [
      ['systemregister.csv', csvBytes],
      ['systemregister.xlsx', xlsxBytes],
    ] as const) {
      const card = await send(coordinator, name, bytes);
      expect(countsOn(card)).toEqual(['0', '0', '2', '0']);
    }
  });

  it('changes a column on the card and plans again with it', async () => {
    const { h, coordinator } = suite;
    const card = await send(coordinator, 'kitos.csv', kitosFile());
    // Purpose from the supplier column instead: both imported systems would change.
    const remapped = cardIn(
      await h.teams.press(
        coordinator,
        cardActions(card).find((action) => action.verb === 'system.import.remap'),
        {
          ...Object.fromEntries(
            ['name', 'supplier', 'owner', 'category', 'personalData', 'personalDataKinds'].map((field) => [
              `col_${field}`,
              inputOn(card, `col_${field}`)?.value,
            ]),
          ),
          col_purpose: '2',
        },
      ),
    );
    expect(countsOn(remapped)).toEqual(['0', '2', '0', '1']);
    expect(inputOn(remapped, 'col_purpose')?.value).toBe('2');
  });

  it('looks up the people of an owner column chosen on the card', async () => {
    const { h, coordinator } = suite;
    const file = windows1252(
      [
        'IT-system;Beskrivelse;Rettighedshaver;Systemansvarlig;Kontakt;Kritikalitet;Personoplysninger',
        `Bookingsystem;Lokalebooking;Booking A/S;Afdeling for Drift;${emailOf(owner)};Ikke-kritiske systemer;Nej`,
      ].join('\r\n'),
    );
    const card = await send(coordinator, 'booking.csv', file);
    expect(cardTexts(card).join('\n')).toContain('Bookingsystem – systemejeren blev ikke fundet i Teams');
    const inputs = Object.fromEntries(
      ['name', 'purpose', 'supplier', 'category', 'personalData', 'personalDataKinds'].map((field) => [
        `col_${field}`,
        inputOn(card, `col_${field}`)?.value,
      ]),
    );
    const remapped = cardIn(
      await h.teams.press(
        coordinator,
        cardActions(card).find((action) => action.verb === 'system.import.remap'),
        {
          ...inputs,
          col_owner: '4', // "Kontakt": the e-mail addresses
        },
      ),
    );
    expect(inputOn(remapped, 'col_owner')?.value).toBe('4');
    expect(cardTexts(remapped).join('\n')).not.toContain('systemejeren blev ikke fundet');
    expect(countsOn(remapped)).toEqual(['1', '0', '0', '0']);
  });

  it('answers a file that is no table, and leaves a file sent without the command to others', async () => {
    const { h, coordinator } = suite;
    // Asked for, then sent with the command as its text: that one file answers the ask.
    expect(await h.teams.say(coordinator, 'importér systemer')).toBe(200);
    const pdf = await send(coordinator, 'systemer.pdf', Buffer.from('%PDF-1.7\n%âãÏÓ\n1 0 obj\n'));
    expect(cardTexts(pdf).join(' ')).toContain('Filen systemer.pdf kan ikke importeres: den er hverken en CSV-fil');
    expect(await h.teams.sendFile(coordinator, { name: 'kitos.csv', bytes: kitosFile() })).toBe(200);
    // The next file without the command is not taken as a register file any more.
    expect(cardTexts(lastCard(coordinator)).join(' ')).toContain(da.welcome.fileNotKept);
  });

  it("answers a careless coordinator's files plainly, file by file, and keeps nothing of them", async () => {
    const { h, coordinator } = suite;
    const stored = async () => ({
      imports: (await entitiesIn(h.bot.tables.client('Imports'))).length,
      systems: (await entitiesIn(h.bot.tables.client('Systems'))).length,
    });
    const before = await stored();
    const heading = 'Systemnavn;Formål;Leverandør;Personoplysninger';
    const docx = new AdmZip();
    docx.addFile('[Content_Types].xml', Buffer.from('<Types/>'));
    docx.addFile('word/document.xml', Buffer.from('<w:document/>'));
    const bomb = new AdmZip();
    bomb.addFile('[Content_Types].xml', Buffer.from('<Types/>'));
    bomb.addFile('xl/workbook.xml', Buffer.from('<workbook/>'));
    bomb.addFile('xl/worksheets/sheet1.xml', Buffer.alloc(30 * 1024 * 1024, 0x20));
    const problems = da.registerTransfer.import.fileProblems;
    const files: [string, Buffer, string][] = [
      ['tom.csv', Buffer.alloc(0), problems.empty],
      ['overskrifter.csv', Buffer.from(`\uFEFF${heading}\r\n;;;\r\n`), problems.noRows],
      [
        'for-mange.csv',
        Buffer.from([heading, ...Array.from({ length: 2001 }, (_, i) => `System ${i};x;y;Nej`)].join('\n')),
        problems.tooManyRows,
      ],
      ['stor.csv', Buffer.alloc(5 * 1024 * 1024 + 1, 0x41), problems.tooLarge],
      ['systemer.xlsx', docx.toBuffer(), problems.notATable],
      ['bombe.xlsx', bomb.toBuffer(), problems.zipBomb],
    ];
    for (const [name, bytes, problem] of files) {
      const answer = cardTexts(await send(coordinator, name, bytes)).join(' ');
      expect(answer).toContain(`Filen ${name} kan ikke importeres: ${problem}`);
    }
    expect(await stored()).toEqual(before);

    const english = newUser('Tom Hall', 'en-US');
    await grant(h, english.aadObjectId, 'coordinator');
    const answer = cardTexts(await send(english, 'headings.csv', Buffer.from(`${heading}\n`), 'import systems'));
    expect(answer.join(' ')).toContain(
      `The file headings.csv cannot be imported: ${en.registerTransfer.import.fileProblems.noRows}`,
    );
  });

  it('shows markup from the file and its name only as plain text on the card, and keeps formulas as text', async () => {
    const { h, coordinator } = suite;
    const link = '[klik](https://evil.example)';
    const file = Buffer.from(
      [
        'Systemnavn;Formål;Leverandør;Personoplysninger',
        `${link};=HYPERLINK("https://evil.example","x");KMD;Nej`,
        `=HYPERLINK("https://evil.example/2","y");${link};;Nej`,
      ].join('\r\n'),
    );
    const card = await send(coordinator, `${link}.csv`, file);
    expect(countsOn(card)).toEqual(['1', '0', '0', '1']);
    // The refused row (no supplier) and the file name in the error: in text runs, which render no markdown.
    expect(cardTexts(card).join('\n')).toContain(
      'Række 3: =HYPERLINK("https://evil.example/2","y") – Leverandør mangler',
    );
    const places = whereTextAppears(card, 'evil.example');
    expect(places.length).toBeGreaterThan(0);
    for (const place of places) expect(place).toBe('TextRun.text');
    // The full dry run as CSV: the formula a spreadsheet would run gets its ' in front.
    const dryRunCsv = await (await fetch(linksOn(card)[0] as string)).text();
    expect(dryRunCsv).toContain(`"'=HYPERLINK(""https://evil.example/2"",""y"")"`);
    expect(dryRunCsv).not.toMatch(/(^|[;\n])"?=HYPERLINK/);

    // Imported, the formula text is the purpose as written; the export guards it again (CSV) or keeps it a text cell (XLSX).
    await h.teams.press(
      coordinator,
      cardActions(card).find((action) => action.verb === 'system.import.apply'),
    );
    expect(await h.teams.say(coordinator, 'eksportér systemer')).toBe(200);
    const [csvLink, xlsxLink] = linksOn(lastCard(coordinator));
    const exported = await (await fetch(csvLink as string)).text();
    expect(exported).toContain(`"'=HYPERLINK(""https://evil.example"",""x"")"`);
    expect(exported).not.toMatch(/(^|[;\n])"?=HYPERLINK/);
    const xlsx = Buffer.from(await (await fetch(xlsxLink as string)).arrayBuffer());
    const sheet = inflatedEntries(xlsx).join('');
    // A shared string (a text cell), never a formula element.
    expect(sheet).toContain('<t>=HYPERLINK("https://evil.example","x")</t>');
    expect(sheet).not.toMatch(/<f[ >]/);

    const bad = await send(coordinator, `${link}.csv`, Buffer.alloc(0));
    expect(whereTextAppears(bad, 'evil.example')).toEqual(['TextRun.text']);
    expect(JSON.stringify([card, bad])).not.toMatch(/"url":"https:\/\/evil/);
  });

  it('takes the register file of a coordinator who has open reports of her own (not offered as evidence)', async () => {
    const { h } = suite;
    const reporting = newUser('Karin Dahl');
    await grant(h, reporting.aadObjectId, 'coordinator');
    numberOn(await submitReport(h.teams, reporting)); // her own open incident, which evidence could offer
    expect(await h.teams.say(reporting, 'importér systemer')).toBe(200);
    expect(await h.teams.sendFile(reporting, { name: 'kitos.csv', bytes: kitosFile() })).toBe(200);
    const texts = cardTexts(lastCard(reporting));
    expect(texts.join('\n')).toContain('Prøvekørsel: 3 rækker');
    expect(texts).not.toContain(da.evidence.chooseText);
  });

  it('speaks English to an English coordinator', async () => {
    const { h } = suite;
    const english = newUser('Anna Smith', 'en-US');
    await grant(h, english.aadObjectId, 'coordinator');
    expect(await h.teams.say(english, 'import systems')).toBe(200);
    expect(cardTexts(lastCard(english))).toContain(en.registerTransfer.import.prompt);
  });
});

/** Where (element type and property) a card shows a piece of text. */
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
