/**
 * Browser walks: the five loops between people, in the Agents Playground, as the people involved.
 *
 * One stack on kept ports and kept storage (a scratch folder), restarted as each person in turn —
 * exactly `npm run dev -- --as <alias>` — so what one person leaves is what the next one finds:
 *
 * - employee → coordinator → employee: Sofie reports an incident; Mette finds the notice in the
 *   coordinator channel (General), opens it and marks it resolved; Sofie is told in her chat.
 * - coordinator → system owner → coordinator: Mette registers a system, picking Peter as owner in the
 *   people picker, and sends him the DPIA screening; Peter answers and confirms; Mette finds the
 *   outcome in the coordinator channel.
 * - coordinator → management → coordinator: Mette submits the annual risk assessment for approval;
 *   Lars (management) approves it in Ledergruppen; Mette sees it approved there.
 * - coordinator → measure owner → coordinator (#20): Mette adds a remedial measure to Sofie's
 *   incident, picking Sofie as its owner; Sofie finds it in her chat and marks it done with a
 *   comment; Mette sees it done by Sofie on the incident's measures card.
 * - employee → coordinator → DPO (#16): Sofie reports a personal-data breach; Mette opens it from its
 *   notice in General and records the breach decision; Jonas (the DPO) finds the breach notice in his
 *   chat and opens the breach: its number, the decision and the 72-hour deadline.
 *
 * Buttons and texts are found by the Danish strings in `locales/da/*.json`, read at run time.
 * Screenshots: `.local/walks/NN-<alias>-<what>.png` (git-ignored). Run: `npm run test:browser`.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { Browser, Locator, Page } from 'playwright-core';
import { projectRoot, startDevStack, watchLauncher, type DevStack } from '../../scripts/dev-stack';
import {
  cardSelector,
  da,
  daStart,
  fillSettled,
  freePorts,
  lastCardsText,
  launchChromium,
  openPlayground,
  sendMessage,
  waitForQuiet,
} from './playground';

const shotsDir = path.join(projectRoot, '.local', 'walks');
const system = 'Elevplan';
let shot = 0;
let step = 'start';

interface Walk {
  ports: Awaited<ReturnType<typeof freePorts>>;
  stateDir: string;
  browser?: Browser;
  stack?: DevStack;
  page?: Page;
}

async function run<T>(name: string, action: () => Promise<T>): Promise<T> {
  step = name;
  const started = Date.now();
  const result = await action();
  process.stdout.write(`  ✓ ${name} (${((Date.now() - started) / 1000).toFixed(1)} s)\n`);
  return result;
}

/** Keeps what the person sees now, named by step and person. */
async function snap(page: Page, alias: string, what: string): Promise<void> {
  shot += 1;
  const file = path.join(shotsDir, `${String(shot).padStart(2, '0')}-${alias}-${what}.png`);
  await page.screenshot({ path: file });
  process.stdout.write(`    screenshot: ${path.relative(projectRoot, file)}\n`);
}

/** Stops whoever was acting and starts the stack as `alias`, on the same ports and storage. */
async function actAs(walk: Walk, alias: string): Promise<Page> {
  await walk.page?.context().close();
  await walk.stack?.stop();
  walk.stack = await startDevStack({
    ...walk.ports,
    as: alias,
    quiet: true,
    storage: 'disk',
    stateDir: walk.stateDir,
    handleSignals: false,
  });
  walk.page = await openPlayground(walk.browser as Browser, walk.stack.url);
  await waitForQuiet(walk.page);
  return walk.page;
}

/** Opens a chat or channel in the playground's left pane (its own English names). */
async function openChat(page: Page, name: 'Personal Chat' | 'General' | 'Ledergruppen'): Promise<void> {
  await page.getByText(name, { exact: true }).first().click();
  await page.waitForTimeout(500);
}

/** The newest card on screen that shows `text`. */
const cardWith = (page: Page, text: string | RegExp): Locator =>
  page.locator(cardSelector).filter({ hasText: text }).last();

const button = (card: Locator, title: string): Locator => card.getByRole('button', { name: title, exact: true });

/**
 * Picks `option` (value `value`) of the choice labelled `label`: a radio button when the card shows the
 * choices expanded, else Teams' drop-down (the playground renders it as a combobox, not a <select>).
 */
