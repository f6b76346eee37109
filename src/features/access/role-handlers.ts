import { expandCard, fitCard, shorten, type AdaptiveCard } from '../../platform/cards';
import { verbs } from '../verbs';
import type { Clock } from '../../clock';
import { ForbiddenError, ValidationError } from '../../errors';
import { stringsFor, t, type Locale } from '../../i18n';
import type { Logger } from '../../logger';
import { formatLocal } from '../incidents/deadlines';
import type { RoleAdministration } from './role-admin';
import type { ConversationRepository } from './conversations';
import { findPerson, personKey, personLabel, teamToSearch, withNames } from './people';
import { parsePerson } from './role-rules';
import { isRole, roles, type Role, type RoleGrant } from './roles';
import { cardText } from '../../text';
import type { Routes, Turn } from '../turn';

/** Holders one page of a single role's view shows. */
export const ROLE_PAGE_SIZE = 40;

/** Which holders the roles card shows: every role (the overview), or one role from `from`. */
export interface RolesView {
  role?: Role;
  from?: number;
}

/**
 * The roles card: who holds which role, a revoke button per grant, and a grant form (P10).
 *
 * @remarks Within the card budget: shorter names without the grant time, then the first holders
 * of each role with the rest counted and a button to see all of that role, a page at a time (an
 * access review must see every holder); a role of someone not shown can also be revoked through
 * the form.
 */
export function rolesCard(
  locale: Locale,
  grants: RoleGrant[],
  banner?: { text: string; isError: boolean },
  values: { person?: string; personPick?: string; role?: string } = {},
  view: RolesView = {},
): AdaptiveCard {
  return fitCard(ROLES_STEPS, ([perRole, labelMax, withTime]) =>
    renderRoles(locale, grants, banner, values, view, perRole, labelMax, withTime),
  );
}

/** Holders shown per role, their names' length and whether the grant time shows, tried in order until the card fits. */
const ROLES_STEPS: readonly [number, number, boolean][] = [
  [Infinity, Infinity, true],
  [Infinity, 60, false],
  [40, 40, false],
  [20, 40, false],
  [10, 40, false],
  [5, 30, false],
];

function renderRoles(
  locale: Locale,
  grants: RoleGrant[],
  banner: { text: string; isError: boolean } | undefined,
  values: { person?: string; personPick?: string; role?: string },
  view: RolesView,
  perRole: number,
  labelMax: number,
  withTime: boolean,
): AdaptiveCard {
  const s = stringsFor(locale).roles;
  const one = view.role;
  const groups = (one ? [one] : roles).map((role) => {
    const held = grants.filter((grant) => grant.role === role);
    const from = one && (view.from ?? 0) < held.length ? (view.from ?? 0) : 0;
    const shown = one ? held.slice(from, from + Math.min(perRole, ROLE_PAGE_SIZE)) : held.slice(0, perRole);
    const holders = shown.map((grant) => ({
      userId: grant.userId,
      role,
      label: shorten(personLabel(grant), labelMax),
      meta:
        withTime && grant.grantedAt
          ? t(locale, 'roles.card.grantedAt', { at: formatLocal(new Date(grant.grantedAt), locale) })
          : '',
    }));
    const omitted = held.length - holders.length;
    const next = from + holders.length;
    return {
      role,
      title: s.names[role],
      holders,
      empty: holders.length === 0,
      omitted: !one && omitted > 0 ? t(locale, 'roles.card.omitted', { count: omitted }) : '',
      showAll: !one && omitted > 0,
      showAllTitle: t(locale, 'roles.card.showAll', { count: held.length }),
      pageLine:
        one && held.length > holders.length
          ? t(locale, 'roles.card.page', { first: from + 1, last: next, count: held.length })
          : '',
      hasNext: Boolean(one) && next < held.length,
      next,
    };
  });
  return expandCard('access/roles', {
    s: s.card,
    banner: banner?.text ?? '',
    bannerColor: banner?.isError ? 'Attention' : 'Good',
    person: values.person ?? '',
    personPick: values.personPick ?? '',
    role: values.role ?? '',
    roleChoices: roles.map((value) => ({ title: s.names[value], value })),
    groups,
    allRoles: Boolean(one),
    revokeByForm: groups.some((group) => group.omitted !== ''),
  });
}

/** What names the person on the form: the people picker's choice, else what was typed (e-mail, name or object id). */
const namedPerson = (turn: Turn): string =>
  cardText(turn.data, 'personPick', 200) || cardText(turn.data, 'person', 200);

