import { expandCard, type AdaptiveCard } from '../../platform/cards';
import { stringsFor, t, type Locale } from '../../i18n';
import type { Role } from '../access/roles';

/** The roles whose commands the welcome card lists, in the order shown. */
const roleOrder: readonly Role[] = ['coordinator', 'management', 'steering', 'hr', 'systemOwner', 'dpo'];

/**
 * The welcome card: what the bot is for, the main actions, and the commands and buttons of each
 * role the person holds (P10, P12) — nobody is shown what they may not use.
 */
export function welcomeCard(locale: Locale, roles: ReadonlySet<Role>): AdaptiveCard {
  const strings = stringsFor(locale).welcome;
  const isCoordinator = roles.has('coordinator');
  return expandCard('help/welcome', {
    strings,
    isCoordinator,
    showSystems: isCoordinator || roles.has('systemOwner'),
    showApprovals: isCoordinator || roles.has('management') || roles.has('steering'),
    showReferrals: roles.has('hr'),
    systemsTitle: t(locale, 'systems.list.menu'),
    roleLines: roleOrder.filter((role) => roles.has(role)).map((role) => ({ line: strings.roleCommands[role] })),
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
