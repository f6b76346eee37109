/**
 * What the browser tests share: free ports, headless Chromium, the Agents Playground's page and its
 * compose box, and the Danish texts read from `locales/da/*.json` at run time (so rewording a text
 * does not break a walk, and a missing text fails it plainly).
 */
import fs from 'node:fs';
import path from 'node:path';
import { chromium, type Browser, type Locator, type Page } from 'playwright-core';
import { projectRoot } from '../../scripts/dev-stack';
import { freePort } from '../support/ports';

export const stepTimeoutMs = 30_000;
export const cardSelector = 'div.ac-adaptiveCard';

/** Six distinct free ports (never the dev defaults, so a running `npm run dev` is left alone). */
export async function freePorts(): Promise<{
  azuritePort: number;
  azuriteBlobPort: number;
  azuriteQueuePort: number;
  botPort: number;
  playgroundPort: number;
  hopPort: number;
}> {
  const ports = new Set<number>();
  while (ports.size < 6) ports.add(await freePort());
  const [azuritePort, azuriteBlobPort, azuriteQueuePort, botPort, playgroundPort, hopPort] = [...ports];
  return { azuritePort, azuriteBlobPort, azuriteQueuePort, botPort, playgroundPort, hopPort };
}

/** Debian's Chromium, headless, offline. */
export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
    handleSIGINT: false,
    handleSIGTERM: false,
  });
}

/** Opens the playground in Danish with only local traffic allowed, and waits for its compose box. */
export async function openPlayground(browser: Browser, url: string): Promise<Page> {
  const context = await browser.newContext({ locale: 'da-DK', viewport: { width: 1400, height: 900 } });
  // The playground UI fetches fonts and animations from Microsoft's CDN; the test must not depend on the network.
  await context.route('**/*', (route) => {
    const host = new URL(route.request().url()).hostname;
    return host === 'localhost' || host === '127.0.0.1' ? route.continue() : route.abort();
  });
  const page = await context.newPage();
  page.setDefaultTimeout(stepTimeoutMs);
  await page.goto(url, { waitUntil: 'domcontentloaded' });
  await composeBox(page).waitFor({ state: 'visible' });
  return page;
}

export const composeBox = (page: Page): Locator =>
  page.locator('[role="textbox"][contenteditable="true"][data-lexical-editor]');

/**
 * Waits until the bot's install-time messages (if any) have arrived: the playground's log panel shows that the
 * bot answered its `conversationUpdate`, and then the card count stays unchanged for a while.
 */
export async function waitForQuiet(page: Page, quietMs = 1500): Promise<void> {
  await page
    .getByText(/conversationUpdate\s+200/)
    .first()
    .waitFor({ state: 'attached' });
  const deadline = Date.now() + stepTimeoutMs;
  let count = await page.locator(cardSelector).count();
  let stableSince = Date.now();
  while (Date.now() - stableSince < quietMs) {
    if (Date.now() > deadline) throw new Error('the chat did not settle after connecting');
    await page.waitForTimeout(250);
    const now = await page.locator(cardSelector).count();
    if (now !== count) [count, stableSince] = [now, Date.now()];
  }
}

export async function sendMessage(page: Page, text: string): Promise<void> {
  await composeBox(page).click();
  await page.keyboard.type(text);
  await page.getByRole('button', { name: 'Send Message' }).click();
}

/** The first card after our own message in the chat (the chat pane precedes the log panel in the DOM). */
export function replyCardAfter(page: Page, text: string): Locator {
  const card = `div[contains(concat(' ', normalize-space(@class), ' '), ' ac-adaptiveCard ')]`;
  // The last such message that a card follows: the log panel, after the chat, may echo the text too.
  return page
    .locator(`xpath=(//span[normalize-space(.)='${text}'][following::${card}])[last()]/following::${card}`)
    .first();
}

/** A Danish string by its key (`incidents.report.title`), from `locales/da/<feature>.json`; fails plainly if missing. */
export function da(key: string, values: Record<string, string | number> = {}): string {
  const [feature] = key.split('.');
  const file = path.join(projectRoot, 'locales', 'da', `${feature}.json`);
  const catalogs = fs.readdirSync(path.dirname(file)).map((name) => path.join(path.dirname(file), name));
  for (const catalog of fs.existsSync(file) ? [file] : catalogs) {
    const found = key
      .split('.')
      .reduce<unknown>(
        (node, part) => (node && typeof node === 'object' ? (node as Record<string, unknown>)[part] : undefined),
        JSON.parse(fs.readFileSync(catalog, 'utf8')),
      );
    if (typeof found === 'string')
      return found.replace(/\{(\w+)\}/g, (whole, name: string) => String(values[name] ?? whole));
  }
  throw new Error(`locales/da has no string ${key}`);
}

/** The part of a Danish string before its first placeholder, for finding a text that carries values. */
export const daStart = (key: string): string => da(key).split('{')[0].trim();

/**
 * What the chat shows at the end (the last `count` cards, as text), printed when a step fails: CI keeps
 * no screenshot, so this is what tells a reader what the person was looking at.
 */
export async function lastCardsText(page: Page, count = 3): Promise<string> {
  const texts = await page
    .locator(cardSelector)
    .allInnerTexts()
    .catch(() => [] as string[]);
  return texts
    .slice(-count)
    .map(
      (text, i) =>
        `  [card ${texts.length - Math.min(count, texts.length) + i + 1}/${texts.length}]\n    ${text.replace(/\s*\n\s*/g, ' | ').slice(0, 600)}`,
    )
    .join('\n');
}

/**
 * Fills in a card and makes sure it is still the same card afterwards. The playground now and then draws
 * a card again shortly after it appears (a new copy: what was typed is gone), and a card sent then goes
 * out empty. So: wait until the card has stayed put for a moment, fill it, and if it was drawn again
 * meanwhile, fill the new copy. What the person types is checked by the bot as ever.
 */
export async function fillSettled(card: Locator, fill: () => Promise<void>): Promise<void> {
  for (let attempt = 1; attempt <= 3; attempt++) {
    await card.waitFor({ state: 'visible' });
    const mark = `filled-${attempt}`;
    await card.evaluate((element, value) => element.setAttribute('data-test-mark', value), mark);
    await card.page().waitForTimeout(500);
    await fill();
    await card.page().waitForTimeout(300);
    const same = await card
      .evaluate((element, value) => element.getAttribute('data-test-mark') === value, mark)
      .catch(() => false);
    if (same) return;
  }
  throw new Error('the card was drawn again each time it was filled in (3 tries)');
}