async function choose(card: Locator, label: string, option: string, value: string): Promise<void> {
  const radio = card.locator(`input[type="radio"][value="${value}"]`);
  if (await radio.count()) return radio.first().check();
  const named = card.getByRole('combobox', { name: label });
  await ((await named.count()) ? named.first() : card.getByRole('combobox').first()).click();
  await card.page().getByRole('option', { name: option, exact: true }).click();
}

async function fillText(card: Locator, label: string, value: string): Promise<void> {
  await card.getByLabel(label, { exact: false }).first().fill(value);
}

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
  await snap(page, 'medarbejder', 'breach-report-filled');
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
  await snap(page, 'koordinator', 'breach-notice-in-coordinator-channel');
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
  await snap(page, 'koordinator', 'breach-decision-filled');
  await button(decision, da('incidents.triage.recordDecision')).click();
  const recorded = page.getByText(daStart('incidents.triage.decisionRecorded')).first();
  await recorded.waitFor({ state: 'visible' });
  await recorded.scrollIntoViewIfNeeded();
  await snap(page, 'koordinator', 'breach-decision-recorded');
}

/** DPO: finds the breach notice in the personal chat and opens the breach: number, decision and the 72-hour deadline. */
async function dpoSeesBreach(page: Page, number: string, coordinator: string): Promise<void> {
  await openChat(page, 'Personal Chat');
  const notice = cardWith(page, da('dpo.breach.noticeHeading', { number }));
  await notice.waitFor({ state: 'visible' });
  await notice.getByText(daStart('dpo.breach.noticeBody')).first().waitFor();
  await snap(page, 'konsulent', 'breach-notice-in-personal-chat');
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
  await snap(page, 'konsulent', 'breach-card-with-decision-and-deadline');
}

/** Coordinator: finds the notice in the coordinator channel, opens the incident and marks it resolved. */
async function triageResolved(page: Page, number: string): Promise<void> {
  await openChat(page, 'General');
  const notice = cardWith(page, number);
  await notice.waitFor({ state: 'visible' });
  await snap(page, 'koordinator', 'notice-in-coordinator-channel');
  const open = button(notice, da('incidents.notice.open'));
  if (await open.count()) await open.click();
  const triage = cardWith(page, da('incidents.triage.state'));
  await triage.waitFor({ state: 'visible' });
  await choose(triage, da('incidents.triage.state'), da('incidents.states.resolved'), 'resolved');
  await button(triage, da('incidents.triage.save')).click();
  await cardWith(page, da('incidents.triage.saved')).waitFor({ state: 'visible' });
  await snap(page, 'koordinator', 'incident-resolved');
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
  await fillText(form, da('measures.card.text'), 'Skift adgangskoden og slå totrinsbekræftelse til');
  await form.locator('.ms-PeoplePicker input').fill(owner.split(' ')[0]);
  await page
    .getByRole('option', { name: new RegExp(owner) })
    .first()
    .click();
  // The due date: Teams' date picker opens a calendar; the last day of the month shown.
  await form.getByPlaceholder(/date/i).first().click();
  await page.locator('[role="grid"] button').filter({ hasText: /^31$/ }).first().click();
  await snap(page, 'koordinator', 'measure-owner-picked');
  await button(form, da('measures.card.add')).click();
  await page.getByText(da('measures.card.added', { owner })).first().waitFor({ state: 'visible' });
  await snap(page, 'koordinator', 'measure-sent-to-owner');
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
  await snap(page, 'medarbejder', 'measure-in-personal-chat');
  await button(task, da('measures.task.done')).click();
  await page.getByText(da('measures.task.saved')).first().waitFor({ state: 'visible' });
  await snap(page, 'medarbejder', 'measure-marked-done');
}

