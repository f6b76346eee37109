import { createHash } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { da, en } from '../../src/i18n/catalogs';
import { TableAuditLog } from '../../src/storage/audit-repository';
import { evidenceContainer } from '../../src/storage/blob-evidence-store';
import { TableRoleRepository } from '../../src/storage/role-repository';
import { systemClock } from '../../src/clock';
import { composeRetention } from '../../src/compose';
import { loadConfig } from '../../src/config';
import { cardActions, cardIn, cardOf, cardTexts } from '../support/cards';
import { docx, docxBomb, pdf, png, zip } from '../support/evidence-files';
import { ManualClock, newUser, startHarness, TeamsClient, type Harness, type TestUser } from '../support/harness';
import { storedHistory, storedIncident } from '../support/fault-records';
import { numberOn, submitReport } from '../support/incidents';

const e = da.evidence;
const sha = (bytes: Buffer) => createHash('sha256').update(bytes).digest('hex');

/**
 * Evidence on incidents (#20 item 2): the reporter (from her receipt or her report) and the
 * coordinator attach files in the personal chat; each file is checked against its bytes and kept in
 * Blob Storage (Azurite) with its SHA-256 in the history and the audit log; only the coordinator, and
 * the DPO for a breach, open it through a one-time link.
 */
describe('evidence files on incidents (#20, P1, P3, P10)', () => {
  const clock = new ManualClock(new Date('2026-12-07T09:00:00Z'));
  const coordinator = newUser('Mette Kjær');
  let h: Harness;
  let roles: TableRoleRepository;
  beforeAll(async () => {
    h = await startHarness({ coordinators: [coordinator], clock, env: { EVIDENCE_MAX_MB: '1' } });
    roles = new TableRoleRepository(h.bot.tables.client('Roles'));
  });
  afterAll(() => h.close());
  beforeEach(() => {
    clock.set('2026-12-07T09:00:00Z');
    h.connector.clear();
  });

  const lastCardTo = (user: TestUser) => cardOf(h.connector.sentTo(TeamsClient.personalChat(user)).at(-1));
  const texts = (card: unknown) => cardTexts(card).join(' | ');
  const blobs = async (number: string) => {
    const [, year, seq] = /^HÆN-(\d{4})-(\d{4})$/.exec(number) ?? [];
    const container = evidenceContainer({
      connectionString: process.env.TEST_AZURITE_CONNECTION_STRING as string,
      container: `evidence-${h.prefix}`,
    });
    const names: string[] = [];
    if (!(await container.exists())) return names;
    for await (const blob of container.listBlobsFlat({ prefix: `incidents/${Number(year)}/${Number(seq)}/` }))
      names.push(blob.name);
    return names;
  };
  const linkOn = (card: unknown): string => {
    const link = JSON.stringify(card).match(/http:\/\/127\.0\.0\.1:\d+\/api\/export\/[A-Za-z0-9_-]+/)?.[0];
    if (!link) throw new Error(`no download link on the card: ${texts(card)}`);
    return link;
  };
  const report = async (
    reporter: TestUser,
    overrides: Record<string, unknown> = { kind: 'general', personalData: 'no', personalDataKinds: '' },
  ) => {
    const answer = await submitReport(h.teams, reporter, overrides);
    return { number: numberOn(answer), receipt: cardIn(answer) };
  };
  /** What an invoke answered, card or message, as text. */
  const answerText = (answer: { body?: { value?: unknown } }) => JSON.stringify(answer.body?.value ?? '');
  const attachFrom = async (user: TestUser, number: string) =>
    cardIn(await h.teams.act(user, 'evidence.attach', { number }));

  it('the reporter attaches a screenshot from her receipt; the coordinator sees it with its SHA-256 and downloads it once', async () => {
    const reporter = newUser('Sofie Jensen');
    const { number, receipt } = await report(reporter);
    expect(cardActions(receipt).map((action) => action.verb)).toContain('evidence.attach');

    const prompt = await h.teams.pressOn(reporter, receipt, 'evidence.attach');
    expect(texts(prompt)).toContain(da.evidence.attachText);
    // The receipt it replaced is one press away: her report as she sees it.
    const back = await h.teams.pressOn(reporter, prompt, 'incident.view');
    expect(texts(back)).toContain(`Hændelse ${number}`);
    expect(cardActions(back).map((action) => action.verb)).toContain('evidence.attach');
    const shot = png();
    expect(
      await h.teams.sendFile(reporter, { name: 'skærmbillede af mailen.png', bytes: shot, contentType: 'image/png' }),
    ).toBe(200);
    const received = lastCardTo(reporter);
    expect(texts(received)).toContain('skærmbillede af mailen.png');
    expect(texts(received)).toContain('Gemt som bevis (PNG, 70 B)');
    expect(await blobs(number)).toHaveLength(1);

    // The coordinator's triage card links to the evidence card; the card shows the file and its fingerprint.
    const triage = cardIn(await h.teams.act(coordinator, 'incident.view', { number }));
    expect(cardActions(triage).find((action) => action.verb === 'evidence.list')?.title).toBe('Bevismateriale (1)');
    const list = await h.teams.pressOn(coordinator, triage, 'evidence.list');
    expect(texts(list)).toContain('skærmbillede af mailen.png');
    expect(texts(list)).toContain(`SHA-256 ${sha(shot)}`);
    expect(texts(list)).toContain('vedhæftet af Sofie Jensen (indberetter) 07.12.2026 kl. 10:00');

    // The history and the audit log both hold the hash.
    const history = JSON.stringify(triage);
    expect(history).toContain('bevis vedhæftet');
    const audit = await new TableAuditLog(h.bot.tables.client('Audit'), systemClock).read('evidence');
    expect(audit).toEqual([
      expect.objectContaining({
        action: 'evidence.added',
        subject: number,
        actor: reporter.aadObjectId,
        details: expect.objectContaining({ sha256: sha(shot), type: 'png' }),
      }),
    ]);

    const linkCard = await h.teams.pressOn(coordinator, list, 'evidence.open');
    const link = linkOn(linkCard);
    const download = await fetch(link);
    expect(download.status).toBe(200);
    expect(download.headers.get('content-type')).toBe('image/png');
    expect(download.headers.get('content-disposition')).toBe(
      `attachment; filename="skaermbillede af mailen.png"; filename*=UTF-8''${encodeURIComponent('skærmbillede af mailen.png')}`,
    );
    expect(download.headers.get('x-content-type-options')).toBe('nosniff');
    expect(download.headers.get('cache-control')).toBe('no-store');
    expect(download.headers.get('content-security-policy')).toBe("default-src 'none'; sandbox");
    expect(Buffer.from(await download.arrayBuffer()).equals(shot)).toBe(true);
    // One use only.
    const again = await fetch(link);
    expect(again.status).toBe(404);
    expect(await again.text()).toBe(da.incidents.export.linkGone);
    // The opening is in the audit log too.
    const opened = await new TableAuditLog(h.bot.tables.client('Audit'), systemClock).read('evidence');
    expect(opened.at(-1)).toMatchObject({ action: 'evidence.opened', actor: coordinator.aadObjectId, subject: number });
  });

  it("a link expires after 10 minutes, dies with its maker's role, and answers other methods with 405", async () => {
    const reporter = newUser('Ole Hansen');
    const { number } = await report(reporter);
    await attachFrom(reporter, number);
    await h.teams.sendFile(reporter, { name: 'rapport.pdf', bytes: pdf() });
    const list = cardIn(await h.teams.act(coordinator, 'evidence.list', { number }));

    const expiring = linkOn(await h.teams.pressOn(coordinator, list, 'evidence.open'));
    clock.set('2026-12-07T09:10:01Z');
    expect((await fetch(expiring)).status).toBe(404);

    clock.set('2026-12-07T09:00:00Z');
    const link = linkOn(await h.teams.pressOn(coordinator, list, 'evidence.open'));
    for (const method of ['POST', 'PUT', 'DELETE', 'PATCH']) expect((await fetch(link, { method })).status).toBe(405);

    // A second coordinator makes a link, then loses the role: the link gives nothing.
    const deputy = newUser('Lars Holm');
    await roles.grant(deputy.aadObjectId, 'coordinator', 'test setup', 'Lars Holm');
    const deputyLink = linkOn(await h.teams.pressOn(deputy, list, 'evidence.open'));
    expect(
      (await h.teams.act(coordinator, 'role.revoke', { userId: deputy.aadObjectId, role: 'coordinator' })).status,
    ).toBe(200);
    const forbidden = await fetch(deputyLink);
    expect(forbidden.status).toBe(403);
    expect(await forbidden.text()).toBe(e.linkForbidden);
    expect(forbidden.headers.get('x-content-type-options')).toBe('nosniff');
  });

  it('the DPO opens evidence on a breach only; the reporter and other employees cannot list or open it', async () => {
    const reporter = newUser('Anne Dahl');
    const dpo = newUser('Karen Lund');
    await roles.grant(dpo.aadObjectId, 'dpo', 'test setup', 'Karen Lund');
    const breach = await report(reporter, {});
    const general = await report(reporter);
    for (const { number } of [breach, general]) {
      await attachFrom(reporter, number);
      await h.teams.sendFile(reporter, { name: 'foto.png', bytes: png() });
    }
    const dpoList = cardIn(await h.teams.act(dpo, 'evidence.list', { number: breach.number }));
    expect(texts(dpoList)).toContain('foto.png');
    expect(cardActions(dpoList).map((action) => action.verb)).not.toContain('evidence.attach');
    const dpoLink = linkOn(await h.teams.pressOn(dpo, dpoList, 'evidence.open'));
    expect((await fetch(dpoLink)).status).toBe(200);

    // Not a breach: the DPO is told it does not exist; the reporter and a colleague have no access at all.
    const notShown = answerText(await h.teams.act(dpo, 'evidence.list', { number: general.number }));
    expect(notShown).toContain(da.common.errorNotFound);
    expect(notShown).not.toContain('foto.png');
    const fileId = JSON.stringify(dpoList).match(/"fileId":"([0-9a-f]+)"/)?.[1];
    expect(fileId).toBeDefined();
    for (const user of [reporter, newUser('Peter Nørgaard')]) {
      const refused = answerText(await h.teams.act(user, 'evidence.list', { number: breach.number }));
      expect(refused).toContain(da.common.errorForbidden);
      expect(refused).not.toContain('foto.png');
      const open = answerText(await h.teams.act(user, 'evidence.open', { number: breach.number, fileId }));
      expect(open).toContain(da.common.errorForbidden);
      expect(open).not.toMatch(/api\/export/);
    }
  });

  it('a file too large, of a refused type or not what it claims gets a clear answer and nothing is stored', async () => {
    const reporter = newUser('Jonas Berg');
    const { number } = await report(reporter);
    const cases: Array<[string, Buffer, string, string]> = [
      ['stor.png', Buffer.concat([png(), Buffer.alloc(1024 * 1024)]), 'image/png', t('tooLarge', { mb: 1 })],
      ['faktura.pdf', png(), 'application/pdf', e.refused.mismatch],
      ['kontrakt.docx', zip(), 'docx', e.refused.refusedType],
      ['kontrakt.docx', docxBomb(), 'docx', e.refused.packed],
      ['program.exe', Buffer.from([0x4d, 0x5a, 0x90, 0x00]), 'exe', e.refused.refusedType],
    ];
    for (const [name, bytes, contentType, answer] of cases) {
      await attachFrom(reporter, number);
      await h.teams.sendFile(reporter, { name, bytes, contentType });
      expect(texts(lastCardTo(reporter))).toContain(answer);
    }
    // An image pasted inline whose bytes are a PDF: the claim image/png is not believed.
    await attachFrom(reporter, number);
    await h.teams.sendInlineImage(reporter, { bytes: pdf(), contentType: 'image/png' });
    expect(texts(lastCardTo(reporter))).toContain(e.refused.mismatch);

    expect(await blobs(number)).toEqual([]);
    const list = cardIn(await h.teams.act(coordinator, 'evidence.list', { number }));
    expect(texts(list)).toContain('Ingen filer endnu.');

    // In English for an English user.
    const english = newUser('Anna Smith', 'en-US');
    const theirs = await report(english);
    await attachFrom(english, theirs.number);
    await h.teams.sendFile(english, { name: 'invoice.pdf', bytes: png() });
    expect(texts(lastCardTo(english))).toContain(en.evidence.refused.mismatch);
  });

  it('keeps a Word document, a pasted screenshot and a file with a path-trick name under a clean name', async () => {
    const reporter = newUser('Maja Holm');
    const { number } = await report(reporter);
    await attachFrom(reporter, number);
    await h.teams.sendFile(reporter, { name: 'notat.docx', bytes: docx() });
    await attachFrom(reporter, number);
    await h.teams.sendInlineImage(reporter, { bytes: png() });
    await attachFrom(reporter, number);
    await h.teams.sendFile(reporter, { name: '..\\..\\Windows\\bevis\u202Egnp.pdf', bytes: pdf() });
    const list = texts(cardIn(await h.teams.act(coordinator, 'evidence.list', { number })));
    expect(list).toContain('notat.docx');
    expect(list).toContain('bevisgnp.pdf');
    expect(list).not.toMatch(/\u202E|Windows|\.\./);
    expect(await blobs(number)).toHaveLength(3);
  });

  it('the same bytes twice are kept once; a file with no incident chosen offers her open incidents and keeps nothing', async () => {
    const reporter = newUser('Niels Berg');
    const { number } = await report(reporter);
    for (let i = 0; i < 2; i++) {
      await attachFrom(reporter, number);
      await h.teams.sendFile(reporter, { name: 'foto.png', bytes: png() });
    }
    expect(texts(lastCardTo(reporter))).toContain(e.keptAlready);
    expect(await blobs(number)).toHaveLength(1);

    // No "Vedhæft bevis" pressed (the choice is used up): her open incidents are offered, nothing is kept.
    await h.teams.sendFile(reporter, { name: 'foto2.png', bytes: Buffer.concat([png(), Buffer.from([0])]) });
    const offer = lastCardTo(reporter);
    expect(texts(offer)).toContain(e.chooseText);
    expect(cardActions(offer)).toEqual([
      expect.objectContaining({ verb: 'evidence.attach', data: expect.objectContaining({ number }) }),
    ]);
    expect(await blobs(number)).toHaveLength(1);
  });

  it("refuses tampered card data: another person's incident, a made-up number, an incident of a closed report", async () => {
    const reporter = newUser('Eva Krogh');
    const other = newUser('Mallory Hansen');
    const { number } = await report(reporter);
    for (const data of [{ number }, { number: 'HÆN-2026-9999' }, { number: '../../x' }, {}]) {
      const answer = answerText(await h.teams.act(other, 'evidence.attach', data));
      expect(answer).toContain(da.common.errorNotFound);
      expect(answer).not.toContain(JSON.stringify(e.attachText).slice(1, -1));
    }
    // Her file goes nowhere: she has no open incident and chose none.
    await h.teams.sendFile(other, { name: 'foto.png', bytes: png() });
    expect(texts(lastCardTo(other))).toContain(da.welcome.fileNotKept);
    expect(await blobs(number)).toEqual([]);

    // The reporter chose her incident; the coordinator closes it before her file arrives: not kept.
    await attachFrom(reporter, number);
    const closed = await h.teams.act(coordinator, 'incident.triage', { number, version: 1, state: 'closed' });
    expect(closed.status).toBe(200);
    await h.teams.sendFile(reporter, { name: 'foto.png', bytes: png() });
    expect(JSON.stringify(h.connector.sentTo(TeamsClient.personalChat(reporter)).at(-1))).toContain(
      da.common.errorNotFound,
    );
    expect(answerText(await h.teams.act(reporter, 'evidence.attach', { number }))).toContain(da.common.errorNotFound);
    expect(await blobs(number)).toEqual([]);
  });

  it('attacks: a zip named .png, a file on a foreign host, a file id of another incident, a made-up file id', async () => {
    const reporter = newUser('Ida Friis');
    const { number } = await report(reporter);
    // A zip archive dressed as a screenshot: its bytes decide, nothing is kept.
    await attachFrom(reporter, number);
    await h.teams.sendFile(reporter, { name: 'skærmbillede.png', bytes: zip(), contentType: 'image/png' });
    expect(texts(lastCardTo(reporter))).toContain(e.refused.refusedType);
    // The same zip pasted as an inline image.
    await attachFrom(reporter, number);
    await h.teams.sendInlineImage(reporter, { bytes: zip(), contentType: 'image/png' });
    expect(texts(lastCardTo(reporter))).toContain(e.refused.refusedType);
    // A download URL on a host that is neither Teams' nor the activity's own: not fetched, not kept.
    await attachFrom(reporter, number);
    await h.teams.sendFile(reporter, { name: 'foto.png', bytes: png(), downloadUrl: 'https://evil.example/foto.png' });
    expect(texts(lastCardTo(reporter))).toContain(e.refused.unreachable);
    expect(await blobs(number)).toEqual([]);

    // A file of another incident asked for under this incident's number, and a file id made up: not found, no link.
    const other = await report(newUser('Bo Lind'));
    await attachFrom(coordinator, other.number);
    await h.teams.sendFile(coordinator, { name: 'log.txt', bytes: Buffer.from('fremmed log\n') });
    const otherList = cardIn(await h.teams.act(coordinator, 'evidence.list', { number: other.number }));
    const otherFile = JSON.stringify(otherList).match(/"fileId":"([0-9a-f]+)"/)?.[1];
    expect(otherFile).toBeDefined();
    for (const data of [
      { number, fileId: otherFile },
      { number: other.number, fileId: '0000000000000000' },
      { number: other.number, fileId: { $ne: '' } },
      { number: other.number, fileId: '../' },
    ]) {
      const answer = answerText(await h.teams.act(coordinator, 'evidence.open', data));
      expect(answer).toContain(da.common.errorNotFound);
      expect(answer).not.toMatch(/api\/export/);
    }
  });

  it("retention deletes the files from Blob Storage with the incident's anonymisation; the history keeps the SHA-256", async () => {
    const reporter = newUser('Lone Vad');
    const { number } = await report(reporter);
    const kept = await report(newUser('Per Dam'));
    for (const [user, target] of [
      [reporter, number],
      [coordinator, number],
      [coordinator, kept.number],
    ] as const) {
      await attachFrom(user, target);
      await h.teams.sendFile(user, { name: 'foto.png', bytes: Buffer.concat([png(), Buffer.from(user.name)]) });
    }
    expect(await blobs(number)).toHaveLength(2);
    expect((await h.teams.act(coordinator, 'incident.triage', { number, version: 3, state: 'closed' })).status).toBe(
      200,
    );
    expect((await storedIncident(h, number))?.state).toBe('closed');

    // Five years and a day after the close, the run the weekly job and `npm run retention` make.
    const later = new ManualClock(new Date('2031-12-08T09:00:00Z'));
    const config = loadConfig({
      NODE_ENV: 'test',
      STORAGE_CONNECTION_STRING: process.env.TEST_AZURITE_CONNECTION_STRING as string,
      TABLE_PREFIX: h.prefix,
      EVIDENCE_CONTAINER: `evidence-${h.prefix}`,
    });
    const audit = new TableAuditLog(h.bot.tables.client('Audit'), later);
    const retention = composeRetention({ tables: h.bot.tables, config, clock: later, audit });
    const report5 = await retention(false);
    expect(report5.incidents.anonymised.map((item) => item.label)).toContain(number);
    expect(report5.incidents.anonymised.map((item) => item.label)).not.toContain(kept.number);

    expect(await blobs(number)).toEqual([]);
    expect(await blobs(kept.number)).toHaveLength(1);
    expect((await storedIncident(h, number))?.files).toBeUndefined();
    const added = (await storedHistory(h, number)).filter((entry) => entry.action === 'evidenceAdded');
    expect(added.map((entry) => entry.changes.evidenceFile?.[1])).toEqual(['[anonymiseret]', '[anonymiseret]']);
    expect(added.every((entry) => /^[0-9a-f]{64}$/.test(String(entry.changes.evidenceSha256?.[1])))).toBe(true);
    // The coordinator's evidence card no longer lists anything.
    const list = texts(cardIn(await h.teams.act(coordinator, 'evidence.list', { number })));
    expect(list).toContain('Ingen filer endnu.');
  });

  it('the coordinator attaches to any incident, from a channel too, and the file arrives in the personal chat', async () => {
    const reporter = newUser('Karl Smed');
    const { number } = await report(reporter);
    const prompt = await attachFrom(coordinator, number);
    expect(texts(prompt)).toContain(e.attachText);
    const inChannel = cardIn(
      await h.teams.act(
        coordinator,
        'evidence.attach',
        { number },
        { conversationId: '19:coord@thread.tacv2', conversationType: 'channel' },
      ),
    );
    expect(texts(inChannel)).toContain(e.attachChannelHint);
    await h.teams.sendFile(coordinator, { name: 'log.txt', bytes: Buffer.from('09:12 login fra ukendt IP\n') });
    const list = texts(cardIn(await h.teams.act(coordinator, 'evidence.list', { number })));
    expect(list).toContain('log.txt');
    expect(list).toContain('(koordinator)');
  });
});

