/**
 * Walk 7: policy read and understood (#20 item 4, P12, docs/POLICY-READ.md), coordinator → steering
 * group → coordinator → everyone → coordinator.
 *
 * - Mette (coordinator) makes Ledergruppen the steering group's channel too (`opsætning` there: the
 *   playground shows General and one more channel, and the demo roster gives the steering group none)
 *   and submits a new policy version for approval.
 * - Anne (steering group) approves it.
 * - Mette sends the approved version out (_Bed alle læse og bekræfte_) and sees everyone asked.
 * - Sofie (employee) and Jonas (the bought-in DPO) confirm _Læst og forstået_ in their personal chat.
 *   The demo roster has no guest (`…#EXT#@…`): Jonas counts as an employee.
 * - Mette sees the share who confirmed by group, and gets the one-time CSV link for the auditors;
 *   the CSV names Sofie as confirmed.
 */
import type { Locator, Page } from 'playwright-core';
import { approveItem } from './approve';
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
  postInChannel,
  sendMessage,
  showTop,
} from './playground';
import type { BrowserTest } from './scaffold';

const loop = 'policy read: coordinator → steering group → everyone → coordinator';
const policyTitle = 'Informationssikkerhedspolitik for Egedal Kommune';
const policyVersion = '3.0';
const versionHeading = (): string => da('awareness.status.version', { title: policyTitle, version: policyVersion });

/** The coordinator's overview (`læst og forstået`): the version's part of it. */
async function readStatus(page: Page): Promise<Locator> {
  await openChat(page, 'Personal Chat');
  await sendMessage(page, 'læst og forstået');
  const status = cardWith(page, da('awareness.status.intro'));
  await status.getByText(versionHeading()).first().waitFor({ state: 'visible' });
  return status;
}

/** The share `confirmed af asked (percent %)` the overview shows for a group (`all`, `employee`, `guest`). */
async function shareOf(status: Locator, group: 'all' | 'employee' | 'guest'): Promise<string> {
  const lines = (await status.innerText()).split('\n').map((line) => line.trim());
  const at = lines.indexOf(da(`awareness.status.${group}`));
  return at >= 0 ? (lines.slice(at + 1).find((line) => line !== '') ?? '') : '';
}

