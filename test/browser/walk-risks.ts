/**
 * Walk 6: the risk register (#19, docs/RISKS.md), coordinator → system owner → coordinator → management.
 *
 * - Mette (coordinator) creates a risk for the system walk 2 registered, with Peter as risk owner,
 *   assesses it (inherent _kritisk_, residual _høj_: above the acceptance threshold) and links the
 *   incident Sofie reported in walk 1.
 * - Peter (system owner) finds the risk of his system in `risici` and assesses it again.
 * - Mette puts the residual risk up for the management group's acceptance. (After Peter's assessment:
 *   an acceptance is of one assessment, so one put up before it would no longer count.)
 * - Lars (management) accepts it in Ledergruppen and opens the quarterly review (`gennemgang`):
 *   the heat maps and the risk among those at high or critical level.
 * - Mette sees the acceptance and its expiry on the risk card.
 */
import type { Locator, Page } from 'playwright-core';
import { approveItem } from './approve';
import {
  button,
  cardSelector,
  cardWith,
  choose,
  chooseMany,
  da,
  daStart,
  expectWhole,
  fillSettled,
  fillText,
  openChat,
  pickPerson,
  sendMessage,
  showTop,
} from './playground';
import type { BrowserTest } from './scaffold';

const loop = 'risk register: coordinator → system owner → management';
const riskTitle = 'Uautoriseret adgang til elevplaner';
const scenario =
  'En angriber bruger en lærers stjålne adgangskode (phishing) og læser elevernes planer med personoplysninger.';

/** The risk's assessment as the person sets it: values of the assess card's choices, by question id. */
type Assessment = Record<
  | 'likelihood'
  | 'confidentiality'
  | 'integrity'
  | 'availability'
  | 'dataSubjects'
  | 'residualLikelihood'
  | 'residualConsequence',
  string
> & { treatment: 'reduce' | 'accept' | 'avoid' | 'transfer' };

/** The labels and option titles of the assess card, by question id (locales/da/risks.json). */
function assessChoice(id: keyof Assessment, value: string): { label: string; option: string } {
  const label = da(`risks.assess.${id}Label`);
  if (id === 'treatment') return { label, option: da(`risks.treatments.${value}`) };
  if (id === 'likelihood' || id === 'residualLikelihood') return { label, option: da(`risks.likelihood.${value}`) };
  return { label, option: da(`risks.consequence.${value}`) };
}

/**
 * The register cards in the chat: a heading and an _Åbn_ per risk. (A risk's own card has a
 * _Risikoregistret_ button too, so the heading alone does not tell them apart.)
 */
const registerCards = (page: Page): Locator =>
  page
    .locator(cardSelector)
    .filter({ hasText: da('risks.list.title') })
    .filter({ has: page.getByRole('button', { name: da('risks.list.open'), exact: true }) });

/** The register (`risici`) with the risk listed: the new one, not one the chat shows from before. */
async function registerList(page: Page): Promise<Locator> {
  await openChat(page, 'Personal Chat');
  const before = await registerCards(page).count();
  await sendMessage(page, 'risici');
  const list = registerCards(page).nth(before);
  await list.getByText(riskTitle, { exact: true }).first().waitFor({ state: 'visible' });
  return list;
}

/** _Åbn_ beside the risk in the register: the risk's card, drawn in the register's place. */
async function openFrom(page: Page, list: Locator): Promise<Locator> {
  const lists = await registerCards(page).count();
  const row = list.getByText(riskTitle, { exact: true }).first();
  await row.locator(`xpath=following::button[normalize-space(.)='${da('risks.list.open')}'][1]`).click();
  // The register became the risk's card; only then is the newest risk card this one (not an older one above).
  await registerCards(page)
    .nth(lists - 1)
    .waitFor({ state: 'detached' });
  const detail = cardWith(page, da('risks.detail.concerns'));
  await detail.getByText(riskTitle).first().waitFor({ state: 'visible' });
  return detail;
}

const openRisk = async (page: Page): Promise<Locator> => openFrom(page, await registerList(page));