/** Coordinator: registers a system with Peter picked as owner, and sends him the DPIA screening. */
async function registerAndScreen(page: Page, owner: string): Promise<void> {
  await openChat(page, 'Personal Chat');
  await sendMessage(page, 'systemer');
  await button(cardWith(page, da('systems.list.new')), da('systems.list.new')).click();
  const form = cardWith(page, da('systems.form.titleNew'));
  await form.waitFor({ state: 'visible' });
  await fillText(form, da('systems.form.nameLabel'), system);
  await fillText(form, da('systems.form.purposeLabel'), 'Elevernes individuelle planer');
  await fillText(form, da('systems.form.supplierLabel'), 'Visma');
  await fillText(form, da('systems.form.planLabel'), 'https://intranet.egedal-demo.dk/beredskab/elevplan');
  // The people picker, as Teams shows it: type the start of the name and pick the person.
  await form.locator('.ms-PeoplePicker input').fill(owner.split(' ')[0]);
  await page
    .getByRole('option', { name: new RegExp(owner) })
    .first()
    .click();
  await form.locator('input[type="radio"][value="no"]').first().check();
  await snap(page, 'koordinator', 'system-form-owner-picked');
  await button(form, da('systems.form.save')).click();
  const detail = cardWith(page, da('systems.detail.startScreening'));
  await detail.waitFor({ state: 'visible' });
  await button(detail, da('systems.detail.startScreening')).click();
  await choose(detail, da('systems.detail.triggerLabel'), da('dpia.triggers.new'), 'new');
  await button(detail, da('systems.detail.screeningSend')).click();
  // The answer names the owner by name (not by object id).
  await page.getByText(da('dpia.notify.sentToOwner', { owner })).first().waitFor({ state: 'visible' });
  await snap(page, 'koordinator', 'screening-sent-to-owner-by-name');
}

/** Coordinator: submits the annual risk assessment to the management group. */
async function submitForApproval(page: Page): Promise<void> {
  await openChat(page, 'Personal Chat');
  await sendMessage(page, 'godkendelse');
  const form = cardWith(page, da('approvals.submit.title'));
  await form.waitFor({ state: 'visible' });
  await choose(
    form,
    da('approvals.submit.kindLabel'),
    da('approvals.kindChoices.annualRiskAssessment'),
    'annualRiskAssessment',
  );
  await fillText(form, da('approvals.submit.titleLabel'), 'Samlet risikovurdering 2026');
  await fillText(form, da('approvals.submit.versionLabel'), '1.0');
  await fillText(form, da('approvals.submit.linkLabel'), 'https://intranet.egedal-demo.dk/risiko-2026');
  await button(form, da('approvals.submit.submit')).click();
  await page.getByText(daStart('approvals.messages.posted')).first().waitFor({ state: 'visible' });
  await snap(page, 'koordinator', 'approval-submitted');
  await openChat(page, 'Ledergruppen');
  await cardWith(page, 'Samlet risikovurdering 2026').waitFor({ state: 'visible' });
  await snap(page, 'koordinator', 'approval-posted-in-management-channel');
}

/** System owner: answers the screening in the personal chat and confirms the outcome. */
async function answerScreening(page: Page): Promise<void> {
  const request = cardWith(page, da('dpia.notify.ownerHeading', { system }));
  await request.waitFor({ state: 'visible' });
  await snap(page, 'systemejer', 'screening-request-in-personal-chat');
  await button(request, da('dpia.notify.open')).click();
  const screening = cardWith(page, da('dpia.screening.questions.newTechnology'));
  await screening.waitFor({ state: 'visible' });
  const groups = screening.locator('[role="radiogroup"]');
  for (let i = 0; i < (await groups.count()); i++) {
    const no = groups.nth(i).locator('input[type="radio"][value="no"]');
    if (await no.count()) await no.check();
  }
  await button(screening, da('dpia.screening.submit')).click();
  const outcome = cardWith(page, da('dpia.outcome.confirm'));
  await outcome.waitFor({ state: 'visible' });
  await button(outcome, da('dpia.outcome.confirm')).click();
  await page.getByText(da('dpia.outcome.stored')).first().waitFor({ state: 'visible' });
  await snap(page, 'systemejer', 'screening-answered');
}

/**
 * Manager: approves — on the channel card where it offers the buttons (Teams shows them through the
 * card's per-user refresh, which the playground does not do), else from the pending approvals in his
 * personal chat (`godkendelser`).
 */
