/**
 * Browser walks: the seven loops between people, in the Agents Playground, as the people involved.
 *
 * One stack on kept ports and kept storage (a scratch folder), restarted as each person in turn —
 * exactly `npm run dev -- --as <alias>` — so what one person leaves is what the next one finds:
 *
 * - employee → coordinator → employee: Sofie reports an incident; Mette finds the notice in the
 *   coordinator channel (General), opens it and marks it resolved; Sofie is told in her chat.
 * - coordinator → system owner → coordinator: Mette registers a system, picking Peter as owner in the
 *   people picker, and sends him the DPIA screening; Peter answers and confirms; Mette finds the
 *   outcome in the coordinator channel.
 * - coordinator → management → coordinator: Mette generates the annual overall risk assessment from
 *   the register and puts that version (named by its content hash) up for approval; Lars
 *   (management) approves it and opens the version decided on as Word and CSV; Mette sees it approved
 *   in Ledergruppen.
 * - coordinator → measure owner → coordinator (#20): Mette adds a remedial measure to Sofie's
 *   incident, picking Sofie as its owner; Sofie finds it in her chat and marks it done with a
 *   comment; Mette sees it done by Sofie on the incident's measures card.
 * - employee → coordinator → DPO (#16): Sofie reports a personal-data breach; Mette opens it from its
 *   notice in General and records the breach decision; Jonas (the DPO) finds the breach notice in his
 *   chat and opens the breach: its number, the decision and the 72-hour deadline.
 * - the risk register (#19, `walk-risks.ts`): Mette creates and assesses a risk of Peter's system and
 *   links Sofie's incident; Peter assesses it; Mette puts it up for acceptance; Lars accepts it and
 *   sees it in the quarterly review's heat map; Mette sees it accepted.
 * - policy read and understood (#20, P12, `walk-policy-read.ts`): Mette submits a policy version; Anne
 *   (steering group) approves it; Mette sends it out; Sofie and Jonas confirm; Mette sees the shares
 *   by group and gets the CSV.
 *
 * The people in order: Sofie, Mette, Peter, Lars, Anne, Mette, Sofie, Jonas, Lars, Mette.
 * Buttons and texts are found by the Danish strings in `locales/da/*.json`, read at run time.
 * Screenshots: `.local/walks/NN-<alias>-<what>.png` (git-ignored). Run: `npm run test:browser`.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { Locator, Page } from 'playwright-core';
import { projectRoot } from '../../scripts/dev-stack';
import {
  button,
  cardSelector,
  cardWith,
  choose,
  da,
  daStart,
  fillSettled,
  fillText,
  openChat,
  pickPerson,
  sendMessage,
} from './playground';
import { browserTest, type BrowserTest } from './scaffold';
import { approveItem } from './approve';
import { readDocx } from '../support/docx';
import { riskWalk } from './walk-risks';
import { policyReadWalk } from './walk-policy-read';

const system = 'Elevplan';
/** The annual overall risk assessment generated on the walk's day (Danish date in 2026). */
const annualTitle = 'Samlet risikovurdering 2026';

/** The test under way; set when it starts. */
let test: BrowserTest;

/** Keeps what the person acting now sees: `.local/walks/NN-<alias>-<what>.png`. */
const snap = (what: string): Promise<void> => test.snap(what);

/** Employee: reports an incident from the report card; answers its number. */
async function reportIncident(page: Page): Promise<string> {
  await sendMessage(page, 'anmeld hændelse');
  const form = cardWith(page, da('incidents.report.title'));
  await fillSettled(form, async () => {
    await form.locator('input[type="text"]').first().fill('Phishing-mail med falsk login-side');
    await form.locator('textarea').first().fill('Jeg klikkede på et link i en mail og skrev min adgangskode.');
    await form.locator('input[type="radio"][value="general"]').check();
    await form.locator('input[type="radio"][value="no"]').check();
  });
  await button(form, da('incidents.report.submit')).click();
  const receipt = cardWith(page, da('incidents.confirmation.title'));
  await receipt.getByText(/HÆN-\d{4}-\d{4}/).waitFor({ state: 'visible' });
  return (/HÆN-\d{4}-\d{4}/.exec(await receipt.innerText()) as RegExpExecArray)[0];
}

