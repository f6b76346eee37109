/**
 * Deciding an approval as a member of the group that decides it (P7, P9), shared by the walks: the
 * annual risk assessment, a policy version, a residual risk's acceptance.
 */
import { button, cardSelector, cardWith, da, openChat, sendMessage } from './playground';
import type { BrowserTest } from './scaffold';

/**
 * Approves the item titled `title` — on the channel card where it offers the buttons (Teams shows them
 * through the card's per-user refresh, which the playground does not do), else from the pending
 * approvals in the personal chat (`godkendelser`), opening the item there. Screenshots: the card in
 * the channel, and the approved item.
 */
export async function approveItem(t: BrowserTest, title: string, channel = 'Ledergruppen' as const): Promise<void> {
  const page = t.page!;
  await openChat(page, channel);
  const card = cardWith(page, title);
  await card.waitFor({ state: 'visible' });
  await card.scrollIntoViewIfNeeded();
  await t.snap('approval-in-channel');
  let approveButton = button(card, da('approvals.card.approve'));
  if (!(await approveButton.count())) {
    await openChat(page, 'Personal Chat');
    await sendMessage(page, 'godkendelser');
    const pending = cardWith(page, title);
    await pending.waitFor({ state: 'visible', timeout: 10_000 }).catch(() => {
      throw new Error(`no approve button: not on the channel card, and \`godkendelser\` does not list ${title}`);
    });
    approveButton = button(pending, da('approvals.card.approve'));
    if (!(await approveButton.count())) {
      // The list names each item with an open button; the opened item is the member's own view with the actions.
      const item = pending.locator('.ac-container').filter({ hasText: title }).last();
      await button(item, da('approvals.list.open')).click();
      const opened = page
        .locator(cardSelector)
        .filter({ hasText: title })
        .filter({ has: page.getByRole('button', { name: da('approvals.card.approve'), exact: true }) });
      approveButton = button(opened.last(), da('approvals.card.approve'));
      await approveButton.first().waitFor({ state: 'visible' });
      await t.snap('approval-opened');
    }
  }
  await approveButton.first().click();
  await page.getByText(da('approvals.states.approved'), { exact: true }).last().waitFor({ state: 'visible' });
  await t.snap('approved');
}