async function approve(page: Page): Promise<void> {
  await openChat(page, 'Ledergruppen');
  const card = cardWith(page, 'Samlet risikovurdering 2026');
  await card.waitFor({ state: 'visible' });
  await snap(page, 'leder', 'approval-in-management-channel');
  let approveButton = button(card, da('approvals.card.approve'));
  if (!(await approveButton.count())) {
    await openChat(page, 'Personal Chat');
    await sendMessage(page, 'godkendelser');
    const pending = cardWith(page, 'Samlet risikovurdering 2026');
    await pending.waitFor({ state: 'visible', timeout: 10_000 }).catch(() => {
      throw new Error('no approve button: not on the channel card, and `godkendelser` lists nothing to approve');
    });
    approveButton = button(pending, da('approvals.card.approve'));
    if (!(await approveButton.count())) {
      // The list names each item with an open button; the opened item is the member's own view with the actions.
      await button(pending, da('approvals.list.open')).first().click();
      approveButton = button(cardWith(page, 'Samlet risikovurdering 2026'), da('approvals.card.approve'));
      await approveButton.first().waitFor({ state: 'visible' });
    }
  }
  await approveButton.first().click();
  await page.getByText(da('approvals.states.approved'), { exact: true }).first().waitFor({ state: 'visible' });
  await snap(page, 'leder', 'approved');
}

/** The loops, and the first step of each that failed: a failed loop walks no further, the others go on. */
const failedLoops = new Map<string, string>();

async function inLoop(loop: string, name: string, action: () => Promise<unknown>): Promise<void> {
  const failedAt = failedLoops.get(loop);
  if (failedAt) return void process.stdout.write(`  - ${name} (not walked: ${loop} failed earlier)\n`);
  try {
    await run(name, action);
  } catch (error) {
    failedLoops.set(loop, name);
    process.stdout.write(`  ✗ ${name}\n    ${String((error as Error)?.message ?? error).split('\n')[0]}\n`);
    if (walkPage) await snap(walkPage, 'failed', name.replace(/[^a-zA-Z0-9]+/g, '-').slice(0, 60));
  }
}
let walkPage: Page | undefined;