/**
 * Employee: presses "Vedhæft bevis" on her receipt and is told how to send the file (#20). The walk
 * stops there: the Agents Playground has no file upload and serves no attachments, so sending the file
 * itself is tested over HTTP (`evidence.test.ts`) as Teams sends it.
 */
async function askToAttachEvidence(page: Page, number: string): Promise<void> {
  const receipt = cardWith(page, da('incidents.confirmation.title'));
  await button(receipt, da('evidence.attach')).click();
  const attach = cardWith(page, da('evidence.attachHeading', { number }));
  await attach.waitFor({ state: 'visible' });
  await attach.getByText(daStart('evidence.attachText')).first().waitFor({ state: 'visible' });
  await snap('evidence-attach-instructions');
}

const breachTitle = 'Borgerliste med CPR-numre sendt til forkert modtager';

/** Employee: reports a personal-data breach (kind and answer "yes", with the kinds of data); answers its number. */
async function reportBreach(page: Page): Promise<string> {
  const receipts = page.locator(cardSelector).filter({ hasText: da('incidents.confirmation.title') });
  const before = await receipts.count();
  await sendMessage(page, 'meld hændelse');
  const form = cardWith(page, da('incidents.report.title'));
  await fillSettled(form, async () => {
    await form.locator('input[type="text"]').first().fill(breachTitle);
    await form
      .locator('textarea')
      .first()
      .fill('En liste over borgere med navn og CPR-nummer blev sendt med e-mail til en forkert ekstern modtager.');
    await form.locator('input[type="radio"][value="personalData"]').check();
    await form.locator('input[type="radio"][value="yes"]').check();
    // The playground names a checkbox by its group's label too; its own text is its aria-label.
    await form.locator(`input[type="checkbox"][aria-label="${da('incidents.personalDataKinds.cpr')}"]`).check();
  });
  await snap('breach-report-filled');
  await button(form, da('incidents.report.submit')).click();
  // A new receipt (the one for the first incident is still on screen), with the breach's 72-hour note.
  await receipts.nth(before).waitFor({ state: 'visible' });
  const receipt = receipts.nth(before);
  await receipt.getByText(daStart('incidents.confirmation.breachNext')).first().waitFor({ state: 'visible' });
  return (/HÆN-\d{4}-\d{4}/.exec(await receipt.innerText()) as RegExpExecArray)[0];
}

/** Coordinator: opens the breach from its notice in General and records the decision: not notified, subjects undecided. */
async function recordBreachDecision(page: Page, number: string): Promise<void> {
  await openChat(page, 'General');
  const notice = cardWith(page, da('incidents.notice.title', { number }));
  await notice.waitFor({ state: 'visible' });
  await snap('breach-notice-in-coordinator-channel');
  const open = button(notice, da('incidents.notice.open'));
  if (await open.count()) await open.click();
  const triage = cardWith(page, da('incidents.triage.isBreach'));
  await triage.getByText(daStart('incidents.triage.gdprDeadline')).first().waitFor();
  // The decision has its own card (#16), opened from the breach clock on the incident's card.
  await triage.getByRole('button', { name: new RegExp(`^${da('incidents.triage.showBreach')}`) }).click();
  const decision = cardWith(page, da('breachDecision.heading', { number }));
  await decision.waitFor({ state: 'visible' });
  await fillSettled(decision, async () => {
    await decision.locator('input[type="radio"][value="notNotify"]').check();
    await decision
      .getByLabel(da('incidents.triage.justification'), { exact: true })
      .fill('Listen blev slettet af modtageren samme dag.');
    await fillText(
      decision,
      da('incidents.triage.consequences').replace(/\s*\*$/, ''),
      'Lille risiko: modtageren er en kendt samarbejdspartner.',
    );
    await decision.locator('input[type="radio"][value="undecided"]').check();
  });
  await snap('breach-decision-filled');
  await button(decision, da('incidents.triage.recordDecision')).click();
  const recorded = page.getByText(daStart('incidents.triage.decisionRecorded')).first();
  await recorded.waitFor({ state: 'visible' });
  await recorded.scrollIntoViewIfNeeded();
  await snap('breach-decision-recorded');
}

