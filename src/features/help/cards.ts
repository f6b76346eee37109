import { expandCard, type AdaptiveCard } from '../../bot/cards';
import { stringsFor, t, type Locale } from '../../i18n';

/** The welcome card in each of its few shapes, expanded once: it is the most shown card. */
const welcomeCards = new Map<string, AdaptiveCard>();

/** The welcome card: what the bot is for and the main actions (P12). */
export function welcomeCard(locale: Locale, isCoordinator: boolean, showSystems = isCoordinator): AdaptiveCard {
  const key = `${locale}|${isCoordinator}|${showSystems}`;
  let card = welcomeCards.get(key);
  if (!card) {
    card = expandCard('help/welcome', {
      strings: stringsFor(locale).welcome,
      isCoordinator,
      showSystems,
      systemsTitle: t(locale, 'systems.list.menu'),
    });
    welcomeCards.set(key, card);
  }
  return card;
}

/** The policy in brief, with a link to the full text when configured (P12). */
export function policyCard(locale: Locale, policyUrl: string | undefined): AdaptiveCard {
  return expandCard('help/policy', {
    strings: stringsFor(locale).policy,
    policyUrl: policyUrl ?? '',
    reportTitle: t(locale, 'welcome.actions.report'),
  });
}
