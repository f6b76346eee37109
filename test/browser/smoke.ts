/**
 * Browser smoke test: the whole local stack (Azurite + bot + Agents Playground) driven from headless Chromium.
 *
 * Types `hjælp` in the playground's personal chat and waits for the Danish welcome card (title and every
 * `welcome.actions.*` button from locales/da/common.json), then reports an incident as an employee would:
 * the card's report button, the report card's required fields, send, and the receipt with its number. Runs on free ports with in-memory Azurite, so it does not
 * collide with a running `npm run dev`. Screenshot: .local/smoke.png. Run: `npm run test:browser`.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { Browser, Locator, Page } from 'playwright-core';
import { projectRoot, startDevStack, watchLauncher, type DevStack } from '../../scripts/dev-stack';
import {
  cardSelector,
  fillSettled,
  freePorts,
  lastCardsText,
  launchChromium,
  openPlayground,
  replyCardAfter,
  sendMessage,
  waitForQuiet,
} from './playground';

const screenshotPath = path.join(projectRoot, '.local', 'smoke.png');
const command = 'hjælp';

/** What the welcome card must show, read from locales/da/common.json at run time. */
interface ExpectedCard {
  title: string;
  buttons: string[];
}

function expectedWelcomeCard(): ExpectedCard & { report: string } {
  const da = JSON.parse(fs.readFileSync(path.join(projectRoot, 'locales', 'da', 'common.json'), 'utf8')) as {
    welcome?: { title?: unknown; actions?: Record<string, unknown> };
  };
  const title = da.welcome?.title;
  const buttons = Object.values(da.welcome?.actions ?? {});
  if (typeof title !== 'string' || buttons.length === 0 || !buttons.every((b) => typeof b === 'string')) {
    throw new Error('locales/da.json needs welcome.title and welcome.actions.* strings');
  }
  const report = da.welcome?.actions?.report;
  if (typeof report !== 'string') throw new Error('locales/da/common.json needs welcome.actions.report');
  return { title, buttons: buttons as string[], report };
}

/** The step currently running, so a failure says where it happened. */
let step = 'start';

async function run<T>(name: string, action: () => Promise<T>): Promise<T> {
  step = name;
  const started = Date.now();
  const result = await action();
  process.stdout.write(`  ✓ ${name} (${((Date.now() - started) / 1000).toFixed(1)} s)\n`);
  return result;
}

async function expectWelcomeCard(card: Locator, expected: ExpectedCard): Promise<void> {
  await card.waitFor({ state: 'visible' });
  await card.getByText(expected.title, { exact: true }).waitFor({ state: 'visible' });
  for (const title of expected.buttons) {
    await card.getByRole('button', { name: title, exact: true }).waitFor({ state: 'visible' });
  }
}

/** The report card's texts the test finds its way by, read from locales/da/incidents.json at run time. */
function reportTexts(): { title: string; submit: string; receipt: string } {
  const da = JSON.parse(fs.readFileSync(path.join(projectRoot, 'locales', 'da', 'incidents.json'), 'utf8')) as {
    incidents?: { report?: Record<string, unknown>; confirmation?: Record<string, unknown> };
  };
  const [title, submit, receipt] = [
    da.incidents?.report?.title,
    da.incidents?.report?.submit,
    da.incidents?.confirmation?.title,
  ];
  if (typeof title !== 'string' || typeof submit !== 'string' || typeof receipt !== 'string')
    throw new Error('locales/da/incidents.json needs incidents.report.title/submit and incidents.confirmation.title');
  return { title, submit, receipt };
}

/**
 * What an employee does next: presses the welcome card's report button, fills in the report card's
 * required fields (the discovery time is filled in by the bot) and sends it; the card becomes the
 * receipt with the incident's number.
 */
async function reportIncident(page: Page, welcome: Locator, report: string): Promise<string> {
  const texts = reportTexts();
  await welcome.getByRole('button', { name: report, exact: true }).click();
  const form = page.locator(cardSelector).filter({ hasText: texts.title }).last();
  await fillSettled(form, async () => {
    await form.locator('input[type="text"]').first().fill('Bærbar glemt i toget');
    await form.locator('textarea').first().fill('Min arbejdscomputer blev glemt i toget til Aarhus.');
    await form.locator('input[type="radio"][value="general"]').check();
    await form.locator('input[type="radio"][value="no"]').check();
  });
  // The filled-in form as the employee sees it, beside the final screenshot, for a person to look at.
  await form.screenshot({ path: path.join(path.dirname(screenshotPath), 'smoke-report.png') }).catch(() => undefined);
  await form.getByRole('button', { name: texts.submit, exact: true }).click();
  const receipt = page.locator(cardSelector).filter({ hasText: texts.receipt }).last();
  await receipt.getByText(/HÆN-\d{4}-\d{4}/).waitFor({ state: 'visible' });
  return (/HÆN-\d{4}-\d{4}/.exec(await receipt.innerText()) as RegExpExecArray)[0];
}