/** DPO: finds the breach notice in the personal chat and opens the breach: number, decision and the 72-hour deadline. */
async function dpoSeesBreach(page: Page, number: string, coordinator: string): Promise<void> {
  await openChat(page, 'Personal Chat');
  const notice = cardWith(page, da('dpo.breach.noticeHeading', { number }));
  await notice.waitFor({ state: 'visible' });
  await notice.getByText(daStart('dpo.breach.noticeBody')).first().waitFor();
  await snap('breach-notice-in-personal-chat');
  await button(notice, da('dpo.breach.open')).click();
  const breach = cardWith(page, da('dpo.breach.intro'));
  await breach.waitFor({ state: 'visible' });
  await breach.getByText(da('dpo.breach.title', { number })).first().waitFor();
  await breach.getByText(breachTitle).first().waitFor();
  await breach.getByText(da('dpo.breach.deadline'), { exact: true }).first().waitFor();
  await breach.getByText(da('dpo.breach.notNotify'), { exact: true }).first().waitFor();
  await breach
    .getByText(new RegExp(`^${coordinator}, `))
    .first()
    .waitFor();
  await snap('breach-card-with-decision-and-deadline');
}

/** Coordinator: finds the notice in the coordinator channel, opens the incident and marks it resolved. */
async function triageResolved(page: Page, number: string): Promise<void> {
  await openChat(page, 'General');
  const notice = cardWith(page, number);
  await notice.waitFor({ state: 'visible' });
  await snap('notice-in-coordinator-channel');
  const open = button(notice, da('incidents.notice.open'));
  if (await open.count()) await open.click();
  const triage = cardWith(page, da('incidents.triage.state'));
  await fillSettled(triage, () =>
    choose(triage, da('incidents.triage.state'), da('incidents.states.resolved'), 'resolved'),
  );
  await button(triage, da('incidents.triage.save')).click();
  await cardWith(page, da('incidents.triage.saved')).waitFor({ state: 'visible' });
  await snap('incident-resolved');
}

/** Coordinator: from the incident's card, opens its measures card (inside the collapsed measures section). */
async function openMeasures(page: Page, number: string): Promise<Locator> {
  await openChat(page, 'General');
  const notice = cardWith(page, number);
  await notice.waitFor({ state: 'visible' });
  const open = button(notice, da('incidents.notice.open'));
  if (await open.count()) await open.click();
  const triage = cardWith(page, da('incidents.triage.state'));
  await triage.waitFor({ state: 'visible' });
  await triage.getByRole('button', { name: new RegExp(`^${da('incidents.triage.showMeasures')}`) }).click();
  await button(triage, da('measures.card.open')).click();
  const measures = cardWith(page, da('measures.card.heading', { number }));
  await measures.waitFor({ state: 'visible' });
  return measures;
}

/** Coordinator: adds a remedial measure with `owner` picked in the people picker; the answer says it was sent. */
async function addMeasure(page: Page, number: string, owner: string): Promise<void> {
  const form = await openMeasures(page, number);
  await fillSettled(form, async () => {
    await fillText(form, da('measures.card.text'), 'Skift adgangskoden og slå totrinsbekræftelse til');
    await pickPerson(form, owner);
    // The due date: Teams' date picker opens a calendar; the last day of the month shown.
    await form.getByPlaceholder(/date/i).first().click();
    await page.locator('[role="grid"] button').filter({ hasText: /^31$/ }).first().click();
  });
  await snap('measure-owner-picked');
  await button(form, da('measures.card.add')).click();
  await page.getByText(da('measures.card.added', { owner })).first().waitFor({ state: 'visible' });
  await snap('measure-sent-to-owner');
}

const measureComment = 'Gjort, og totrinsbekræftelse er slået til.';