export function policyReadWalk(t: BrowserTest, people: { approver: string }) {
  const page = (): Page => t.page!;
  return {
    /** Mette: Ledergruppen serves the steering group too; she submits the new policy version for approval. */
    coordinatorSubmits: () =>
      t.inLoop(loop, 'Mette makes Ledergruppen the steering group’s channel and submits the policy', async () => {
        await openChat(page(), 'Ledergruppen');
        await postInChannel(page(), 'opsætning');
        const setup = cardWith(page(), da('channels.setup.title'));
        await fillSettled(setup, () =>
          choose(setup, da('channels.setup.purposeLabel'), da('channels.purposes.steering'), 'steering'),
        );
        await button(setup, da('channels.setup.save')).click();
        await page()
          .getByText(daStart('channels.setup.assigned').replace('{purpose}', '').trim())
          .first()
          .waitFor({ state: 'visible' });
        await t.snap('ledergruppen-is-steering-channel-too');

        await openChat(page(), 'Personal Chat');
        await sendMessage(page(), 'godkendelse');
        const form = cardWith(page(), da('approvals.submit.title'));
        await fillSettled(form, async () => {
          await choose(
            form,
            da('approvals.submit.kindLabel'),
            da('approvals.kindChoices.policyRevision'),
            'policyRevision',
          );
          await fillText(form, da('approvals.submit.titleLabel'), policyTitle);
          await fillText(form, da('approvals.submit.versionLabel'), policyVersion);
          await fillText(form, da('approvals.submit.linkLabel'), 'https://intranet.egedal-demo.dk/politik-3-0');
          await fillText(form, da('approvals.submit.summaryLabel'), 'Gæster og leverandører er nu omfattet (P12).');
        });
        await button(form, da('approvals.submit.submit')).click();
        // The policy's own card, answered (the annual risk assessment's card above says the same).
        const posted = page()
          .locator(cardSelector)
          .filter({ hasText: policyTitle })
          .filter({ hasText: daStart('approvals.messages.posted') })
          .last();
        await posted.waitFor({ state: 'visible' });
        await showTop(posted); // the card is taller than the chat: its heading and the answer, not its form
        await t.snap('policy-submitted-for-approval');
      }),

    /** Anne: approves the policy version in the channel (or from `godkendelser`). */
    steeringApproves: () =>
      t.inLoop(loop, `${people.approver} (steering group) approves the policy version`, () =>
        approveItem(t, policyTitle),
      ),

    /** Mette: sends the approved version out, and sees everyone asked. */
    coordinatorSendsOut: () =>
      t.inLoop(loop, 'Mette sends the approved policy out to be read and confirmed', async () => {
        const status = await readStatus(page());
        await expectVisible(status.getByText(da('awareness.status.notStarted')).first());
        await t.snap('policy-approved-not-sent-yet');
        await button(status, da('awareness.status.start')).click();
        await cardWith(page(), da('awareness.status.sending')).waitFor({ state: 'visible' });
        // The fan-out is a scheduled job: the overview counts the people asked as it goes. She presses
        // _Opdatér_ until it shows everyone asked and nobody confirmed yet (»0 af 6 (0 %)«).
        const share = da('awareness.status.share', { confirmed: 0, asked: '[1-9]\\d*', percent: 0 });
        const asked = new RegExp(`^${share.replace(/[()]/g, '\\$&')}$`);
        const deadline = Date.now() + 45_000;
        for (;;) {
          const overview = cardWith(page(), da('awareness.status.intro'));
          const shown = await overview
            .getByText(asked)
            .first()
            .waitFor({ state: 'visible', timeout: 5_000 })
            .then(() => true)
            .catch(() => false);
          if (shown) break;
          if (Date.now() > deadline)
            throw new Error(`nobody was asked within 45 s (I alt: ${await shareOf(overview, 'all')})`);
          await button(overview, da('awareness.status.refresh')).click();
        }
        await t.snap('policy-sent-out');
      }),

    /** Sofie or Jonas: the request in the personal chat, "Læst og forstået", and the time recorded. */
    personConfirms: (who: string) =>
      t.inLoop(loop, `${who} confirms "${da('awareness.request.confirm')}" in the personal chat`, async () => {
        await openChat(page(), 'Personal Chat');
        const kind = da('awareness.kinds.policyRevision');
        const request = cardWith(page(), da('awareness.request.title', { kind }));
        await request
          .getByText(new RegExp(`${policyTitle}, version ${policyVersion}`))
          .first()
          .waitFor();
        await expectVisible(request.getByText(da('awareness.request.open'), { exact: true }));
        await request.scrollIntoViewIfNeeded();
        await t.snap('policy-read-request');
        await button(request, da('awareness.request.confirm')).click();
        const confirmed = cardWith(page(), da('awareness.confirmed.title'));
        await confirmed.getByText(daStart('awareness.confirmed.text')).first().waitFor({ state: 'visible' });
        await confirmed
          .getByText(new RegExp(`version ${policyVersion} \\(`))
          .first()
          .waitFor();
        await t.snap('policy-read-confirmed');
      }),

    /** Mette: the share by group, and the one-time CSV link for the auditors (opened once: Sofie confirmed). */
    coordinatorSeesShares: (confirmed: number, employee: string) =>
      t.inLoop(loop, 'Mette sees who confirmed, by group, and gets the export link', async () => {
        const status = await readStatus(page());
        const all = await shareOf(status, 'all');
        const employees = await shareOf(status, 'employee');
        const guests = await shareOf(status, 'guest');
        if (!all.startsWith(`${confirmed} af `) || !employees.startsWith(`${confirmed} af `))
          throw new Error(`the overview says I alt ${all}, Medarbejdere ${employees}; ${confirmed} confirmed`);
        if (!guests.startsWith('0 af 0')) throw new Error(`the overview says Gæster ${guests}; the roster has none`);
        await status.scrollIntoViewIfNeeded();
        await t.snap('policy-read-shares-by-group');

        await button(status, da('awareness.status.export')).click();
        const exportCard = cardWith(page(), da('awareness.export.title'));
        await exportCard.getByText(daStart('awareness.export.ready')).first().waitFor();
        await t.snap('policy-read-export-link');
        // The link opens in a new tab; the tab's request is held back (the link works once) and the
        // CSV fetched from its address, as the coordinator's browser would.
        let opened = (_url: string): void => undefined;
        const link = new Promise<string>((resolve) => (opened = resolve));
        await page()
          .context()
          .route('**/api/export/**', (route) => {
            opened(route.request().url());
            return route.abort();
          });
        await exportCard.getByText(da('awareness.export.download'), { exact: true }).click();
        let timer: NodeJS.Timeout | undefined;
        const url = await Promise.race([
          link,
          new Promise<never>((_, reject) => {
            timer = setTimeout(() => reject(new Error('pressing the download button opened no link')), 10_000);
          }),
        ]).finally(() => clearTimeout(timer));
        const csv = await (await fetch(url)).text();
        const sofie = csv.split('\n').find((line) => line.includes(employee));
        if (!sofie) throw new Error(`the CSV does not name ${employee}:\n${csv.slice(0, 500)}`);
        if (!sofie.includes(da('awareness.export.groups.employee')))
          throw new Error(`the CSV's line for ${employee} does not say her group: ${sofie}`);
        process.stdout.write(`    CSV: ${csv.split('\n')[0]}\n    CSV: ${sofie}\n`);
      }),
  };
}

const expectVisible = (locator: Locator): Promise<void> => locator.first().waitFor({ state: 'visible' });
