/**
 * Browser walk: "Meld som sikkerhedshændelse" on a message, in the Agents Playground, as an employee.
 *
 * The playground does not read the app manifest, so it lists no message actions by name: its
 * message menu (…) offers "Action Command", which asks for the command id (`reportMessage`) and
 * then sends `composeExtension/fetchTask` with the message as `messagePayload`, shows the dialog the
 * bot answers, and sends its `Action.Submit` as `composeExtension/submitAction`.
 *
 * Screenshots: `.local/message-action/NN-medarbejder-<what>.png` (git-ignored). Run: `npx tsx test/browser/message-action.ts`.
 */
import type { Page } from 'playwright-core';
import { cardSelector, da, daStart, fillSettled, sendMessage } from './playground';
import { browserTest, type BrowserTest } from './scaffold';

const suspicious = 'Din adgangskode udløber i dag. Bekræft den her: https://login-egedal.example/reset';

async function walk(t: BrowserTest, page: Page): Promise<void> {
  const run = t.run.bind(t);
  const snap = (what: string): Promise<void> => t.snap(what);
  await run('the employee writes a suspicious message; the bot offers the report card with its text', async () => {
    await sendMessage(page, suspicious);
    await page
      .locator(cardSelector)
      .filter({ hasText: da('incidents.fromMessage.pasted') })
      .last()
      .waitFor();
    await snap('pasted-message-offers-report');
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
      await snap('message-menu');
      await page.getByText('Action Command').first().click();
      await page.getByPlaceholder('Input command id or leave blanks').fill('reportMessage');
      await snap('command-id');
      await page.getByRole('button', { name: 'Create' }).click();
      await page.getByText(da('incidents.report.evidenceTitle')).first().waitFor();
      await snap('report-dialog-with-evidence');
    },
  );
  await run('the employee fills in the rest and sends; the dialog closes with the number', async () => {
    const dialog = page.getByRole('dialog').last();
    await fillSettled(dialog, async () => {
      await dialog.locator('input[type="radio"][value="general"]').check();
      await dialog.locator('input[type="radio"][value="no"]').check();
    });
    await snap('report-dialog-filled');
    await dialog.getByRole('button', { name: da('incidents.report.submit'), exact: true }).click();
    await page.getByText(daStart('incidents.fromMessage.received')).first().waitFor();
    await snap('dialog-receipt');
    await page.getByRole('dialog').last().getByRole('button').first().click();
    await page
      .locator(cardSelector)
      .filter({ hasText: /HÆN-\d{4}-\d{4}/ })
      .last()
      .waitFor();
    await snap('receipt-in-personal-chat');
  });
}

browserTest(
  {
    title: 'browser walk: reporting a message as a security incident in the Agents Playground',
    name: 'message-action',
    storage: 'memory',
  },
  async (t) => walk(t, await t.actAs('medarbejder', 'Sofie (medarbejder)')),
);