/** Owner: finds the measure in their chat and marks it done with a comment. */
async function markMeasureDone(page: Page): Promise<void> {
  await openChat(page, 'Personal Chat');
  const task = cardWith(page, da('measures.task.heading'));
  // Sent unasked, the task opens first; the opened card takes the comment.
  await button(task, da('measures.task.open')).click();
  await task.locator('textarea').first().waitFor({ state: 'visible' });
  await fillSettled(task, () => task.locator('textarea').first().fill(measureComment));
  await snap('measure-in-personal-chat');
  await button(task, da('measures.task.done')).click();
  await page.getByText(da('measures.task.saved')).first().waitFor({ state: 'visible' });
  await snap('measure-marked-done');
}

/** Coordinator: registers a system with Peter picked as owner, and sends him the DPIA screening. */
async function registerAndScreen(page: Page, owner: string): Promise<void> {
  await openChat(page, 'Personal Chat');
  await sendMessage(page, 'systemer');
  await button(cardWith(page, da('systems.list.new')), da('systems.list.new')).click();
  const form = cardWith(page, da('systems.form.titleNew'));
  await fillSettled(form, async () => {
    await fillText(form, da('systems.form.nameLabel'), system);
    await fillText(form, da('systems.form.purposeLabel'), 'Elevernes individuelle planer');
    await fillText(form, da('systems.form.supplierLabel'), 'Visma');
    await fillText(form, da('systems.form.planLabel'), 'https://intranet.egedal-demo.dk/beredskab/elevplan');
    await pickPerson(form, owner);
    await form.locator('input[type="radio"][value="no"]').first().check();
  });
  await snap('system-form-owner-picked');
  await button(form, da('systems.form.save')).click();
  const detail = cardWith(page, da('systems.detail.startScreening'));
  await detail.waitFor({ state: 'visible' });
  await button(detail, da('systems.detail.startScreening')).click();
  await fillSettled(detail, () => choose(detail, da('systems.detail.triggerLabel'), da('dpia.triggers.new'), 'new'));
  await button(detail, da('systems.detail.screeningSend')).click();
  // The answer names the owner by name (not by object id).
  await page.getByText(da('dpia.notify.sentToOwner', { owner })).first().waitFor({ state: 'visible' });
  await snap('screening-sent-to-owner-by-name');
}

/**
 * Coordinator: generates the annual overall risk assessment from the register (#19, P7) and puts that
 * version — named by its content hash — before the management group in Ledergruppen.
 */
async function submitForApproval(page: Page): Promise<void> {
  await openChat(page, 'Personal Chat');
  await sendMessage(page, 'samlet risikovurdering');
  const overview = cardWith(page, da('annualAssessment.card.submit'));
  await overview.waitFor({ state: 'visible' });
  await overview.getByText(da('annualAssessment.card.hash')).first().waitFor({ state: 'visible' });
  await snap('annual-assessment-generated');
  await button(overview, da('annualAssessment.card.submit')).click();
  await page.getByText(da('annualAssessment.card.submitted')).first().waitFor({ state: 'visible' });
  await snap('approval-submitted');
  await openChat(page, 'Ledergruppen');
  const posted = cardWith(page, annualTitle);
  await posted.waitFor({ state: 'visible' });
  await posted.getByText(da('annualAssessment.approval.hash')).first().waitFor({ state: 'visible' });
  await snap('approval-posted-in-management-channel');
}

