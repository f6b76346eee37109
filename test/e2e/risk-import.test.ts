import { parse } from 'csv-parse/sync';
import { da, en } from '../../src/i18n/catalogs';
import { cardActions, cardIn, cardOf, cardTexts, dataOf } from '../support/cards';
import { entitiesIn, grant } from '../support/fault-records';
import { failCallAfter, holdNextCall, refuseTransactionsContaining } from '../support/fault-storage';
import { countsOn, linksOn } from '../support/transfer';
import { emailOf, newUser, TeamsClient, withCoordinatorChannel, type TestUser } from '../support/harness';

/**
 * #19 import and export of the risk register over HTTP: the coordinator sends a file of risks in the
 * personal chat, sees the dry run row by row in Danish, applies it; a re-import of the same file (or
 * of the export) changes nothing; a changed row updates the risk with history entries saying so; a
 * storage fault in the middle is finished by pressing Importér again.
 */
describe('importing and exporting the risk register', () => {
  const suite = withCoordinatorChannel('2026-12-07T09:00:00.000Z');
  const owner = newUser('Lise Holm');
  const heading =
    'Titel;Scenarie;Vedrører;Risikoejer;Sandsynlighed;Konsekvens for fortrolighed;Konsekvens for integritet;' +
    'Konsekvens for tilgængelighed;Konsekvens for de registrerede;Håndtering;Sandsynlighed efter håndtering;' +
    'Konsekvens efter håndtering;Næste gennemgang';

  const lastCard = (user: TestUser) => cardOf(suite.h.connector.sentTo(TeamsClient.personalChat(user)).at(-1));
  const send = async (user: TestUser, name: string, bytes: Buffer, text = 'importér risici') => {
    expect(await suite.h.teams.sendFile(user, { name, bytes }, { text })).toBe(200);
    return lastCard(user);
  };
  const apply = async (user: TestUser, card: unknown) =>
    cardIn(
      await suite.h.teams.press(
        user,
        cardActions(card).find((action) => action.verb === 'risk.import.apply'),
      ),
    );
  /** Every risk of the register as the register's stored records hold them (title → record). */
  const storedRisks = async () => {
    const rows = await entitiesIn(suite.h.bot.tables.client('Risks'));
    return rows.filter((row) => row.rowKey === 'record').map((row) => JSON.parse(String(row.json)));
  };
  const file = () =>
    Buffer.from(
      [
        heading,
        `Udfald af Nexus;Datacentret går ned;KMD Nexus;${emailOf(owner)};3;2;1;4;3;Reducér;2;2;15.02.2027`,
        'Phishing;Medarbejdere klikker på links;Medarbejdere;Lise Holm;;;;;;;;;',
        `Fejl i lønnen;Forkert løn;"Opus Økonomi; KMD Nexus";${emailOf(owner)};2;1;1;1;;Acceptér;3;1;01.03.2027`,
        `Ukendt;Noget;Ukendt System;${emailOf(owner)};;;;;;;;;`,
        'Uden ejer;Noget;KMD Nexus;Ukendt Person;;;;;;;;;',
        `Forkert dato;Noget;KMD Nexus;${emailOf(owner)};2;2;2;2;;Reducér;1;1;31.13.2027`,
      ].join('\r\n'),
    );

  beforeAll(async () => {
    for (const name of ['KMD Nexus', 'Opus Økonomi'])
      cardIn(
        await suite.h.teams.act(suite.coordinator, 'system.save', {
          name,
          purpose: 'Fagsystem',
          supplier: 'Leverandør A/S',
          owner: owner.aadObjectId,
          personalData: 'no',
          personalDataKinds: '',
        }),
      );
  });

  it('shows the dry run row by row in Danish, imports it, and a re-import of the same file changes nothing', async () => {
    const { h, coordinator } = suite;
    expect(await h.teams.say(coordinator, 'importér risici')).toBe(200);
    const prompt = cardTexts(lastCard(coordinator));
    expect(prompt).toEqual(expect.arrayContaining([da.riskTransfer.import.prompt, da.riskTransfer.import.notImported]));

    // The file alone, right after the command: taken as a risk file.
    expect(await h.teams.sendFile(coordinator, { name: 'risici.csv', bytes: file() })).toBe(200);
    const dryRun = lastCard(coordinator);
    const texts = cardTexts(dryRun).join('\n');
    expect(texts).toContain('Import af risici');
    expect(texts).toContain('Prøvekørsel: 6 rækker');
    expect(countsOn(dryRun)).toEqual(['2', '0', '0', '4']);
    expect(texts).toContain(
      'Række 4: Fejl i lønnen – Sandsynlighed efter håndtering kan ikke være højere end den iboende risiko',
    );
    expect(texts).toContain(
      'Række 5: Ukendt – Vedrører: Ukendt System står ikke i systemregistret (skriv systemnavnene adskilt med ; eller et område)',
    );
    expect(texts).toContain(
      'Række 6: Uden ejer – Risikoejer Ukendt Person blev ikke fundet i Teams – skriv arbejdsmailen eller hele navnet',
    );
    expect(texts).toContain('Række 7: Forkert dato – Næste gennemgang skal være en dato (dd.mm.åååå)');
    expect(texts).toContain(da.riskTransfer.import.notImported);
    expect(JSON.stringify(dryRun)).not.toContain('Datacentret går ned');
    expect(await storedRisks()).toEqual([]);

    // The full dry run as CSV through a one-time link.
    const full = await fetch(linksOn(dryRun)[0] as string);
    const rows = parse((await full.text()).replace(/^\uFEFF/, ''), { delimiter: ';' }) as string[][];
    expect(rows.map((row) => row.slice(0, 3))).toEqual([
      ['Række', 'Titel', 'Resultat'],
      ['2', 'Udfald af Nexus', 'oprettes'],
      ['3', 'Phishing', 'oprettes'],
      ['4', 'Fejl i lønnen', 'afvist'],
      ['5', 'Ukendt', 'afvist'],
      ['6', 'Uden ejer', 'afvist'],
      ['7', 'Forkert dato', 'afvist'],
    ]);

    const applied = await apply(coordinator, dryRun);
    expect(cardTexts(applied)).toContain(
      'Importeret: 2 oprettet, 0 ændret, 0 uændrede, 4 afvist. Importen er registreret i revisionsloggen.',
    );
    expect(cardActions(applied).map((action) => action.verb)).toEqual([]);

    const risks = await storedRisks();
    expect(risks.map((risk) => risk.title).sort()).toEqual(['Phishing', 'Udfald af Nexus']);
    const nexus = risks.find((risk) => risk.title === 'Udfald af Nexus');
    expect(nexus).toMatchObject({
      systemNames: ['KMD Nexus'],
      ownerId: owner.aadObjectId,
      assessment: {
        likelihood: 3,
        consequence: { confidentiality: 2, integrity: 1, availability: 4, dataSubjects: 3 },
        treatment: 'reduce',
        residualLikelihood: 2,
        residualConsequence: 2,
        nextReview: '2027-02-15',
        assessedByName: 'Mette Kjær',
      },
    });
    expect(risks.find((risk) => risk.title === 'Phishing')).toMatchObject({ area: 'people', systemIds: [] });
    expect(risks.find((risk) => risk.title === 'Phishing').assessment).toBeUndefined();
    // The risk's history says it was imported, by whom, when.
    const detail = cardTexts(cardIn(await h.teams.act(coordinator, 'risk.view', { id: nexus.id }))).join('\n');
    expect(detail).toContain('07.12.2026 · Mette Kjær · oprettet ved import fra fil');

    // The same file again: nothing to create or change, no "Importér".
    const again = await send(coordinator, 'risici.csv', file());
    expect(countsOn(again)).toEqual(['0', '0', '2', '4']);
    expect(cardTexts(again)).toContain(da.riskTransfer.import.nothingToDo);
    expect(cardActions(again).map((action) => action.verb)).toEqual(['risk.import.remap']);
  });

  it('exports the register as CSV and XLSX that import back unchanged, and a changed row updates the risk', async () => {
    const { h, coordinator } = suite;
    expect(await h.teams.say(coordinator, 'eksportér risici')).toBe(200);
    const exportCard = lastCard(coordinator);
    expect(cardTexts(exportCard).join('\n')).toContain('2 risici klar');
    const [csvLink, xlsxLink] = linksOn(exportCard);
    const csv = await fetch(csvLink as string);
    expect(csv.headers.get('content-disposition')).toContain('risikoregister.csv');
    const csvBytes = Buffer.from(await csv.arrayBuffer());
    // UTF-8 with a BOM and semicolons: Danish Excel opens it directly.
    expect([...csvBytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const csvText = csvBytes.toString('utf8');
    expect(csvText.startsWith('\uFEFFRisiko-ID;Titel;Scenarie;Vedrører;Risikoejer;Sandsynlighed;')).toBe(true);
    expect(csvText).toContain(';Kritisk (3×4);Mellem (2×2)');
    expect(csvText).toContain('15.02.2027');
    const xlsx = await fetch(xlsxLink as string);
    expect(xlsx.headers.get('content-type')).toContain('spreadsheetml');
    const xlsxBytes = Buffer.from(await xlsx.arrayBuffer());
    for (const [name, bytes] of [
      ['risikoregister.csv', Buffer.from(csvText, 'utf8')],
      ['risikoregister.xlsx', xlsxBytes],
    ] as const)
      expect(countsOn(await send(coordinator, name, bytes))).toEqual(['0', '0', '2', '0']);

    // The export with one row changed: the scenario and the likelihood. The Risiko-ID finds it.
    const changed = csvText
      .replace('Datacentret går ned', 'Datacentret går ned i flere dage')
      .replace(/(Lise Holm;)3;/, '$14;');
    const card = await send(coordinator, 'rettet.csv', Buffer.from(changed, 'utf8'));
    expect(countsOn(card)).toEqual(['0', '1', '1', '0']);
    expect(cardTexts(await apply(coordinator, card)).join('\n')).toContain('Importeret: 0 oprettet, 1 ændret');
    const nexus = (await storedRisks()).find((risk) => risk.title === 'Udfald af Nexus');
    expect(nexus.scenario).toBe('Datacentret går ned i flere dage');
    expect(nexus.assessment.likelihood).toBe(4);
    const detail = cardTexts(cardIn(await h.teams.act(coordinator, 'risk.view', { id: nexus.id }))).join('\n');
    // The scenario and the assessment in one version: one history line, never half of the row.
    expect(detail).toContain('Mette Kjær · vurderet ved import fra fil');
    expect(detail).not.toContain('redigeret ved import fra fil');
    // And once more: unchanged.
    expect(countsOn(await send(coordinator, 'rettet.csv', Buffer.from(changed, 'utf8')))).toEqual(['0', '0', '2', '0']);
  });

  it('finishes the same import when Importér is pressed again after a storage fault, each risk once', async () => {
    const { h, coordinator } = suite;
    const many = Buffer.from(
      [
        heading,
        ...Array.from(
          { length: 10 },
          (_, i) => `Risiko ${i + 1};Scenarie ${i + 1};Netværket;${emailOf(owner)};2;2;2;2;;Reducér;1;1;2027-03-01`,
        ),
      ].join('\n'),
    );
    const card = await send(coordinator, 'mange.csv', many);
    expect(countsOn(card)).toEqual(['10', '0', '0', '0']);
    const before = (await storedRisks()).length;
    failCallAfter(h.bot.tables.client('Risks'), 'submitTransaction', 4);
    const failed = await h.teams.press(
      coordinator,
      cardActions(card).find((action) => action.verb === 'risk.import.apply'),
    );
    expect(failed.body?.value).toBe(da.common.errorStorage);
    const half = (await storedRisks()).length - before;
    expect(half).toBeGreaterThan(0);
    expect(half).toBeLessThan(10);

    const applied = await apply(coordinator, card);
    expect(cardTexts(applied)).toContain(
      'Importeret: 10 oprettet, 0 ændret, 0 uændrede, 0 afvist. Importen er registreret i revisionsloggen.',
    );
    const titles = (await storedRisks()).map((risk) => risk.title).filter((title) => title.startsWith('Risiko '));
    expect(titles.sort()).toEqual(Array.from({ length: 10 }, (_, i) => `Risiko ${i + 1}`).sort());
    // The register's list holds each once too.
    const list = cardTexts(cardIn(await h.teams.act(coordinator, 'risk.list'))).join('\n');
    expect(list.match(/Risiko 10\b/g)).toHaveLength(1);
    // One audit record of the import, in the `imports` chain.
    const audit = (await entitiesIn(h.bot.tables.client('Audit'))).filter(
      (row) => row.partitionKey === 'imports' && row.action === 'risks.imported',
    );
    expect(audit.map((row) => JSON.parse(String(row.details)).counts)).toContainEqual({
      create: 10,
      change: 0,
      unchanged: 0,
      refused: 0,
    });
  });

  it('refuses a tampered card: a risk upload on the systems verb, another coordinator pressing it, a systems upload on the risk verb', async () => {
    const { h, coordinator } = suite;
    const card = await send(
      coordinator,
      'én.csv',
      Buffer.from(`${heading}\nManipuleret;x;Netværket;${emailOf(owner)};;;;;;;;;\n`),
    );
    const id = String(dataOf(card, 'risk.import.apply').id);
    const other = newUser('Karin Dahl');
    await grant(h, other.aadObjectId, 'coordinator');
    const systemsUpload = await send(
      coordinator,
      's.csv',
      Buffer.from('Systemnavn;Formål;Leverandør;Personoplysninger\nEt system;x;y;Nej\n'),
      'importér systemer',
    );
    const systemsId = String(dataOf(systemsUpload, 'system.import.apply').id);
    const tries: [TestUser, string, string][] = [
      [coordinator, 'system.import.apply', id],
      [other, 'risk.import.apply', id],
      [other, 'risk.import.remap', id],
      [coordinator, 'risk.import.apply', systemsId],
      [coordinator, 'risk.import.apply', '../../etc'],
    ];
    for (const [who, verb, upload] of tries) {
      const answer = cardIn(await h.teams.act(who, verb, { id: upload }));
      expect(cardTexts(answer)).toContain(da.registerTransfer.import.gone);
    }
    const titles = (await storedRisks()).map((risk) => risk.title);
    expect(titles).not.toContain('Manipuleret');
  });

  it('answers odd files plainly and keeps nothing of them; a file after "importér systemer" is not a risk file', async () => {
    const { h, coordinator } = suite;
    const before = (await entitiesIn(h.bot.tables.client('Imports'))).length;
    const problems = da.registerTransfer.import.fileProblems;
    const files: [string, Buffer, string][] = [
      ['tom.csv', Buffer.alloc(0), problems.empty],
      ['overskrifter.csv', Buffer.from(`\uFEFF${heading}\r\n`), problems.noRows],
      [
        'for-mange.csv',
        Buffer.from([heading, ...Array.from({ length: 2001 }, (_, i) => `R ${i};x;Netværket;a`)].join('\n')),
        problems.tooManyRows,
      ],
      ['risici.pdf', Buffer.from('%PDF-1.7\n%âãÏÓ\n1 0 obj\n'), problems.notATable],
    ];
    for (const [name, bytes, problem] of files)
      expect(cardTexts(await send(coordinator, name, bytes)).join(' ')).toContain(
        `Filen ${name} kan ikke importeres: ${problem}`,
      );
    expect((await entitiesIn(h.bot.tables.client('Imports'))).length).toBe(before);

    // "importér systemer" then a file: the systems import takes it, not the risk import.
    expect(await h.teams.say(coordinator, 'importér systemer')).toBe(200);
    expect(await h.teams.sendFile(coordinator, { name: 'risici.csv', bytes: file() })).toBe(200);
    expect(cardTexts(lastCard(coordinator))).toContain('Import af systemer');
    // A file with a caption of its own after "importér systemer" is still the systems import's.
    expect(await h.teams.say(coordinator, 'importér systemer')).toBe(200);
    expect(cardTexts(await send(coordinator, 'kitos.csv', file(), 'Import fra KITOS'))).toContain('Import af systemer');
    // … but a file sent with "importér risici" is a risk file, though a "importér systemer" waits.
    expect(await h.teams.say(coordinator, 'importér systemer')).toBe(200);
    expect(cardTexts(await send(coordinator, 'risici.csv', file()))).toContain('Import af risici');
  });

  it('speaks English to an English coordinator', async () => {
    const { h } = suite;
    const english = newUser('Anna Smith', 'en-US');
    await grant(h, english.aadObjectId, 'coordinator');
    expect(await h.teams.say(english, 'import risks')).toBe(200);
    expect(cardTexts(lastCard(english))).toContain(en.riskTransfer.import.prompt);
    const card = await send(
      english,
      'risks.csv',
      Buffer.from(`Title;Scenario;Concerns;Risk owner\nEnglish risk;x;Nowhere;${emailOf(owner)}\n`),
      'import risks',
    );
    expect(cardTexts(card).join('\n')).toContain(
      'Row 2: English risk – Concerns: Nowhere is not in the system register',
    );
  });

  /** A file of new risks of the network (no assessment but where `review` gives a next review date). */
  const newRisks = (titles: string[], review: Record<string, string> = {}) =>
    Buffer.from(
      [
        heading,
        ...titles.map((title) =>
          review[title]
            ? `${title};Scenarie;Netværket;${emailOf(owner)};2;2;2;2;;Reducér;1;1;${review[title]}`
            : `${title};Scenarie;Netværket;${emailOf(owner)};;;;;;;;;`,
        ),
      ].join('\n'),
    );
  const restore = (table: object) => delete (table as Record<string, unknown>).submitTransaction;

  it("completes an interrupted import's audit records when Importér is pressed again", async () => {
    const { h, coordinator } = suite;
    const titles = ['Afbrudt A', 'Afbrudt B', 'Afbrudt C'];
    const card = await send(coordinator, 'afbrudt.csv', newRisks(titles));
    const audit = h.bot.tables.client('Audit');
    // The risks are stored, their audit records are not: the audit log is unreachable meanwhile.
    refuseTransactionsContaining(audit, 'risk.importCreated');
    const failed = await h.teams.press(
      coordinator,
      cardActions(card).find((action) => action.verb === 'risk.import.apply'),
    );
    restore(audit);
    expect(failed.body?.value).toBe(da.common.errorStorage);
    const stored = (await storedRisks()).filter((risk) => titles.includes(risk.title));
    expect(stored).toHaveLength(3);

    expect(cardTexts(await apply(coordinator, card))).toContain(
      'Importeret: 3 oprettet, 0 ændret, 0 uændrede, 0 afvist. Importen er registreret i revisionsloggen.',
    );
    const recorded = (await entitiesIn(audit)).filter(
      (row) => row.partitionKey === 'risks' && row.action === 'risk.importCreated',
    );
    expect(stored.map((risk) => recorded.filter((row) => row.subject === risk.id).length)).toEqual([1, 1, 1]);
  });

  it('shows the second upload of a file imported meanwhile its new dry run, and creates nothing twice', async () => {
    const { coordinator } = suite;
    const titles = ['To gange A', 'To gange B'];
    const first = await send(coordinator, 'a.csv', newRisks(titles));
    const second = await send(coordinator, 'b.csv', newRisks(titles));
    expect(countsOn(second)).toEqual(['2', '0', '0', '0']);
    expect(cardTexts(await apply(coordinator, first))).toContain(
      'Importeret: 2 oprettet, 0 ændret, 0 uændrede, 0 afvist. Importen er registreret i revisionsloggen.',
    );
    // The second card still says "2 oprettes": pressed now, it shows what the register has become.
    const again = await apply(coordinator, second);
    expect(cardTexts(again)).toContain(da.registerTransfer.import.changedSince);
    expect(countsOn(again)).toEqual(['0', '0', '2', '0']);
    const stored = (await storedRisks()).filter((risk) => titles.includes(risk.title));
    expect(stored.map((risk) => risk.title).sort()).toEqual(titles);
  });

  it('finishes an interrupted import after a row changed meanwhile: the new dry run is shown, the next press applies it', async () => {
    const { h, clock, coordinator } = suite;
    const titles = ['Senere A', 'Senere B', 'Gennemgås i morgen'];
    const card = await send(coordinator, 'senere.csv', newRisks(titles, { 'Gennemgås i morgen': '2026-12-08' }));
    expect(countsOn(card)).toEqual(['3', '0', '0', '0']);
    const risksTable = h.bot.tables.client('Risks');
    refuseTransactionsContaining(risksTable, 'Gennemgås i morgen');
    // One of the other rows is slow to finish (its audit record waits a moment).
    const auditTable = h.bot.tables.client('Audit');
    const slow = holdNextCall(auditTable, 'submitTransaction');
    void slow.reached.then(() => setTimeout(() => slow.release(), 300));
    const failed = await h.teams.press(
      coordinator,
      cardActions(card).find((action) => action.verb === 'risk.import.apply'),
    );
    restore(risksTable);
    expect(failed.body?.value).toBe(da.common.errorStorage);
    // "Try again" comes only once nothing of this try is still being written: both rows are stored and audited.
    const written = (await storedRisks()).filter((risk) => risk.title.startsWith('Senere '));
    const audited = (await entitiesIn(auditTable)).filter((row) => row.partitionKey === 'risks');
    expect(written.map((risk) => audited.some((row) => row.subject === risk.id))).toEqual([true, true]);

    // The next morning the row's review date is no longer after today: the row is refused now.
    clock.advance(16 * 3_600_000);
    const changed = await apply(coordinator, card);
    expect(cardTexts(changed)).toContain(da.registerTransfer.import.changedSince);
    expect(countsOn(changed)).toEqual(['0', '0', '2', '1']);
    const applied = await apply(coordinator, changed);
    expect(cardTexts(applied)).toContain(
      'Importeret: 2 oprettet, 0 ændret, 0 uændrede, 1 afvist. Importen er registreret i revisionsloggen.',
    );
    const stored = (await storedRisks()).map((risk) => risk.title);
    expect(stored).toEqual(expect.arrayContaining(['Senere A', 'Senere B']));
    expect(stored).not.toContain('Gennemgås i morgen');
  });

  it('refuses a row of an export older than the risk, so that a later change is not put back', async () => {
    const { h, coordinator } = suite;
    await apply(coordinator, await send(coordinator, 'eksport.csv', newRisks(['Eksporteret risiko'])));
    expect(await h.teams.say(coordinator, 'eksportér risici')).toBe(200);
    const exported = await (await fetch(linksOn(lastCard(coordinator))[0] as string)).text();
    const risk = (await storedRisks()).find((one) => one.title === 'Eksporteret risiko');
    // The id with the version exported: text to a spreadsheet, even were the id all digits.
    expect(exported).toContain(`${risk.id} (v1);Eksporteret risiko;`);

    // Meanwhile the risk is changed (here by another file), to version 2.
    const newer = Buffer.from(`${heading}\nEksporteret risiko;Nyt scenarie;Netværket;${emailOf(owner)};;;;;;;;;\n`);
    expect(countsOn(await apply(coordinator, await send(coordinator, 'nyere.csv', newer)))).toEqual([
      '0',
      '1',
      '0',
      '0',
    ]);

    // The old export, edited: its row would put the old scenario back and is refused; unchanged rows pass.
    const edited = exported.replace(
      `${risk.id} (v1);Eksporteret risiko;Scenarie;`,
      `${risk.id} (v1);Eksporteret risiko;Scenarie og mere;`,
    );
    const card = await send(coordinator, 'gammel.csv', Buffer.from(edited, 'utf8'));
    expect(cardTexts(card).join('\n')).toContain(
      'Eksporteret risiko – Risiko-ID: risikoen er ændret i registret efter eksporten (nu v2) – eksportér registret igen, og ret i den nye fil',
    );
    expect((await storedRisks()).find((one) => one.id === risk.id).scenario).toBe('Nyt scenarie');
  });

  it('answers a long import at once and sends its result to the personal chat when it is done', async () => {
    const { h, coordinator } = suite;
    const titles = ['Lang import A', 'Lang import B'];
    const card = await send(coordinator, 'lang.csv', newRisks(titles));
    // The first write waits (a slow storage account, or 2,000 rows): the import outlasts Teams' patience.
    const held = holdNextCall(h.bot.tables.client('Risks'), 'submitTransaction');
    const press = () =>
      h.teams.press(
        coordinator,
        cardActions(card).find((action) => action.verb === 'risk.import.apply'),
      );
    const answer = cardIn(await press());
    expect(cardTexts(answer)).toContain(da.registerTransfer.import.running);
    // Pressed again meanwhile: under way, not a second import.
    expect(cardTexts(cardIn(await press()))).toContain(da.registerTransfer.import.running);

    const chat = TeamsClient.personalChat(coordinator);
    const before = h.connector.sentTo(chat).length;
    held.release();
    const result = await h.connector.waitFor(
      (call) =>
        call.conversationId === chat &&
        cardTexts(cardOf(call.activity)).some((text) => text.startsWith('Importeret: 2 oprettet')),
      15_000,
    );
    expect(cardTexts(cardOf(result.activity))).toContain(
      'Importeret: 2 oprettet, 0 ændret, 0 uændrede, 0 afvist. Importen er registreret i revisionsloggen.',
    );
    expect(h.connector.sentTo(chat).length).toBe(before + 1);
    const stored = (await storedRisks()).filter((risk) => titles.includes(risk.title));
    expect(stored.map((risk) => risk.title).sort()).toEqual(titles);
  });

  it('tells the coordinator in the personal chat when a long import stops, with Importér to finish it', async () => {
    const { h, coordinator } = suite;
    const titles = ['Afbrudt lang A', 'Afbrudt lang B'];
    const card = await send(coordinator, 'afbrudt-lang.csv', newRisks(titles));
    const risksTable = h.bot.tables.client('Risks');
    // B cannot be stored; A's audit record is slow, so the import outlasts the button's answer, then fails.
    refuseTransactionsContaining(risksTable, 'Afbrudt lang B');
    const slow = holdNextCall(h.bot.tables.client('Audit'), 'submitTransaction');
    void slow.reached.then(() => setTimeout(() => slow.release(), 3_500));
    const chat = TeamsClient.personalChat(coordinator);
    const answer = cardIn(
      await h.teams.press(
        coordinator,
        cardActions(card).find((a) => a.verb === 'risk.import.apply'),
      ),
    );
    expect(cardTexts(answer)).toContain(da.registerTransfer.import.running);
    // The card under way keeps "Importér".
    expect(cardActions(answer).map((action) => action.verb)).toContain('risk.import.apply');

    const stopped = await h.connector.waitFor(
      (call) =>
        call.conversationId === chat &&
        cardTexts(cardOf(call.activity)).includes(da.registerTransfer.import.interrupted),
      15_000,
    );
    restore(risksTable);
    const finished = await apply(coordinator, cardOf(stopped.activity));
    expect(cardTexts(finished)).toContain(
      'Importeret: 2 oprettet, 0 ændret, 0 uændrede, 0 afvist. Importen er registreret i revisionsloggen.',
    );
    const stored = (await storedRisks()).filter((risk) => titles.includes(risk.title));
    expect(stored.map((risk) => risk.title).sort()).toEqual(titles);
  });
});
