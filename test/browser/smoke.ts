/**
 * Browser smoke test: the whole local stack (Azurite + bot + Agents Playground) driven from headless Chromium.
 *
 * Types `hjælp` in the playground's personal chat and waits for the Danish welcome card (title and every
 * `welcome.actions.*` button from locales/da/common.json), then reports an incident as an employee would:
 * the card's report button, the report card's required fields, send, and the receipt with its number.
 * Runs on free ports with in-memory Azurite, so it does not collide with a running `npm run dev`.
 * Screenshots: `.local/smoke/` (the filled-in form, the end state). Run: `npm run test:browser`.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { Locator, Page } from 'playwright-core';
import { projectRoot } from '../../scripts/dev-stack';
import { cardSelector, fillSettled, replyCardAfter, sendMessage } from './playground';
import { browserTest, type BrowserTest } from './scaffold';

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
async function reportIncident(t: BrowserTest, page: Page, welcome: Locator, report: string): Promise<string> {
  const texts = reportTexts();
  await welcome.getByRole('button', { name: report, exact: true }).click();
  const form = page.locator(cardSelector).filter({ hasText: texts.title }).last();
  await fillSettled(form, async () => {
    await form.locator('input[type="text"]').first().fill('Bærbar glemt i toget');
    await form.locator('textarea').first().fill('Min arbejdscomputer blev glemt i toget til Aarhus.');
    await form.locator('input[type="radio"][value="general"]').check();
    await form.locator('input[type="radio"][value="no"]').check();
  });
  // The filled-in form as the employee sees it, for a person to look at.
  await t.snap('report-filled');
  await form.getByRole('button', { name: texts.submit, exact: true }).click();
  const receipt = page.locator(cardSelector).filter({ hasText: texts.receipt }).last();
  await receipt.getByText(/HÆN-\d{4}-\d{4}/).waitFor({ state: 'visible' });
  return (/HÆN-\d{4}-\d{4}/.exec(await receipt.innerText()) as RegExpExecArray)[0];
}

browserTest(
  {
    title: 'browser smoke: welcome card and an incident report in the Agents Playground',
    name: 'smoke',
    storage: 'memory',
  },
  async (t) => {
    const expected = expectedWelcomeCard();
    const page = await t.actAs('koordinator', 'Azurite, bot and playground as Mette (koordinator)');
    await t.run(`send "${command}"`, () => sendMessage(page, command));
    await t.run(`welcome card: "${expected.title}" + ${expected.buttons.length} buttons`, () =>
      expectWelcomeCard(replyCardAfter(page, command), expected),
    );
    await t.run(`report an incident: "${expected.report}", fill in, send, receipt with its number`, () =>
      reportIncident(t, page, replyCardAfter(page, command), expected.report),
    );
    await t.snap('receipt');
  },
);