/** Manager: opens the version the group decided on — the one-time Word and CSV links, named by its hash. */
async function openDecidedVersion(page: Page): Promise<void> {
  const decided = page
    .locator(cardSelector)
    .filter({ hasText: annualTitle })
    .filter({ has: page.getByRole('button', { name: da('annualAssessment.approval.openVersion'), exact: true }) })
    .last();
  await button(decided, da('annualAssessment.approval.openVersion')).click();
  const links = cardWith(page, da('annualAssessment.downloads.ready'));
  await links.waitFor({ state: 'visible' });
  // Adaptive Cards renders an Action.OpenUrl with the role of a link.
  await links.getByRole('link', { name: da('annualAssessment.downloads.word'), exact: true }).waitFor();
  await links
    .getByText(/SHA-256 [0-9a-f]{8}/)
    .first()
    .waitFor({ state: 'visible' });
  await snap('annual-assessment-version-links');

  // The Word link, as the browser fetches it when he presses it: the file of exactly the hashed version.
  const short = (/SHA-256 ([0-9a-f]{12})/.exec(await links.innerText()) as RegExpExecArray)[1];
  const served = new Promise<{ status: number; disposition: string; body: Buffer }>((resolve) => {
    void page.context().route('**/api/export/**', async (route) => {
      const response = await route.fetch();
      resolve({
        status: response.status(),
        disposition: response.headers()['content-disposition'] ?? '',
        body: await response.body(),
      });
      await route.fulfill({ response });
    });
  });
  await links.getByRole('link', { name: da('annualAssessment.downloads.word'), exact: true }).click();
  const word = await Promise.race([
    served,
    new Promise<never>((_, reject) => setTimeout(() => reject(new Error('the Word link was not fetched')), 15_000)),
  ]);
  await page.context().unroute('**/api/export/**');
  if (word.status !== 200 || !/^attachment;.*\.docx/.test(word.disposition))
    throw new Error(`the Word link answered ${word.status} ${word.disposition}`);
  const document = readDocx(word.body).all;
  for (const expected of [annualTitle, `Indholdets SHA-256: ${short}`, 'Uautoriseret adgang til elevplaner'])
    if (!document.includes(expected)) throw new Error(`the Word file does not say "${expected}"`);
  process.stdout.write(
    `    the Word file: ${word.body.length} bytes, SHA-256 ${short}…, the risk among the top risks\n`,
  );
}

/** System owner: answers the screening in the personal chat and confirms the outcome. */
async function answerScreening(page: Page): Promise<void> {
  const request = cardWith(page, da('dpia.notify.ownerHeading', { system }));
  await request.waitFor({ state: 'visible' });
  await snap('screening-request-in-personal-chat');
  await button(request, da('dpia.notify.open')).click();
  const screening = cardWith(page, da('dpia.screening.questions.newTechnology'));
  await fillSettled(screening, async () => {
    const groups = screening.locator('[role="radiogroup"]');
    for (let i = 0; i < (await groups.count()); i++) {
      const no = groups.nth(i).locator('input[type="radio"][value="no"]');
      if (await no.count()) await no.check();
    }
  });
  await button(screening, da('dpia.screening.submit')).click();
  const outcome = cardWith(page, da('dpia.outcome.confirm'));
  await outcome.waitFor({ state: 'visible' });
  await button(outcome, da('dpia.outcome.confirm')).click();
  await page.getByText(da('dpia.outcome.stored')).first().waitFor({ state: 'visible' });
  await snap('screening-answered');
}

const roster = JSON.parse(fs.readFileSync(path.join(projectRoot, 'demo', 'roster.json'), 'utf8')) as {
  users: Array<{ alias: string; name: string }>;
};
const nameOf = (alias: string): string => roster.users.find((user) => user.alias === alias)?.name ?? alias;

