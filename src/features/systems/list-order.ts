import type { SystemListItem } from './list-item';
import { nameKey, type CategoryOrUnclassified } from './model';

/** The register's order of categories: most critical first, unclassified last. */
const categoryRank: Record<CategoryOrUnclassified, number> = {
  lifeAndDeath: 0,
  veryCritical: 1,
  critical: 2,
  nonCritical: 3,
  unclassified: 4,
};

/** The letters the Danish alphabet puts after z, in its order, as characters that sort after z too. */
const afterZ: Record<string, string> = { æ: '{', ø: '|', å: '}' };

/**
 * A name as the lists order it: the compared name ({@link nameKey}) without accents, with æ, ø
 * and å after z in that order, as in the Danish alphabet.
 *
 * @remarks Close to, not the same as, a full Danish collation: "aa" sorts as two a's, not as å.
 * The order has to be one storage can keep (a row key), so it is a plain order of characters.
 */
export const sortName = (name: string): string =>
  nameKey(name)
    .replace(/[æøå]/g, (letter) => afterZ[letter] ?? letter)
    .normalize('NFD')
    .replace(/\p{M}/gu, '');

/**
 * Where an item stands among names: each UTF-16 unit of {@link sortName} as four hex digits, `.`,
 * the id. Safe as a Table key and sorting as the names do.
 *
 * @remarks Fixed-width hex keeps the order of the characters; `.` sorts before every hex digit, so a
 * name sorts before the names it begins; the id keeps two systems whose names sort alike apart.
 */
export function namePosition(item: Pick<SystemListItem, 'name' | 'id'>): string {
  const name = sortName(item.name);
  let hex = '';
  for (let i = 0; i < name.length; i++) hex += name.charCodeAt(i).toString(16).padStart(4, '0');
  return `${hex}.${item.id}`;
}

/**
 * The lists and where an item stands in each: the register (by category, most critical first,
 * then by name; the directory shows the same list), an owner's own systems (by name), the
 * risk assessments due (by due time), and every system's name alone, by name (`names`: its order
 * must not hint at a category).
 */
export type SystemList = 'register' | 'owned' | 'due' | 'names';

export const positionIn = (list: SystemList, item: SystemListItem): string =>
  list === 'register'
    ? `${categoryRank[item.category]}~${namePosition(item)}`
    : list === 'owned' || list === 'names'
      ? namePosition(item)
      : `${item.dueAt}~${item.id}`;

/** A name of at most 120 characters is at most 240 UTF-16 units once lower-cased. */
const name = '(?:[0-9a-f]{4}){1,240}\\.[0-9a-f]{12}';
const shapes: Record<SystemList, RegExp> = {
  register: new RegExp(`^[0-4]~${name}$`),
  owned: new RegExp(`^${name}$`),
  names: new RegExp(`^${name}$`),
  due: /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z~[0-9a-f]{12}$/,
};

/**
 * A position a card carried back (untrusted), if it has the shape of a position in this list.
 *
 * @remarks A well-formed position only says where a page starts: the page is still read from the
 * viewer's own list (an owner's range is taken from the authenticated user, never from the card).
 */
export const parsePosition = (list: SystemList, value: unknown): string | undefined =>
  typeof value === 'string' && value.length <= 1100 && shapes[list].test(value) ? value : undefined;