/**
 * Whose role to revoke: the holder's row names them by object id; the form (for a holder the card
 * does not show) takes a pick, an e-mail or a name as granting does, or the object id of someone no
 * longer in the team.
 */
async function revokedUserId(turn: Turn, teamId: string | undefined): Promise<string | undefined> {
  const row = cardText(turn.data, 'userId', 36);
  if (row) return parsePerson(row)?.kind === 'id' ? row.toLowerCase() : undefined;
  const typed = namedPerson(turn);
  const person = parsePerson(typed);
  if (person?.kind === 'id') return person.id;
  if (!personKey(typed)) return undefined;
  const found = await findPerson(turn.members, typed, teamId);
  if (!found) throw new ValidationError({ form: 'roles.errors.notInTeam' });
  return found.userId;
}

/**
 * Role administration (P10): `roller` / `roles` lists who holds which role by name and e-mail; a
 * coordinator picks a person (the Teams people picker, or an e-mail or name looked up in the team's
 * roster; the id kept is the one Teams answers) and grants, or revokes; all recorded in the audit log.
 */
export function registerRoles(
  router: Routes,
  deps: { roleAdmin: RoleAdministration; conversations: ConversationRepository; clock: Clock; logger: Logger },
): void {
  const team = async (turn: Turn) =>
    teamToSearch(turn.conversation, (await deps.conversations.channelFor('coordinator'))?.teamId);
  const render = async (turn: Turn, banner?: { text: string; isError: boolean }, values = {}, view: RolesView = {}) => {
    const grants = await deps.roleAdmin.list(turn.actor);
    return rolesCard(turn.actor.locale, await withNames(turn.members, grants, await team(turn)), banner, values, view);
  };

  /** Validation problems are answered on the card itself, with what was typed. */
  const withBanner =
    (apply: (turn: Turn) => Promise<string>) =>
    async (turn: Turn): Promise<void> => {
      if (!turn.actor.roles.has('coordinator')) throw new ForbiddenError('role administration');
      const values = {
        person: cardText(turn.data, 'person', 200),
        personPick: cardText(turn.data, 'personPick', 200),
        role: cardText(turn.data, 'role', 20),
      };
      try {
        const message = await apply(turn);
        await turn.show(await render(turn, { text: message, isError: false }));
      } catch (error) {
        if (!(error instanceof ValidationError)) throw error;
        const banner = { text: t(turn.actor.locale, error.fields.form ?? 'roles.errors.invalid'), isError: true };
        await turn.show(await render(turn, banner, values));
      }
    };

  const list = async (turn: Turn) => turn.show(await render(turn));
  /** One role's holders a page at a time, or every role (card data: anything else shows the overview). */
  const listRole = async (turn: Turn) => {
    const role = cardText(turn.data, 'role', 20);
    const from = turn.data.from;
    const view: RolesView = isRole(role)
      ? { role, from: Number.isInteger(from) && (from as number) > 0 ? (from as number) : 0 }
      : {};
    await turn.show(await render(turn, undefined, {}, view));
  };
  router.command(['roller', 'roles'], list);
  router.action(verbs.roleList, listRole);

  router.action(
    verbs.roleGrant,
    withBanner(async (turn) => {
      const role = cardText(turn.data, 'role', 20);
      const typed = namedPerson(turn);
      if (!isRole(role) || !personKey(typed)) throw new ValidationError({ form: 'roles.errors.pickPerson' });
      const person = await findPerson(turn.members, typed, await team(turn));
      if (!person) throw new ValidationError({ form: 'roles.errors.notInTeam' });
      await deps.roleAdmin.grant(turn.actor, person, role);
      deps.logger.info({ role }, 'role granted');
      return t(turn.actor.locale, 'roles.card.granted', {
        role: stringsFor(turn.actor.locale).roles.names[role],
        person: personLabel(person),
      });
    }),
  );

  router.action(
    verbs.roleRevoke,
    withBanner(async (turn) => {
      const role = cardText(turn.data, 'role', 20);
      const userId = isRole(role) ? await revokedUserId(turn, await team(turn)) : undefined;
      if (!isRole(role) || !userId) throw new ValidationError({ form: 'roles.errors.invalid' });
      const ended = await deps.roleAdmin.revoke(turn.actor, userId, role);
      deps.logger.info({ role }, 'role revoked');
      const [named] = ended ? await withNames(turn.members, [ended], await team(turn)) : [{ userId }];
      return t(turn.actor.locale, 'roles.card.revoked', {
        role: stringsFor(turn.actor.locale).roles.names[role],
        person: personLabel(named),
      });
    }),
  );
}