/** Presses _Vurdér_ on the risk card, chooses every value and the next review date, and saves. */
async function assess(t: BrowserTest, detail: Locator, values: Assessment): Promise<Locator> {
  const page = t.page!;
  await button(detail, da('risks.detail.assess')).click();
  const form = cardWith(page, da('risks.assess.title', { title: riskTitle }));
  await form.getByText(da('risks.assess.nextReviewLabel')).first().waitFor({ state: 'visible' });
  await fillSettled(form, async () => {
    for (const [id, value] of Object.entries(values) as [keyof Assessment, string][]) {
      const { label, option } = assessChoice(id, value);
      await choose(form, label, option, value);
    }
    // The next review: Teams' date picker; the 15th of next month (after today, within a year).
    await form.getByPlaceholder(/date/i).first().click();
    await page
      .getByRole('button', { name: /next month|næste måned/i })
      .first()
      .click();
    await page.locator('[role="grid"] button').filter({ hasText: /^15$/ }).first().click();
  });
  await t.snap('risk-assessment-filled');
  await button(form, da('risks.assess.save')).click();
  const assessed = cardWith(page, da('risks.detail.assessed'));
  await assessed.waitFor({ state: 'visible' });
  return assessed;
}

/** A fact of the risk card (`Restrisiko`, …) as it reads. */
async function expectText(card: Locator, text: string | RegExp): Promise<void> {
  await card.getByText(text).first().waitFor({ state: 'visible' });
}

