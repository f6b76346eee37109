/**
 * Browser walk: "Meld som sikkerhedshændelse" on a message, in the Agents Playground, as an employee.
 *
 * The playground does not read the app manifest, so it lists no message actions by name: its
 * message menu (…) offers "Action Command", which asks for the command id (`reportMessage`) and
 * then sends `composeExtension/fetchTask` with the message as `messagePayload`, shows the dialog the
 * bot answers, and sends its `Action.Submit` as `composeExtension/submitAction`.
 *
 * Screenshots: `.local/message-action/NN-<what>.png` (git-ignored). Run: `npx tsx test/browser/message-action.ts`.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { projectRoot, startDevStack, watchLauncher, type DevStack } from '../../scripts/dev-stack';
import {
  cardSelector,
  da,
  daStart,
  freePorts,
  lastCardsText,
  launchChromium,
  openPlayground,
  sendMessage,
  waitForQuiet,
} from './playground';

const shotsDir = path.join(projectRoot, '.local', 'message-action');
const suspicious = 'Din adgangskode udløber i dag. Bekræft den her: https://login-egedal.example/reset';
let shot = 0;
let step = 'start';

async function snap(page: Page, what: string): Promise<void> {
  shot += 1;
  const file = path.join(shotsDir, `${String(shot).padStart(2, '0')}-${what}.png`);
  await page.screenshot({ path: file });
  process.stdout.write(`    screenshot: ${path.relative(projectRoot, file)}\n`);
}

async function run<T>(name: string, action: () => Promise<T>): Promise<T> {
  step = name;
  const result = await action();
  process.stdout.write(`  ✓ ${name}\n`);
  return result;
}

async function walk(page: Page): Promise<void> {
  await run('the employee writes a suspicious message; the bot offers the report card with its text', async () => {
    await sendMessage(page, suspicious);
    await page
      .locator(cardSelector)
      .filter({ hasText: da('incidents.fromMessage.pasted') })
      .last()
      .waitFor();
    await snap(page, 'pasted-message-offers-report');
  });
  await run(
    'the message menu (…) → Action Command → reportMessage opens the report dialog with the message',
    async () => {
      // The message's own menu: the "…" just above our message's bubble (its header).
      const bubble = page.getByText(suspicious, { exact: true }).first();
      await bubble.hover();
      const box = await bubble.boundingBox();
      if (!box) throw new Error('the message is not on screen');
      const buttons = page.locator('button').filter({ visible: true });
      const above = await buttons.evaluateAll(
        (found, at) =>
          found
            .map((button, i) => ({ i, rect: button.getBoundingClientRect() }))
            .filter(
              ({ rect }) =>
                rect.bottom <= at.y + 2 && rect.bottom >= at.y - 40 && rect.left >= at.x - 40 && rect.right <= at.right,
            )
            .map(({ i }) => i),
        { y: box.y, x: box.x, right: box.x + box.width },
      );
      if (above.length === 0) throw new Error('no menu button above the message');
      await buttons.nth(above[0] as number).click();
      await snap(page, 'message-menu');
      await page.getByText('Action Command').first().click();
      await page.getByPlaceholder('Input command id or leave blanks').fill('reportMessage');
      await snap(page, 'command-id');
      await page.getByRole('button', { name: 'Create' }).click();
      await page.getByText(da('incidents.report.evidenceTitle')).first().waitFor();
      await snap(page, 'report-dialog-with-evidence');
    },
  );
  await run('the employee fills in the rest and sends; the dialog closes with the number', async () => {
    const dialog = page.getByRole('dialog').last();
    await dialog.locator('input[type="radio"][value="general"]').check();
    await dialog.locator('input[type="radio"][value="no"]').check();
    await snap(page, 'report-dialog-filled');
    await dialog.getByRole('button', { name: da('incidents.report.submit'), exact: true }).click();
    await page.getByText(daStart('incidents.fromMessage.received')).first().waitFor();
    await snap(page, 'dialog-receipt');
    await page.getByRole('dialog').last().getByRole('button').first().click();
    await page
      .locator(cardSelector)
      .filter({ hasText: /HÆN-\d{4}-\d{4}/ })
      .last()
      .waitFor();
    await snap(page, 'receipt-in-personal-chat');
  });
}

async function main(): Promise<void> {
  fs.rmSync(shotsDir, { recursive: true, force: true });
  fs.mkdirSync(shotsDir, { recursive: true });
  let browser: Browser | undefined;
  let stack: DevStack | undefined;
  let page: Page | undefined;
  const cleanUp = async () => {
    await browser?.close().catch(() => undefined);
    await stack?.stop();
  };
  const interrupt = (): void => void cleanUp().finally(() => process.exit(130));
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) process.on(signal, interrupt);
  watchLauncher(interrupt);
  process.stdout.write('browser walk: reporting a message as a security incident in the Agents Playground\n');
  let failed = false;
  try {
    stack = await startDevStack({ ...(await freePorts()), as: 'medarbejder', quiet: true, handleSignals: false });
    browser = await launchChromium();
    page = await openPlayground(browser, stack.url);
    await waitForQuiet(page);
    await walk(page);
  } catch (error) {
    failed = true;
    process.stdout.write(`  ✗ ${step}\n    ${String((error as Error)?.message ?? error).replace(/\n/g, '\n    ')}\n`);
    if (page) await snap(page, 'failed').catch(() => undefined);
    if (page) process.stdout.write(`\nWhat the chat shows last:\n${await lastCardsText(page)}\n`);
    if (stack) process.stdout.write(`\nLast output of the stack:\n${stack.recentOutput()}\n`);
  }
  await cleanUp();
  process.stdout.write(failed ? '0 passed, 1 failed\n' : '1 passed, 0 failed\n');
  process.exit(failed ? 1 : 0);
}

void main();
