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

/** Opens a chat or channel in the playground's left pane (its own English names). */
export async function openChat(page: Page, name: 'Personal Chat' | 'General' | 'Ledergruppen'): Promise<void> {
  await page.getByText(name, { exact: true }).first().click();
  await page.waitForTimeout(500);
}

/** The newest card on screen that shows `text`. */
export const cardWith = (page: Page, text: string | RegExp): Locator =>
  page.locator(cardSelector).filter({ hasText: text }).last();

/** A card's button (or a card action's) by its exact title. */
export const button = (card: Locator, title: string): Locator => card.getByRole('button', { name: title, exact: true });

/**
 * Picks `option` (value `value`) of the choice labelled `label`: a radio button when the card shows the
 * choices expanded, else Teams' drop-down (the playground renders it as a combobox, not a <select>).
 */
export async function choose(card: Locator, label: string, option: string, value: string): Promise<void> {
  const radio = card.locator(`input[type="radio"][value="${value}"]`);
  if (await radio.count()) return radio.first().check();
  const named = card.getByRole('combobox', { name: label });
  await ((await named.count()) ? named.first() : card.getByRole('combobox').first()).click();
  await card.page().getByRole('option', { name: option, exact: true }).click();
}

/** Types `value` into the card's field labelled `label` (the start of the label is enough). */
export async function fillText(card: Locator, label: string, value: string): Promise<void> {
  await card.getByLabel(label, { exact: false }).first().fill(value);
}

/** Picks `name` in the card's people picker (as Teams shows it: type the start of the name, pick the person). */
export async function pickPerson(card: Locator, name: string): Promise<void> {
  await card.locator('.ms-PeoplePicker input').first().fill(name.split(' ')[0]);
  await card
    .page()
    .getByRole('option', { name: new RegExp(name) })
    .first()
    .click();
}

/** Ticks `option` in the card's multi-select drop-down labelled `label` (Teams shows the options with check boxes). */
export async function chooseMany(card: Locator, label: string, option: string): Promise<void> {
  const page = card.page();
  await card.getByRole('combobox', { name: label }).first().click();
  await page
    .getByRole('option', { name: option })
    .or(page.getByRole('checkbox', { name: option }))
    .or(page.getByRole('menuitemcheckbox', { name: option }))
    .first()
    .click();
  await page.keyboard.press('Escape');
}

/**
 * Starts a new post in a channel addressed to the bot, as Teams has it: the channel's own compose box
 * above its posts, `@` and the bot picked from the suggestions (a bot hears a channel only when mentioned).
 */
export async function postInChannel(page: Page, text: string, bot = 'Sikkerhedsbot'): Promise<void> {
  await composeBox(page).first().click();
  await page.keyboard.type(`@${bot.slice(0, 4)}`);
  await page.locator('#typeahead-menu').getByText(bot, { exact: true }).first().click();
  await page.keyboard.type(` ${text}`);
  await page.getByRole('button', { name: 'Post', exact: true }).click();
}

/**
 * Scrolls the chat so that `target` (a card, or a text in one) is at its top, for a screenshot of a card
 * taller than the chat. The playground scrolls the chat to the newest post when it draws a card again,
 * so this waits until the target has stayed at the top for two animation frames (scrolling again if not).
 */
export async function showTop(target: Locator): Promise<void> {
  const page = target.page();
  // In the page (a string: the project's TypeScript has no DOM types): two frames drawn.
  const frames = (): Promise<unknown> =>
    page.evaluate('new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve)))');
  for (let attempt = 1; attempt <= 5; attempt++) {
    await target.evaluate((element) => element.scrollIntoView({ block: 'start' }));
    const before = (await target.boundingBox())?.y;
    await frames();
    const after = (await target.boundingBox())?.y;
    if (before !== undefined && after === before && after >= 0 && after < (page.viewportSize()?.height ?? 900) / 2)
      return;
  }
}

/**
 * Fails when a text of the card is cut off (drawn as `S…`): every element inside `within` whose text
 * overflows its box. For tables such as the heat map, where a person must read every cell.
 */
export async function expectWhole(within: Locator, what: string): Promise<void> {
  // In the page: no named functions inside (tsx would wrap them in a helper the page lacks), and the one
  // DOM call the project's TypeScript has no type for is named here.
  const cut = await within.evaluate((root) =>
    [...root.querySelectorAll<typeof root>('*')]
      .filter((leaf) => leaf.children.length === 0 && (leaf.textContent ?? '').trim() !== '')
      .filter((leaf) => {
        for (let node: typeof root | null = leaf; node && node !== root; node = node.parentElement) {
          const { textOverflow } = (
            globalThis as unknown as { getComputedStyle(node: unknown): { textOverflow: string } }
          ).getComputedStyle(node);
          if (node.scrollWidth > node.clientWidth + 1 && textOverflow === 'ellipsis') return true;
        }
        return false;
      })
      .map((leaf) => (leaf.textContent ?? '').trim()),
  );
  if (cut.length) throw new Error(`${what}: cut off on screen: ${cut.map((text) => `»${text}«`).join(', ')}`);
}
