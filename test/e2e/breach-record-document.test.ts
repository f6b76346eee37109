import { da, en } from '../../src/i18n/catalogs';
import { TableRoleRepository } from '../../src/storage/role-repository';
import { cardActions, cardTexts } from '../support/cards';
import { readDocx } from '../support/docx';
import { ManualClock, newUser, startHarness, type Harness, type TestUser } from '../support/harness';
import { numberOn, submitReport } from '../support/incidents';

const b = da.breachRecord;
const DOCX = 'application/vnd.openxmlformats-officedocument.wordprocessingml.document';

/**
 * The breach record as a document for an auditor (#16 item 12): from the record, through the
 * one-time export link, a Word file that holds every decision, time, reason and phase and who did
 * what — in the language of the person who asked — for the coordinator and the DPO only.
 */
describe('the breach record as a Word document for the auditor (P3 art. 33(5), P10)', () => {
  const clock = new ManualClock(new Date('2026-03-27T10:00:00Z'));
  const coordinator = newUser('Mette Kjær');
  let h: Harness;
  let roles: TableRoleRepository;
  beforeAll(async () => {
    h = await startHarness({ coordinators: [coordinator], clock });
    roles = new TableRoleRepository(h.bot.tables.client('Roles'));
  });
  afterAll(() => h.close());
  beforeEach(() => clock.set('2026-03-27T10:00:00Z'));

  const act = (user: TestUser, card: unknown, verb: string, inputs: Record<string, unknown> = {}) =>
    h.teams.pressOn(user, card, verb, inputs);
  const view = async (number: string) => (await h.teams.act(coordinator, 'incident.view', { number })).body?.value;
  /** The breach decision card as the coordinator reaches it: the incident, then its breach button. */
  const decisionCard = async (number: string) => act(coordinator, await view(number), 'incident.breach.assess');
  const linkOn = (card: unknown): string => {
    const link = JSON.stringify(card).match(/http:\/\/127\.0\.0\.1:\d+\/api\/export\/[A-Za-z0-9_-]+/)?.[0];
    if (!link) throw new Error(`no download link on the card: ${cardTexts(card).join(' | ')}`);
    return link;
  };
  /** A new DPO, granted before they first act (the bot reads roles from storage). */
  const newDpo = async (name = 'Karen Lund', locale = 'da-DK') => {
    const dpo = newUser(name, locale);
    await roles.grant(dpo.aadObjectId, 'dpo', 'test setup', name);
    return dpo;
  };

  /**
   * A breach discovered 27.03 11:00, notified 30.03 20:00 — 8 hours after the 72 hours ran out at
   * 12:00 (summer time began on 29.03) — with the reason, art. 34 not told on ground (a), the
   * art. 33(3) facts, one supplementary notification and the DPO's advice.
   */
  async function lateBreach(dpo: TestUser): Promise<string> {
    clock.set('2026-03-27T10:30:00Z'); // reported half an hour after the discovery
    const number = numberOn(
      await submitReport(h.teams, newUser('Sofie Jensen'), {
        discoveredDate: '2026-03-27',
        discoveredTime: '11:00',
        occurredDate: '',
        occurredTime: '',
      }),
    );
    clock.set('2026-03-31T08:00:00Z');
    const decided = await act(coordinator, await decisionCard(number), 'incident.breach.decision', {
      decision: 'notify',
      justification: 'CPR-numre på 40 borgere i en mail til forkert modtager',
      consequences: 'Risiko for identitetstyveri',
      notifiedDate: '2026-03-30',
      notifiedTime: '20:00',
      reference: '2026-431-0077',
      delayReason: 'Omfanget var uklart indtil leverandøren svarede søndag aften',
      subjectsChoice: 'notNotified',
      subjectsGround: 'a',
      subjectsReason: 'Computeren var krypteret',
    });
    expect(cardTexts(decided).some((text) => text.startsWith('Beslutning registreret'))).toBe(true);
    const details = await act(
      coordinator,
      await act(coordinator, decided, 'incident.breach.form'),
      'incident.breach.details',
    );
    const saved = await act(coordinator, details, 'incident.breach.details.save', {
      subjectCategories: 'citizens,children',
      estimatedPeople: '45',
      estimatedRecords: '1200',
      dpoName: 'Karen Lund',
      dpoContact: 'karen.lund@kommune.dk',
    });
    await act(coordinator, saved, 'incident.breach.supplement', {
      supplementDate: '2026-03-31',
      supplementTime: '09:30',
      supplementReference: '2026-431-0077-2',
      supplementNote: 'Antallet af berørte rettet til 45',
    });
    const dpoView = (await h.teams.act(dpo, 'incident.dpo.view', { number })).body?.value;
    await act(dpo, dpoView, 'incident.dpo.advice', { advice: 'Underret forældrene til de berørte børn' });
    return number;
  }

  it('gives the coordinator a one-time link to a Word file holding every fact, time, reason and phase', async () => {
    const dpo = await newDpo();
    const number = await lateBreach(dpo);
    clock.set('2026-03-31T10:00:00Z');
    const form = await act(coordinator, await view(number), 'incident.breach.form');
    const card = await act(coordinator, form, 'incident.breach.record');
    expect(cardTexts(card)).toEqual(
      expect.arrayContaining([
        `Dokumentation af bruddet – ${number}`,
        `Dokumentet (Word) for ${number} er klar. Linket virker i 10 minutter og kun én gang.`,
      ]),
    );
    const link = linkOn(card);

    const response = await fetch(link);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe(DOCX);
    expect(response.headers.get('content-disposition')).toBe(
      `attachment; filename="brud-HAEN-${number.slice(4)}.docx"; filename*=UTF-8''brud-H%C3%86N-${number.slice(4)}.docx`,
    );
    expect(response.headers.get('x-content-type-options')).toBe('nosniff');
    expect(response.headers.get('cache-control')).toBe('no-store');
    const doc = readDocx(Buffer.from(await response.arrayBuffer()));
    const fact = (label: string) => doc.rows.find((row) => row[0] === label)?.[1];

    expect(doc.title).toBe(`Dokumentation af brud på persondatasikkerheden – ${number}`);
    expect(doc.language).toBe('da-DK');
    expect(doc.paragraphs).toContain('Dannet 31.03.2026 kl. 12:00 af Mette Kjær.');
    expect(doc.footer).toBe(`${number} · dannet 31.03.2026 kl. 12:00 · alle tider er dansk tid`);
    // The incident as reported, and who reported it when.
    expect(fact(b.fields.title)).toBe('Bærbar computer glemt i S-toget');
    expect(fact(b.fields.reported)).toBe('27.03.2026 kl. 11:30 af Sofie Jensen');
    // Awareness, the 72 hours across the change to summer time, and the late notification with its reason.
    expect(fact(b.fields.awareness)).toBe('27.03.2026 kl. 11:00 (da den, der meldte, opdagede bruddet)');
    expect(fact(b.fields.deadline)).toBe('30.03.2026 kl. 12:00');
    expect(fact(b.fields.notified)).toBe('30.03.2026 kl. 20:00');
    expect(fact(b.fields.met)).toBe('Ikke overholdt: anmeldt 8 timer efter fristen');
    expect(fact(b.fields.delayReason)).toBe('Omfanget var uklart indtil leverandøren svarede søndag aften');
    // The decision with its reasons and art. 34, and who decided when.
    expect(fact(b.fields.decision)).toBe(da.incidents.triage.decisionNotify);
    expect(fact(b.fields.justification)).toBe('CPR-numre på 40 borgere i en mail til forkert modtager');
    expect(fact(b.fields.consequences)).toBe('Risiko for identitetstyveri');
    expect(fact(b.fields.subjects)).toBe('Underrettes ikke: a) beskyttet, fx krypteret: Computeren var krypteret');
    expect(fact(b.fields.decidedBy)).toBe('Mette Kjær, 31.03.2026 kl. 10:00');
    // The art. 33(3) facts.
    expect(fact(b.fields.categories)).toBe('Borgere, Børn');
    expect(fact(b.fields.estimatedPeople)).toBe('45');
    expect(fact(b.fields.contact)).toBe('Karen Lund, karen.lund@kommune.dk');
    // Both phases of the notification.
    expect(doc.rows).toContainEqual([
      '1',
      b.initial,
      '30.03.2026 kl. 20:00',
      '2026-431-0077',
      '',
      'Mette Kjær, 31.03.2026 kl. 10:00',
    ]);
    expect(doc.rows).toContainEqual([
      '2',
      b.supplement,
      '31.03.2026 kl. 09:30',
      '2026-431-0077-2',
      'Antallet af berørte rettet til 45',
      'Mette Kjær, 31.03.2026 kl. 10:00',
    ]);
    // The history: who did what, when, with the justification whole and the DPO's advice.
    const history = doc.rows.filter((row) => row.length === 5 && /^\d\d\.\d\d\.\d{4} kl\./.test(row[0] ?? ''));
    expect(history.map((row) => [row[1], row[2]])).toEqual([
      ['Sofie Jensen', da.incidents.triage.actions.reported],
      ['Mette Kjær', da.incidents.triage.actions.breachDecision],
      ['Mette Kjær', da.incidents.triage.actions.breachDetails],
      ['Mette Kjær', da.incidents.triage.actions.breachSupplement],
      ['Karen Lund', da.incidents.triage.actions.dpoAdvice],
    ]);
    expect(history[1]?.[3]).toContain('begrundelse: CPR-numre på 40 borgere i en mail til forkert modtager');
    expect(history[1]?.[3]).toContain(
      'årsag til forsinkelse: Omfanget var uklart indtil leverandøren svarede søndag aften',
    );
    expect(history[4]?.[4]).toBe('Underret forældrene til de berørte børn');

    // One use: the same link again gives nothing, in the browser's language.
    const again = await fetch(link, { headers: { 'accept-language': 'en-GB,en;q=0.9' } });
    expect(again.status).toBe(404);
    expect(await again.text()).toBe(en.incidents.export.linkGone);
  });

  it('gives the DPO the document from the read-only breach card, in the DPO’s language (English)', async () => {
    const dpo = await newDpo('Jonas Berg', 'en-GB');
    const number = await lateBreach(dpo);
    const dpoCard = (await h.teams.act(dpo, 'incident.dpo.view', { number })).body?.value;
    const card = await act(dpo, dpoCard, 'incident.breach.record');
    expect(cardActions(card).map((a) => a.verb)).toContain('incident.dpo.view');
    const response = await fetch(linkOn(card));
    expect(response.status).toBe(200);
    expect(response.headers.get('content-disposition')).toContain(`filename*=UTF-8''breach-H%C3%86N-`);
    const doc = readDocx(Buffer.from(await response.arrayBuffer()));
    const fact = (label: string) => doc.rows.find((row) => row[0] === label)?.[1];
    expect(doc.title).toBe(`Record of a personal data breach – ${number}`);
    expect(doc.language).toBe('en-GB');
    expect(fact(en.breachRecord.fields.deadline)).toBe('30 Mar 2026 12:00');
    expect(fact(en.breachRecord.fields.met)).toBe('Missed: notified 8 hours after the deadline');
    expect(doc.paragraphs).toContain('Made 31 Mar 2026 10:00 by Jonas Berg.');
  });

  it('refuses everyone else, a link past its ten minutes, and a link whose maker lost the role', async () => {
    const dpo = await newDpo('Jonas Holm');
    const number = await lateBreach(dpo);
    // An employee, and a system owner, pressing the button anyway get no link.
    for (const user of [newUser('Lars Holm'), newUser('Peter Nørgaard')]) {
      const answer = await h.teams.act(user, 'incident.breach.record', { number });
      expect(JSON.stringify(answer.body)).not.toContain('/api/export/');
    }
    // The DPO gets nothing for an incident that is not a breach.
    const general = numberOn(
      await submitReport(h.teams, newUser('Sofie Jensen'), {
        kind: 'general',
        personalData: 'no',
        personalDataKinds: '',
        discoveredDate: '2026-03-27',
        occurredDate: '',
        occurredTime: '',
      }),
    );
    const notBreach = await h.teams.act(dpo, 'incident.breach.record', { number: general });
    expect(notBreach.body?.value).toBe(da.common.errorNotFound);
    const coordinatorNotBreach = await h.teams.act(coordinator, 'incident.breach.record', { number: general });
    expect(coordinatorNotBreach.body?.value).toBe(da.common.errorNotFound);

    // Expired: made now, used eleven minutes later.
    const expired = linkOn((await h.teams.act(coordinator, 'incident.breach.record', { number })).body?.value);
    clock.set(new Date(clock.now().getTime() + 11 * 60_000).toISOString());
    const late = await fetch(expired);
    expect(late.status).toBe(404);
    expect(await late.text()).toBe(da.incidents.export.linkGone);

    // Made by the DPO, who then loses the role: the link gives nothing.
    const dpoLink = linkOn((await h.teams.act(dpo, 'incident.breach.record', { number })).body?.value);
    const revoked = await h.teams.act(coordinator, 'role.revoke', { userId: dpo.aadObjectId, role: 'dpo' });
    expect(revoked.status).toBe(200);
    const forbidden = await fetch(dpoLink);
    expect(forbidden.status).toBe(403);
    expect(await forbidden.text()).toBe(b.linkForbidden);
    expect(forbidden.headers.get('content-type')).toBe('text/plain; charset=utf-8');
  });

  it('answers other methods with 405 and leaves the link usable; a made-up token gives nothing', async () => {
    const dpo = await newDpo('Jonas Dahl');
    const number = await lateBreach(dpo);
    const link = linkOn((await h.teams.act(coordinator, 'incident.breach.record', { number })).body?.value);
    for (const method of ['POST', 'PUT', 'DELETE', 'PATCH']) {
      const odd = await fetch(link, { method });
      await odd.arrayBuffer();
      expect({ method, status: odd.status }).toEqual({ method, status: 405 });
    }
    const head = await fetch(link, { method: 'HEAD' });
    expect(head.status).toBe(405);
    const made = await fetch(link.replace(/[^/]+$/, 'A'.repeat(32)));
    expect(made.status).toBe(404);
    expect(await made.text()).toBe(da.incidents.export.linkGone);
    for (const bare of [link.replace(/[^/]+$/, ''), link.replace(/\/[^/]+$/, '')]) {
      const none = await fetch(bare);
      await none.arrayBuffer();
      expect({ bare, status: none.status }).toEqual({ bare, status: 404 });
    }
    const real = await fetch(link);
    expect(real.status).toBe(200);
    expect(readDocx(Buffer.from(await real.arrayBuffer())).title).toContain(number);
  });
});