async function screenshot(page: Page | undefined): Promise<void> {
  if (!page) return;
  fs.mkdirSync(path.dirname(screenshotPath), { recursive: true });
  await page.screenshot({ path: screenshotPath, fullPage: true }).catch(() => undefined);
  process.stdout.write(`  screenshot: ${path.relative(projectRoot, screenshotPath)}\n`);
}

interface Resources {
  /** Aborted on Ctrl-C: stops the stack even while it is starting. */
  abort: AbortController;
  starting?: Promise<DevStack>;
  stack?: DevStack;
  browser?: Browser;
  page?: Page;
  stateDir: string;
}

async function cleanUp(resources: Resources): Promise<void> {
  await resources.browser?.close().catch(() => undefined);
  resources.abort.abort();
  await resources.starting?.catch(() => undefined);
  await resources.stack?.stop();
  fs.rmSync(resources.stateDir, { recursive: true, force: true });
}

async function smoke(resources: Resources): Promise<void> {
  const expected = expectedWelcomeCard();
  const ports = await freePorts();
  resources.starting = startDevStack({
    ...ports,
    quiet: true,
    storage: 'memory',
    stateDir: resources.stateDir,
    handleSignals: false,
    signal: resources.abort.signal,
  });
  resources.stack = await run(
    `start Azurite, bot and playground (ports ${Object.values(ports).join(', ')})`,
    () => resources.starting as Promise<DevStack>,
  );
  const stack = resources.stack;
  const crashed = stack.done.then((exit) => {
    if (exit.reason === 'crashed') throw new Error(`${exit.child} exited unexpectedly during the test`);
  });
  crashed.catch(() => undefined); // handled by `guarded`; keeps an unobserved crash from being "unhandled"
  const guarded = <T>(promise: Promise<T>): Promise<T> => Promise.race([promise, crashed.then(() => promise)]);

  resources.browser = await run('launch Chromium', () => launchChromium());
  const page = await run(`open ${stack.url} as ${stack.user.name}`, () =>
    guarded(openPlayground(resources.browser as Browser, stack.url)),
  );
  resources.page = page;
  await run('wait for the install-time messages', () => guarded(waitForQuiet(page)));
  await run(`send "${command}"`, () => guarded(sendMessage(page, command)));
  await run(`welcome card: "${expected.title}" + ${expected.buttons.length} buttons`, () =>
    guarded(expectWelcomeCard(replyCardAfter(page, command), expected)),
  );
  await run(`report an incident: "${expected.report}", fill in, send, receipt with its number`, () =>
    guarded(reportIncident(page, replyCardAfter(page, command), expected.report)),
  );
}

const isRunning = (pid: number): boolean => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

/**
 * A scratch folder for the playground config and log: `.local/smoke-<pid>`. Leftovers of runs that were
 * killed outright (tsx SIGKILLs a script that is slow to acknowledge Ctrl-C) are removed here.
 */
function makeStateDir(): string {
  const base = path.join(projectRoot, '.local');
  fs.mkdirSync(base, { recursive: true });
  for (const entry of fs.readdirSync(base)) {
    const pid = /^smoke-(\d+)$/.exec(entry)?.[1];
    if (pid && !isRunning(Number(pid))) fs.rmSync(path.join(base, entry), { recursive: true, force: true });
  }
  const dir = path.join(base, `smoke-${process.pid}`);
  fs.mkdirSync(dir, { recursive: true });
  return dir;
}

/** Runs the test once; Ctrl-C (or the launcher going away) stops everything and counts as a failure. */
async function main(): Promise<void> {
  const resources: Resources = {
    abort: new AbortController(),
    stateDir: makeStateDir(),
  };
  let interrupted = false;
  const interrupt = (): void => {
    if (interrupted) return;
    interrupted = true;
    process.stdout.write('\ninterrupted; stopping…\n');
    void cleanUp(resources).finally(() => {
      process.stdout.write('0 passed, 1 failed\n');
      process.exit(130);
    });
  };
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) process.on(signal, interrupt);
  watchLauncher(interrupt); // `npm run test:browser` killed with SIGTERM: sh dies, we would not hear of it

  process.stdout.write('browser smoke: welcome card and an incident report in the Agents Playground\n');
  let failed = false;
  try {
    await smoke(resources);
  } catch (error) {
    if (interrupted) return;
    failed = true;
    const message = String((error as Error)?.message ?? error).replace(/\n/g, '\n    ');
    process.stdout.write(`  ✗ ${step}\n    ${message}\n`);
    if (resources.page) process.stdout.write(`\nWhat the chat shows last:\n${await lastCardsText(resources.page)}\n`);
    if (resources.stack) process.stdout.write(`\nLast output of the stack:\n${resources.stack.recentOutput()}\n`);
  }
  if (interrupted) return;
  await screenshot(resources.page);
  await cleanUp(resources);
  process.stdout.write(failed ? '0 passed, 1 failed\n' : '1 passed, 0 failed\n');
  process.exit(failed ? 1 : 0);
}

void main();