async function walks(walk: Walk): Promise<void> {
  const roster = JSON.parse(fs.readFileSync(path.join(projectRoot, 'demo', 'roster.json'), 'utf8')) as {
    users: Array<{ alias: string; name: string }>;
  };
  const nameOf = (alias: string) => roster.users.find((user) => user.alias === alias)?.name ?? alias;
  walk.browser = await run('launch Chromium', () => launchChromium());

  const incident = 'employee → coordinator → employee';
  const dpia = 'coordinator → system owner → coordinator';
  const approval = 'coordinator → management → coordinator';
  const measure = 'coordinator → measure owner → coordinator';
  const breach = 'employee → coordinator → DPO';
  let number = '';
  let breachNumber = '';
  let page = await run('Sofie (medarbejder) starts', () => actAs(walk, 'medarbejder'));
  walkPage = page;
  await inLoop(incident, 'Sofie reports an incident and gets its number', async () => {
    number = await reportIncident(page);
    await snap(page, 'medarbejder', 'incident-reported');
  });
  await inLoop(breach, 'Sofie reports a personal-data breach and gets its number', async () => {
    breachNumber = await reportBreach(page);
    await snap(page, 'medarbejder', 'breach-reported');
  });

  page = walkPage = await run('Mette (koordinator) starts', () => actAs(walk, 'koordinator'));
  await inLoop(incident, `Mette finds ${number} in the coordinator channel and marks it resolved`, () =>
    triageResolved(page, number),
  );
  await inLoop(dpia, `Mette registers ${system}, picks ${nameOf('systemejer')} as owner, sends the screening`, () =>
    registerAndScreen(page, nameOf('systemejer')),
  );
  await inLoop(approval, 'Mette submits the annual risk assessment for approval', () => submitForApproval(page));
  await inLoop(measure, `Mette adds a measure to ${number} with ${nameOf('medarbejder')} picked as owner`, () =>
    addMeasure(page, number, nameOf('medarbejder')),
  );
  await inLoop(breach, `Mette opens the breach ${breachNumber} from General and records the decision`, () =>
    recordBreachDecision(page, breachNumber),
  );

  page = walkPage = await run('Peter (systemejer) starts', () => actAs(walk, 'systemejer'));
  await inLoop(dpia, 'Peter answers the screening in his chat and confirms', () => answerScreening(page));

  page = walkPage = await run('Lars (leder) starts', () => actAs(walk, 'leder'));
  await inLoop(approval, 'Lars approves', () => approve(page));

  page = walkPage = await run('Sofie (medarbejder) starts again', () => actAs(walk, 'medarbejder'));
  await inLoop(incident, `Sofie is told that ${number} is resolved`, async () => {
    const told = cardWith(page, da('incidents.status.resolved'));
    await told.waitFor({ state: 'visible' });
    await told.getByText(number).first().waitFor();
    await snap(page, 'medarbejder', 'told-resolved');
  });
  await inLoop(measure, 'Sofie finds the measure in her chat and marks it done with a comment', () =>
    markMeasureDone(page),
  );

  page = walkPage = await run('Mette (koordinator) starts again', () => actAs(walk, 'koordinator'));
  await inLoop(dpia, `Mette finds the screening outcome for ${system} in the coordinator channel`, async () => {
    await openChat(page, 'General');
    await cardWith(page, da('dpia.notify.coordinatorHeading', { system })).waitFor({ state: 'visible' });
    await snap(page, 'koordinator', 'screening-outcome-in-coordinator-channel');
  });
  await inLoop(approval, 'Mette sees the risk assessment approved by Lars in Ledergruppen', async () => {
    await openChat(page, 'Ledergruppen');
    const card = cardWith(page, 'Samlet risikovurdering 2026');
    await card.getByText(da('approvals.states.approved'), { exact: true }).first().waitFor({ state: 'visible' });
    await card.getByText(nameOf('leder')).first().waitFor({ state: 'visible' });
    await snap(page, 'koordinator', 'approval-approved-in-management-channel');
  });
  await inLoop(measure, `Mette sees the measure done by ${nameOf('medarbejder')}`, async () => {
    const measures = await openMeasures(page, number);
    await measures
      .getByText(new RegExp(`Udført .* af ${nameOf('medarbejder')} – ${measureComment}`))
      .first()
      .waitFor({ state: 'visible' });
    await snap(page, 'koordinator', 'measure-done-by-owner');
  });

  page = walkPage = await run('Jonas (konsulent, DPO) starts', () => actAs(walk, 'konsulent'));
  await inLoop(breach, `Jonas finds ${breachNumber} in his chat and sees the decision and the 72-hour deadline`, () =>
    dpoSeesBreach(page, breachNumber, nameOf('koordinator')),
  );
  for (const [loop, at] of failedLoops) process.stdout.write(`  loop ${loop} failed at: ${at}\n`);
  step = 'the five loops';
  if (failedLoops.size > 0) throw new Error(`${failedLoops.size} of 5 loops failed`);
}

async function main(): Promise<void> {
  fs.rmSync(shotsDir, { recursive: true, force: true });
  fs.mkdirSync(shotsDir, { recursive: true });
  const walk: Walk = { ports: await freePorts(), stateDir: path.join(projectRoot, '.local', `walks-${process.pid}`) };
  const cleanUp = async () => {
    await walk.browser?.close().catch(() => undefined);
    await walk.stack?.stop();
    fs.rmSync(walk.stateDir, { recursive: true, force: true });
  };
  const interrupt = (): void => void cleanUp().finally(() => process.exit(130));
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) process.on(signal, interrupt);
  watchLauncher(interrupt);

  process.stdout.write('browser walks: the five loops between people in the Agents Playground\n');
  let failed = false;
  try {
    await walks(walk);
  } catch (error) {
    failed = true;
    process.stdout.write(`  ✗ ${step}\n    ${String((error as Error)?.message ?? error).replace(/\n/g, '\n    ')}\n`);
    if (walk.page && failedLoops.size === 0)
      await snap(walk.page, 'failed', step.replace(/[^a-zA-Z0-9]+/g, '-').slice(0, 60));
    if (walk.page) process.stdout.write(`\nWhat the chat shows last:\n${await lastCardsText(walk.page)}\n`);
    if (walk.stack) process.stdout.write(`\nLast output of the stack:\n${walk.stack.recentOutput()}\n`);
  }
  await cleanUp();
  process.stdout.write(failed ? '0 passed, 1 failed\n' : '1 passed, 0 failed\n');
  process.exit(failed ? 1 : 0);
}

void main();