const t = (key: 'tooLarge', params: { mb: number }) => da.evidence.refused[key].replace('{mb}', String(params.mb));

/** Azurite's blob service behind a switch: when down, every request is answered 503 (Azure's "server busy"). */
async function switchableBlobService(blobEndpoint: URL) {
  let down = false;
  const server = http.createServer((request, response) => {
    if (down) {
      request.resume();
      response.writeHead(503, { 'x-ms-error-code': 'ServerBusy' });
      response.end();
      return;
    }
    const upstream = http.request(
      {
        host: blobEndpoint.hostname,
        port: blobEndpoint.port,
        path: request.url,
        method: request.method,
        headers: request.headers,
      },
      (answer) => {
        response.writeHead(answer.statusCode ?? 502, answer.headers);
        answer.pipe(response);
      },
    );
    request.pipe(upstream);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    port: (server.address() as AddressInfo).port,
    setDown: (value: boolean) => {
      down = value;
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

describe('evidence when Blob Storage fails (#20, P10)', () => {
  const coordinator = newUser('Mette Kjær');
  let h: Harness;
  let blob: Awaited<ReturnType<typeof switchableBlobService>>;
  beforeAll(async () => {
    const real = process.env.TEST_AZURITE_CONNECTION_STRING as string;
    const endpoint = new URL(/BlobEndpoint=([^;]+)/.exec(real)?.[1] as string);
    blob = await switchableBlobService(endpoint);
    h = await startHarness({
      coordinators: [coordinator],
      env: {
        STORAGE_CONNECTION_STRING: real.replace(
          /BlobEndpoint=http:\/\/[^/]+/,
          `BlobEndpoint=http://127.0.0.1:${blob.port}`,
        ),
      },
    });
  });
  afterAll(async () => {
    await h.close();
    await blob.close();
  });

  it('tells her to try again in her language, keeps no record, history or audit entry, and keeps the file once it is back', async () => {
    const reporter = newUser('Sofie Jensen');
    const english = newUser('Anna Smith', 'en-GB');
    const number = numberOn(
      await submitReport(h.teams, reporter, { kind: 'general', personalData: 'no', personalDataKinds: '' }),
    );
    const theirs = numberOn(
      await submitReport(h.teams, english, { kind: 'general', personalData: 'no', personalDataKinds: '' }),
    );
    const before = await storedIncident(h, number);
    const last = (user: TestUser) =>
      cardTexts(cardOf(h.connector.sentTo(TeamsClient.personalChat(user)).at(-1))).join(' | ');

    blob.setDown(true);
    try {
      await h.teams.act(reporter, 'evidence.attach', { number });
      await h.teams.sendFile(reporter, { name: 'foto.png', bytes: png() });
      expect(last(reporter)).toContain(da.evidence.refused.storage);
      await h.teams.act(english, 'evidence.attach', { number: theirs });
      await h.teams.sendFile(english, { name: 'photo.png', bytes: png() });
      expect(last(english)).toContain(en.evidence.refused.storage);
    } finally {
      blob.setDown(false);
    }
    const after = await storedIncident(h, number);
    expect(after?.version).toBe(before?.version);
    expect(after?.files).toBeUndefined();
    expect((await storedHistory(h, number)).map((entry) => entry.action)).not.toContain('evidenceAdded');
    expect(await new TableAuditLog(h.bot.tables.client('Audit'), systemClock).read('evidence')).toEqual([]);

    // Storage back: she sends the same file again, as the answer said (the incident is still chosen): kept, once.
    await h.teams.sendFile(reporter, { name: 'foto.png', bytes: png() });
    expect(last(reporter)).toContain('Gemt som bevis (PNG');
    expect((await storedIncident(h, number))?.files).toHaveLength(1);
  });
});