export function riskWalk(t: BrowserTest, people: { system: string; owner: string; manager: string }) {
  const page = (): Page => t.page!;
  const high = da('risks.levels.high');
  const critical = da('risks.levels.critical');
  return {
    /** Mette: creates the risk for the system with Peter as risk owner, assesses it and links the incident. */
    coordinatorCreates: (incident: string) =>
      t.inLoop(loop, `Mette creates the risk for ${people.system}, assesses it and links ${incident}`, async () => {
        await openChat(page(), 'Personal Chat');
        await sendMessage(page(), 'ny risiko');
        const form = cardWith(page(), da('risks.form.intro'));
        await fillSettled(form, async () => {
          await fillText(form, da('risks.form.titleLabel'), riskTitle);
          await fillText(form, da('risks.form.scenarioLabel'), scenario);
          await chooseMany(form, da('risks.form.systemsLabel'), people.system);
          await pickPerson(form, people.owner);
        });
        await t.snap('risk-form-filled');
        await button(form, da('risks.form.save')).click();
        const created = cardWith(page(), da('risks.detail.saved'));
        await expectText(created, da('risks.detail.notAssessed'));
        await expectText(created, people.owner);
        await t.snap('risk-created');

        const assessed = await assess(t, created, {
          likelihood: '4',
          confidentiality: '4',
          integrity: '3',
          availability: '2',
          dataSubjects: '4',
          treatment: 'reduce',
          residualLikelihood: '3',
          residualConsequence: '3',
        });
        await expectText(assessed, da('risks.detail.levelValue', { level: critical, likelihood: 4, consequence: 4 }));
        await expectText(assessed, da('risks.detail.levelValue', { level: high, likelihood: 3, consequence: 3 }));
        await expectText(assessed, da('risks.acceptance.needed'));
        await assessed.scrollIntoViewIfNeeded();
        await t.snap('risk-assessed-acceptance-needed');

        await button(assessed, da('risks.detail.linkIncident')).click();
        await fillSettled(assessed, () => fillText(assessed, da('risks.detail.incidentLabel'), incident));
        await button(assessed, da('risks.detail.link')).click();
        const linked = cardWith(page(), da('risks.detail.incidentLinked'));
        await expectText(linked, da('risks.detail.incidents'));
        await expectText(linked, new RegExp(incident));
        await linked.scrollIntoViewIfNeeded();
        await t.snap('risk-incident-linked');
      }),

    /** Peter: finds his system's risk in `risici` (only his systems' risks) and assesses it again. */
    ownerAssesses: () =>
      t.inLoop(loop, `Peter finds the risk of ${people.system} in \`risici\` and assesses it`, async () => {
        const list = await registerList(page());
        await expectText(list, da('risks.list.mineNote'));
        await expectText(list, `${critical} → ${high}`); // the levels, as `risks.list.meta` shows them
        await expectWhole(list, 'the register'); // every cell of the heat maps readable (the corner »S \ K« was drawn »S…«)
        await t.snap('risk-register-own-systems');
        const detail = await openFrom(page(), list);
        await expectText(detail, da('risks.acceptance.needed'));
        const assessed = await assess(t, detail, {
          likelihood: '4',
          confidentiality: '4',
          integrity: '4',
          availability: '3',
          dataSubjects: '4',
          treatment: 'reduce',
          residualLikelihood: '3',
          residualConsequence: '3',
        });
        await expectText(assessed, da('risks.detail.levelValue', { level: high, likelihood: 3, consequence: 3 }));
        await expectText(assessed, new RegExp(`af ${people.owner}`));
        await assessed.scrollIntoViewIfNeeded();
        await t.snap('risk-assessed-by-owner');
      }),

    /** Mette: puts the residual risk up for the management group's acceptance; it is in Ledergruppen. */
    coordinatorPutsUp: () =>
      t.inLoop(loop, 'Mette puts the residual risk up for the management group’s acceptance', async () => {
        const detail = await openRisk(page());
        await expectText(detail, new RegExp(`af ${people.owner}`));
        await button(detail, da('risks.acceptance.request')).click();
        const requested = cardWith(page(), da('risks.acceptance.requested'));
        await expectText(requested, da('risks.acceptance.pending'));
        await requested.scrollIntoViewIfNeeded();
        await t.snap('risk-put-up-for-acceptance');
        await openChat(page(), 'Ledergruppen');
        const posted = cardWith(page(), da('risks.acceptance.submissionTitle', { title: riskTitle }));
        await expectText(posted, da('approvals.card.heading', { kind: da('approvals.kinds.riskAcceptance') }));
        await posted.scrollIntoViewIfNeeded();
        await t.snap('risk-acceptance-in-management-channel');
      }),

    /** Lars: accepts it in Ledergruppen, and sees it in the quarterly review with the heat maps. */
    managerAccepts: () =>
      t.inLoop(loop, `${people.manager} accepts the residual risk and opens the quarterly review`, async () => {
        await approveItem(t, da('risks.acceptance.submissionTitle', { title: riskTitle }));
        await openChat(page(), 'Personal Chat');
        await sendMessage(page(), 'gennemgang');
        const review = cardWith(page(), da('risks.heatmap.inherent'));
        await expectText(review, da('risks.heatmap.residual'));
        await expectText(review, da('risks.review.high', { count: 1 }));
        await expectText(review, da('risks.review.line', { title: riskTitle, level: critical, residual: high }));
        await expectWhole(review, 'the quarterly review');
        await showTop(review);
        await t.snap('quarterly-review');
        await showTop(review.getByText(da('risks.heatmap.inherent')).first());
        await t.snap('quarterly-review-heat-map-and-high-risks');
      }),

    /** Mette: the risk card says accepted by the management group, until when. */
    coordinatorSeesAccepted: () =>
      t.inLoop(loop, 'Mette sees the residual risk accepted by the management group', async () => {
        const detail = await openRisk(page());
        await expectText(detail, new RegExp(daStart('risks.acceptance.accepted')));
        await detail.scrollIntoViewIfNeeded();
        await t.snap('risk-accepted');
      }),

    /**
     * Mette: exports the register as the import reads it back (#19) — the one-time CSV link fetched as
     * her browser would — and asks to import risks (the prompt says what is not imported). Sending the
     * file is tested over HTTP: the Agents Playground has no file upload.
     */
    coordinatorExports: () =>
      t.inLoop(loop, 'Mette exports the risk register as CSV and asks to import risks', async () => {
        await openChat(page(), 'Personal Chat');
        await sendMessage(page(), 'eksportér risici');
        const exported = cardWith(page(), da('riskTransfer.export.title'));
        await expectText(exported, new RegExp(`^1 risiko klar`));
        await t.snap('risk-register-export');
        const served = new Promise<{ status: number; body: string }>((resolve) => {
          void page()
            .context()
            .route('**/api/export/**', async (route) => {
              const response = await route.fetch();
              resolve({ status: response.status(), body: (await response.body()).toString('utf8') });
              await route.fulfill({ response });
            });
        });
        await exported.getByRole('link', { name: da('riskTransfer.export.csv'), exact: true }).click();
        const csv = await Promise.race([
          served,
          new Promise<never>((_, reject) =>
            setTimeout(() => reject(new Error('the CSV link was not fetched')), 15_000),
          ),
        ]);
        await page().context().unroute('**/api/export/**');
        // The risk with its id and version, as the import reads it back.
        if (
          csv.status !== 200 ||
          !csv.body.includes('Risiko-ID;Titel;') ||
          !new RegExp(`[0-9a-f]{12} \\(v\\d+\\);${riskTitle};`).test(csv.body)
        )
          throw new Error(`the CSV link answered ${csv.status}: ${csv.body.slice(0, 300)}`);

        await sendMessage(page(), 'importér risici');
        const prompt = cardWith(page(), da('riskTransfer.import.notImported'));
        await expectText(prompt, da('riskTransfer.import.title'));
        await t.snap('risk-register-import-prompt');
      }),
  };
}
