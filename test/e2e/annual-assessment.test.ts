import { randomUUID } from 'node:crypto';
import { systemClock } from '../../src/clock';
import { TableAuditLog } from '../../src/storage/audit-repository';
import { da } from '../../src/i18n/catalogs';
import { SystemService, type SystemActor } from '../../src/features/systems/service';
import { TableSystemRepository } from '../../src/storage/system-repository';
import { cardActions, cardIn, cardOf, cardTexts, dataOf } from '../support/cards';
import { readDocx, docxParts } from '../support/docx';
import { grant } from '../support/fault-records';
import { numberOn, submitReport } from '../support/incidents';
import { ManualClock, newUser, startHarness, TeamsClient, type Harness, type TeamsChannel } from '../support/harness';

const a = da.annualAssessment;
const DOCX = 'application/vnd.openxmlformats-officedocument.wordprocessingml.document';

/**
 * #19 (P7): the annual overall risk assessment generated from the register — as Word and CSV for the
 * coordinator and the management group through one-time links — and the version put before the
 * management group, named by its content hash, kept, and recorded with the decision in the audit chain.
 */
describe('the annual overall risk assessment (P7, #19)', () => {
  const clock = new ManualClock(new Date('2027-01-10T09:00:00Z'));
  const coordinator = newUser('Mette Kjær');
  const manager = newUser('Lars Holm');
  const employee = newUser('Sofie Jensen');
  let h: Harness;
  let management: TeamsChannel;
  let systemId: string;

  beforeAll(async () => {
    h = await startHarness({ coordinators: [coordinator], clock });
    await grant(h, manager.aadObjectId, 'management');
    management = { id: await h.registerChannel('management'), teamId: '19:team@thread.tacv2' };
    const tables = h.bot.tables;
    const systems = new SystemService(
      new TableSystemRepository(tables.client('Systems'), tables.client('SystemIndex')),
      systemClock,
    );
    const setup: SystemActor = { userId: coordinator.aadObjectId, name: 'Mette Kjær', roles: new Set(['coordinator']) };
    ({
      system: { id: systemId },
    } = await systems.register(setup, {
      name: 'ESDH Borgerservice',
      purpose: 'Sagsbehandling',
      supplier: 'Leverandør A/S',
      ownerId: coordinator.aadObjectId,
      ownerName: 'Mette Kjær',
      personalData: true,
      personalDataKinds: ['ordinary'],
    }));
  });
  afterAll(() => h.close());

  const linkOn = (card: unknown, title: string): string => {
    const action = JSON.stringify(card).match(
      new RegExp(`"title":"${title}","url":"(http://127\\.0\\.0\\.1:\\d+/api/export/[A-Za-z0-9_-]+)"`),
    );
    if (!action) throw new Error(`no "${title}" link on the card: ${cardTexts(card).join(' | ')}`);
    return action[1] as string;
  };
  const lastCardTo = (user: typeof coordinator) => cardOf(h.connector.sentTo(TeamsClient.personalChat(user)).at(-1));

  /** A risk created and assessed by the coordinator over HTTP; answers its id. */
  async function risk(
    title: string,
    where: { area?: string; systems?: string },
    levels: { likelihood: string; consequence: string; residualLikelihood: string; residualConsequence: string },
  ): Promise<string> {
    const created = cardIn(
      await h.teams.act(coordinator, 'risk.save', {
        title,
        scenario: 'Scenarie',
        ...where,
        ownerPick: coordinator.aadObjectId,
        draftId: randomUUID(),
      }),
    );
    const id = String(dataOf(created, 'risk.assess').id);
    const form = cardIn(await h.teams.act(coordinator, 'risk.assess', { id }));
    cardIn(
      await h.teams.act(coordinator, 'risk.assess.save', {
        ...dataOf(form, 'risk.assess.save'),
        likelihood: levels.likelihood,
        confidentiality: levels.consequence,
        integrity: '1',
        availability: '1',
        treatment: 'reduce',
        residualLikelihood: levels.residualLikelihood,
        residualConsequence: levels.residualConsequence,
        nextReview: '2027-06-01',
      }),
    );
    return id;
  }

  let critical: string;
  beforeAll(async () => {
    critical = await risk(
      'Ransomware lammer ESDH',
      { systems: systemId },
      { likelihood: '4', consequence: '4', residualLikelihood: '3', residualConsequence: '3' },
    );
    await risk(
      '@Netværket kan lammes',
      { area: 'network' },
      { likelihood: '3', consequence: '3', residualLikelihood: '2', residualConsequence: '2' },
    );
    await risk(
      'Lille risiko',
      { area: 'premises' },
      { likelihood: '1', consequence: '1', residualLikelihood: '1', residualConsequence: '1' },
    );
    const number = numberOn(await submitReport(h.teams, employee));
    const view = cardIn(await h.teams.act(coordinator, 'risk.view', { id: critical }));
    const link = dataOf(view, 'risk.incident.link');
    cardIn(await h.teams.act(coordinator, 'risk.incident.link', { ...link, incidentNumber: number }));
  });

  it('gives the coordinator the risk picture as Word (coloured heat map, top risks, hash) and as CSV, once per link', async () => {
    expect(await h.teams.say(coordinator, 'samlet risikovurdering')).toBe(200);
    const overview = lastCardTo(coordinator);
    const texts = cardTexts(overview);
    expect(texts).toEqual(expect.arrayContaining(['Samlet risikovurdering 2027', `${a.summary.risks}: `, '3']));
    const hash = String(dataOf(overview, 'annualAssessment.download').hash);
    expect(hash).toMatch(/^[0-9a-f]{64}$/);
    expect(texts).toContain(`${hash.slice(0, 12)}…`);

    const links = await h.teams.pressOn(coordinator, overview, 'annualAssessment.download');
    const word = await fetch(linkOn(links, a.downloads.word));
    expect(word.status).toBe(200);
    expect(word.headers.get('content-type')).toBe(DOCX);
    expect(word.headers.get('content-disposition')).toMatch(/^attachment; filename="samlet-risikovurdering-2027-/);
    expect(word.headers.get('x-content-type-options')).toBe('nosniff');
    expect(word.headers.get('cache-control')).toBe('no-store');
    const bytes = Buffer.from(await word.arrayBuffer());
    const doc = readDocx(bytes);
    expect(doc.title).toBe('Samlet risikovurdering 2027');
    expect(doc.all).toContain(`Indholdets SHA-256: ${hash}`);
    // The top risks, most severe first, with treatment and the incident that realised it.
    const top = doc.all.indexOf('Høj · Ransomware lammer ESDH');
    expect(top).toBeGreaterThan(0);
    expect(doc.all.indexOf('Mellem · @Netværket kan lammes')).toBeGreaterThan(top);
    expect(doc.all).not.toContain('Lille risiko');
    expect(doc.rows).toEqual(expect.arrayContaining([[a.top.treatment, da.risks.treatments.reduce]]));
    expect(doc.rows.some((row) => row[0] === a.top.incidents && /^HÆN-2027-\d+$/.test(row[1] ?? ''))).toBe(true);
    // The heat map is a coloured 4×4 table: likelihood 4 × consequence 4 holds the critical risk, red.
    expect(doc.rows).toEqual(
      expect.arrayContaining([
        [a.heatmap.corner, '1', '2', '3', '4'],
        ['4', '0', '0', '0', '1'],
      ]),
    );
    const xml = docxParts(bytes).find((part) => part.name === 'word/document.xml')!.xml;
    expect(xml).toContain('w:fill="FFC7CE"');
    expect(xml).toContain('w:fill="C6EFCE"');
    // The systems by category with their last assessment (by the coordinator's assessment today).
    expect(doc.rows.some((row) => row[0] === 'ESDH Borgerservice' && row[3] === '10.01.2027 af Mette Kjær')).toBe(true);
    expect((await fetch(linkOn(links, a.downloads.word))).status).toBe(404);

    const csv = await fetch(linkOn(links, a.downloads.csv));
    expect(csv.status).toBe(200);
    expect(csv.headers.get('content-type')).toBe('text/csv; charset=utf-8');
    expect(csv.headers.get('x-content-type-options')).toBe('nosniff');
    expect(csv.headers.get('cache-control')).toBe('no-store');
    const text = await csv.text();
    expect(text.split('\r\n')[1]).toBe(`Samlet risikovurdering 2027;;SHA-256;${hash}`);
    // A title a spreadsheet would take for a formula is neutralised.
    expect(text).toContain("'@Netværket kan lammes");
    expect(text).not.toMatch(/(^|;)@Netværket/m);
  });

  it('lets the management group open and download it; refuses everyone else, also a link kept after losing the role', async () => {
    expect(await h.teams.say(manager, 'overall risk assessment')).toBe(200);
    const overview = lastCardTo(manager);
    expect(cardActions(overview).map((action) => action.verb)).not.toContain('annualAssessment.submit');
    const links = await h.teams.pressOn(manager, overview, 'annualAssessment.download');
    expect((await fetch(linkOn(links, a.downloads.csv))).status).toBe(200);

    await h.teams.say(employee, 'samlet risikovurdering');
    expect(cardTexts(lastCardTo(employee))).toContain(da.common.errorForbidden);

    const former = newUser('Tidligere Leder');
    await grant(h, former.aadObjectId, 'management');
    await h.teams.say(former, 'samlet risikovurdering');
    const kept = await h.teams.pressOn(former, lastCardTo(former), 'annualAssessment.download');
    const revoked = await h.teams.act(coordinator, 'role.revoke', { userId: former.aadObjectId, role: 'management' });
    expect(revoked.status).toBe(200);
    const forbidden = await fetch(linkOn(kept, a.downloads.word));
    expect(forbidden.status).toBe(403);
    expect(await forbidden.text()).toBe(a.downloads.linkForbidden);
  });

  it('puts exactly the generated version before the management group: its hash on the card and in the audit chain with the decision, unchanged after the register changes', async () => {
    h.connector.clear();
    await h.teams.say(coordinator, 'samlet risikovurdering');
    const overview = lastCardTo(coordinator);
    const hash = String(dataOf(overview, 'annualAssessment.submit').hash);
    const submitted = await h.teams.pressOn(coordinator, overview, 'annualAssessment.submit');
    expect(cardTexts(submitted)).toContain(a.card.submitted);
    // A second press of the same card puts up nothing more.
    await h.teams.pressOn(coordinator, overview, 'annualAssessment.submit');
    const posted = h.connector.sentTo(management.id);
    expect(posted).toHaveLength(1);
    const shared = cardOf(posted[0]);
    expect(cardTexts(shared)).toEqual(
      expect.arrayContaining([
        'Godkendelse: årlig samlet risikovurdering',
        'Samlet risikovurdering 2027',
        `${a.approval.hash}: `,
        `${hash.slice(0, 12)}…`,
      ]),
    );
    // The short hash is named once, as the content's hash (not also as a "Version").
    expect(cardTexts(shared).filter((text) => text === `${hash.slice(0, 12)}…`)).toHaveLength(1);
    expect(cardTexts(shared)).not.toContain(`${da.approvals.card.versionLabel}: `);
    const approvalId = shared.refresh.action.data.id as string;

    clock.advance(86_400_000);
    const approved = await h.teams.act(
      manager,
      'approval.approve',
      { id: approvalId, round: 1 },
      { channel: management },
    );
    expect(approved.status).toBe(200);

    // The register changes after the decision: a new critical risk.
    await risk(
      'Ny kritisk risiko efter godkendelsen',
      { area: 'organisation' },
      { likelihood: '4', consequence: '4', residualLikelihood: '4', residualConsequence: '4' },
    );

    // The auditor's check: the decision in the audit chain names the hash…
    const records = await new TableAuditLog(h.bot.tables.client('Audit'), systemClock).read('approvals');
    const decision = records.find((record) => record.action === 'approval.decided' && record.subject === approvalId);
    expect(decision?.details).toMatchObject({ kind: 'annualRiskAssessment', state: 'approved', contentHash: hash });
    const submission = records.find(
      (record) => record.action === 'approval.submitted' && record.subject === approvalId,
    );
    expect(submission?.details).toMatchObject({ contentHash: hash });

    // …and the version opened from the approval card is that version, without the later risk.
    const approvalView = cardIn(await h.teams.act(manager, 'approval.refresh', { id: approvalId }));
    const links = await h.teams.pressOn(manager, approvalView, 'annualAssessment.version');
    const csv = await (await fetch(linkOn(links, a.downloads.csv))).text();
    expect(csv.split('\r\n')[1]).toBe(`Samlet risikovurdering 2027;;SHA-256;${decision?.details.contentHash}`);
    expect(csv).toContain('Ransomware lammer ESDH');
    expect(csv).not.toContain('Ny kritisk risiko efter godkendelsen');
    const doc = readDocx(Buffer.from(await (await fetch(linkOn(links, a.downloads.word))).arrayBuffer()));
    expect(doc.all).toContain(`Indholdets SHA-256: ${hash}`);
    expect(doc.all).not.toContain('Ny kritisk risiko efter godkendelsen');

    // Generated again, the assessment shows the change and so has another hash.
    await h.teams.say(coordinator, 'samlet risikovurdering');
    const again = String(dataOf(lastCardTo(coordinator), 'annualAssessment.download').hash);
    expect(again).not.toBe(hash);
    expect(cardTexts(lastCardTo(coordinator))).toContain('4');
  });

  it('refuses a version put up by anyone but the coordinator, and a version that was never generated', async () => {
    await h.teams.say(coordinator, 'samlet risikovurdering');
    const overview = lastCardTo(coordinator);
    const submit = dataOf(overview, 'annualAssessment.submit');
    const before = h.connector.sentTo(management.id).length;
    expect((await h.teams.act(manager, 'annualAssessment.submit', submit)).body?.value).toBe(da.common.errorForbidden);
    const forged = await h.teams.act(coordinator, 'annualAssessment.submit', { ...submit, hash: 'f'.repeat(64) });
    expect(forged.body?.value).toBe(da.common.errorNotFound);
    expect(h.connector.sentTo(management.id)).toHaveLength(before);
  });

  it('says on the approval card that the decision is tied to the hashed version, and takes no hand-typed version after a request for changes', async () => {
    await h.teams.say(coordinator, 'samlet risikovurdering');
    const overview = lastCardTo(coordinator);
    const hash = String(dataOf(overview, 'annualAssessment.submit').hash);
    const before = h.connector.sentTo(management.id).length;
    await h.teams.pressOn(coordinator, overview, 'annualAssessment.submit');
    const shared = cardOf(h.connector.sentTo(management.id).at(-1));
    expect(cardTexts(shared)).toEqual(expect.arrayContaining([`${hash.slice(0, 12)}…`, a.approval.versionNote]));
    const id = shared.refresh.action.data.id as string;
    const changes = await h.teams.act(
      manager,
      'approval.requestChanges',
      { id, round: 1, comment: 'Tilføj leverandørrisici.' },
      { channel: management },
    );
    expect(cardTexts(cardIn(changes))).toContain(da.approvals.states.changesRequested);

    // The coordinator's view offers no form to type a new version over the generated one…
    const view = cardIn(await h.teams.act(coordinator, 'approval.refresh', { id }));
    expect(cardActions(view).map((action) => action.verb)).not.toContain('approval.resubmit');
    expect(cardTexts(view)).toContain(a.approval.versionNote);
    // …and a forged one is refused: no round without a hash is put before the group.
    const forged = cardIn(
      await h.teams.act(coordinator, 'approval.resubmit', {
        id,
        round: 1,
        title: 'Samlet risikovurdering 2027',
        version: hash.slice(0, 12),
        link: '',
        summary: 'Rettet i hånden',
      }),
    );
    expect(cardTexts(forged)).toContain(a.approval.regenerate);
    expect(h.connector.sentTo(management.id)).toHaveLength(before + 1);
    const after = cardIn(await h.teams.act(manager, 'approval.refresh', { id }));
    expect(cardTexts(after)).not.toContain('Rettet i hånden');
    expect(cardTexts(after)).toContain(da.approvals.states.changesRequested);
    const records = await new TableAuditLog(h.bot.tables.client('Audit'), systemClock).read('approvals');
    expect(records.filter((record) => record.subject === id).map((record) => record.action)).not.toContain(
      'approval.resubmitted',
    );
  });

  it('refuses a kept version whose stored content no longer matches its hash, rather than hand it out as that version', async () => {
    await h.teams.say(coordinator, 'samlet risikovurdering');
    const overview = lastCardTo(coordinator);
    const hash = String(dataOf(overview, 'annualAssessment.download').hash);
    const links = await h.teams.pressOn(coordinator, overview, 'annualAssessment.download');
    // Somebody with access to the storage account edits the stored version.
    const table = h.bot.tables.client('Risks');
    const row = await table.getEntity<{ json: string }>('annual', hash);
    await table.updateEntity(
      { partitionKey: 'annual', rowKey: hash, json: row.json.replace('Ransomware lammer ESDH', 'Intet at se her') },
      'Merge',
    );
    const answer = await fetch(linkOn(links, a.downloads.word));
    expect(answer.status).toBe(409);
    expect(await answer.text()).toBe(a.downloads.changed);
  });
});
