import { expandCard, type AdaptiveCard } from '../../bot/cards';
import { stringsFor, t, type Locale } from '../../i18n';

/** The welcome card: what the bot is for and the main actions (P12). */
export function welcomeCard(locale: Locale, isCoordinator: boolean, showSystems = isCoordinator): AdaptiveCard {
  return expandCard('help/welcome', {
    strings: stringsFor(locale).welcome,
    isCoordinator,
    showSystems,
    systemsTitle: t(locale, 'systems.list.menu'),
  });
}

/** The policy in brief, with a link to the full text when configured (P12). */
export function policyCard(locale: Locale, policyUrl: string | undefined): AdaptiveCard {
  return expandCard('help/policy', {
    strings: stringsFor(locale).policy,
    policyUrl: policyUrl ?? '',
    reportTitle: t(locale, 'welcome.actions.report'),
  });
}