browserTest(
  {
    title: 'browser walks: the seven loops between people in the Agents Playground',
    name: 'walks',
    storage: 'disk',
  },
  async (t) => {
    test = t;
    const inLoop = t.inLoop.bind(t);
    const incident = 'employee → coordinator → employee';
    const dpia = 'coordinator → system owner → coordinator';
    const approval = 'coordinator → management → coordinator';
    const measure = 'coordinator → measure owner → coordinator';
    const breach = 'employee → coordinator → DPO';
    const risk = riskWalk(t, { system, owner: nameOf('systemejer'), manager: nameOf('leder') });
    const policy = policyReadWalk(t, { approver: nameOf('direktoer') });
    let number = '';
    let breachNumber = '';

    let page = await t.actAs('medarbejder', 'Sofie (medarbejder)');
    await inLoop(incident, 'Sofie reports an incident and gets its number', async () => {
      number = await reportIncident(page);
      await snap('incident-reported');
    });
    await inLoop(incident, `Sofie asks to attach evidence to ${number} and is told how`, () =>
      askToAttachEvidence(page, number),
    );
    await inLoop(breach, 'Sofie reports a personal-data breach and gets its number', async () => {
      breachNumber = await reportBreach(page);
      await snap('breach-reported');
    });

    page = await t.actAs('koordinator', 'Mette (koordinator)');
    await inLoop(incident, `Mette finds ${number} in the coordinator channel and marks it resolved`, () =>
      triageResolved(page, number),
    );
    await inLoop(dpia, `Mette registers ${system}, picks ${nameOf('systemejer')} as owner, sends the screening`, () =>
      registerAndScreen(page, nameOf('systemejer')),
    );
    await inLoop(measure, `Mette adds a measure to ${number} with ${nameOf('medarbejder')} picked as owner`, () =>
      addMeasure(page, number, nameOf('medarbejder')),
    );
    await inLoop(breach, `Mette opens the breach ${breachNumber} from General and records the decision`, () =>
      recordBreachDecision(page, breachNumber),
    );
    await risk.coordinatorCreates(number);
    // After the risk exists, so the generated assessment has it among its top risks.
    await inLoop(approval, 'Mette generates the annual overall risk assessment and puts it up for approval', () =>
      submitForApproval(page),
    );
    await policy.coordinatorSubmits();

    page = await t.actAs('systemejer', 'Peter (systemejer)');
    await inLoop(dpia, 'Peter answers the screening in his chat and confirms', () => answerScreening(page));
    await risk.ownerAssesses();

    page = await t.actAs('leder', 'Lars (leder)');
    await inLoop(approval, 'Lars approves the generated version and opens it as Word and CSV', async () => {
      await approveItem(t, annualTitle);
      await openDecidedVersion(page);
    });

    await t.actAs('direktoer', 'Anne (direktoer, styregruppen)');
    await policy.steeringApproves();

    page = await t.actAs('koordinator', 'Mette (koordinator) again');
    await inLoop(dpia, `Mette finds the screening outcome for ${system} in the coordinator channel`, async () => {
      await openChat(page, 'General');
      await cardWith(page, da('dpia.notify.coordinatorHeading', { system })).waitFor({ state: 'visible' });
      await snap('screening-outcome-in-coordinator-channel');
    });
    await inLoop(approval, 'Mette sees the risk assessment approved by Lars in Ledergruppen', async () => {
      await openChat(page, 'Ledergruppen');
      const card = cardWith(page, annualTitle);
      await card.getByText(da('approvals.states.approved'), { exact: true }).first().waitFor({ state: 'visible' });
      await card.getByText(nameOf('leder')).first().waitFor({ state: 'visible' });
      await snap('approval-approved-in-management-channel');
    });
    await risk.coordinatorPutsUp();
    await policy.coordinatorSendsOut();

    page = await t.actAs('medarbejder', 'Sofie (medarbejder) again');
    await inLoop(incident, `Sofie is told that ${number} is resolved`, async () => {
      const told = cardWith(page, da('incidents.status.resolved'));
      await told.waitFor({ state: 'visible' });
      await told.getByText(number).first().waitFor();
      await snap('told-resolved');
    });
    await inLoop(measure, 'Sofie finds the measure in her chat and marks it done with a comment', () =>
      markMeasureDone(page),
    );
    await policy.personConfirms('Sofie');

    page = await t.actAs('konsulent', 'Jonas (konsulent, DPO)');
    await inLoop(breach, `Jonas finds ${breachNumber} in his chat and sees the decision and the 72-hour deadline`, () =>
      dpoSeesBreach(page, breachNumber, nameOf('koordinator')),
    );
    await policy.personConfirms('Jonas');

    await t.actAs('leder', 'Lars (leder) again');
    await risk.managerAccepts();

    page = await t.actAs('koordinator', 'Mette (koordinator) a third time');
    await inLoop(measure, `Mette sees the measure done by ${nameOf('medarbejder')}`, async () => {
      const measures = await openMeasures(page, number);
      await measures
        .getByText(new RegExp(`Udført .* af ${nameOf('medarbejder')} – ${measureComment}`))
        .first()
        .waitFor({ state: 'visible' });
      await snap('measure-done-by-owner');
    });
    await risk.coordinatorSeesAccepted();
    await risk.coordinatorExports();
    await policy.coordinatorSeesShares(2, nameOf('medarbejder'));

    t.finishLoops(7);
  },
);
