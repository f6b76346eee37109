import { ValidationError } from '../../errors';
import type { Member, Members, TurnConversation } from '../../platform/turn';

/** A person as Teams knows them: the Entra object id, the display name and, where Teams gives it, the e-mail. */
export interface Person {
  userId: string;
  name: string;
  email?: string;
}

const guid = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const email = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
/** A Teams account id (`29:…`), what some clients' people pickers answer instead of the object id. */
const accountId = /^\d+:\S+$/;

const asPerson = (member: Member | undefined): Person | undefined => {
  const id = member?.aadObjectId?.toLowerCase();
  if (!id || !guid.test(id)) return undefined;
  const mail = (member?.email || member?.userPrincipalName || '').toLowerCase().slice(0, 200);
  return { userId: id, name: String(member?.name ?? '').slice(0, 120), ...(mail ? { email: mail } : {}) };
};

/** How a person can be named on a card: picked (object id or account id), typed e-mail/UPN, or typed name. */
export const personKey = (text: string): { kind: 'id' | 'email' | 'name'; value: string } | undefined => {
  const value = text.trim().toLowerCase().replace(/\s+/g, ' ');
  if (guid.test(value) || accountId.test(value)) return { kind: 'id', value };
  if (email.test(value)) return { kind: 'email', value };
  return value.length >= 2 && value.length <= 120 ? { kind: 'name', value } : undefined;
};

/**
 * Finds the person a coordinator picked or typed, in Teams: first as a member of this conversation,
 * then in the roster of the team `teamId` (the team holding the coordinator channel).
 *
 * @remarks P10: what a card sends — the people picker's object id included — is only a key to look
 * up; the id kept is the one Teams answers, so nobody can be named who is not in the team (the
 * organisation's users the bot can see). A name must match one member: its whole name, else the
 * start of a word of it. Answers undefined when nobody matches; two or more is a validation error
 * on `errorField`.
 */
export async function findPerson(
  members: Members,
  text: string,
  teamId?: string,
  errorField = 'form',
): Promise<Person | undefined> {
  const key = personKey(text);
  if (!key) return undefined;
  if (key.kind !== 'name') {
    const member = asPerson(await members.inConversation(key.value));
    if (member) return member;
  }
  return teamId ? memberOfTeam(members, teamId, key, errorField) : undefined;
}

const nameMatches = (name: string, value: string, whole: boolean): boolean => {
  const lower = name.toLowerCase();
  if (whole) return lower === value;
  const words = lower.split(/\s+/);
  return words.some((_, i) => words.slice(i).join(' ').startsWith(value));
};

async function memberOfTeam(
  roster: Members,
  teamId: string,
  key: { kind: 'id' | 'email' | 'name'; value: string },
  errorField: string,
): Promise<Person | undefined> {
  const members = await roster.ofTeam(teamId);
  if (key.kind !== 'name')
    return asPerson(
      members.find((member) =>
        [member.aadObjectId, member.id, member.email, member.userPrincipalName].some(
          (field) => field?.toLowerCase() === key.value,
        ),
      ),
    );
  const whole = members.filter((member) => nameMatches(member.name ?? '', key.value, true));
  const found = whole.length > 0 ? whole : members.filter((member) => nameMatches(member.name ?? '', key.value, false));
  if (found.length > 1) throw new ValidationError({ [errorField]: 'roles.errors.ambiguous' });
  return asPerson(found[0]);
}

/** "Name <e-mail>", the name alone, or the object id when nothing else is known. */
export const personLabel = (person: { userId: string; name?: string; email?: string }): string =>
  person.name ? (person.email ? `${person.name} <${person.email}>` : person.name) : (person.email ?? person.userId);

/**
 * The team whose roster names people: the team of this channel, else the team holding the
 * coordinator channel (`coordinatorTeamId`), so the coordinator can pick people in a personal chat.
 */
export function teamToSearch(conversation: TurnConversation, coordinatorTeamId?: string): string | undefined {
  return conversation.teamId ?? coordinatorTeamId;
}

/**
 * Fills in the names and e-mails of people stored without them (a grant from configuration): from the
 * team roster, one read for all, or without a team from this conversation's members (the first ten);
 * people Teams does not answer for keep what they had.
 */
export async function withNames<T extends { userId: string; name?: string; email?: string }>(
  members: Members,
  people: T[],
  teamId?: string,
): Promise<T[]> {
  const unnamed = people.filter((person) => !person.name);
  if (unnamed.length === 0) return people;
  const known = new Map<string, Person>();
  if (teamId)
    for (const person of (await members.ofTeam(teamId)).map(asPerson)) {
      if (person) known.set(person.userId, person);
    }
  else
    for (const person of unnamed.slice(0, 10)) {
      const found = asPerson(await members.inConversation(person.userId));
      if (found) known.set(found.userId, found);
    }
  return people.map((person) => {
    const found = person.name ? undefined : known.get(person.userId);
    return found ? { ...person, name: found.name, email: person.email ?? found.email } : person;
  });
}
