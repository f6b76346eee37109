import type { Member, Members } from '../../platform/turn';

/** A person found in Teams for an owner cell; `ambiguous` when several people match it. */
export type FoundOwner = { ownerId: string; ownerName: string } | 'ambiguous' | undefined;

const guid = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/**
 * Finds the people the owner cells of a file name, in the roster of the team that holds the
 * coordinator channel, read once for the whole file (P10: only people Teams knows become owners).
 *
 * @remarks A cell matches a member by object id, e-mail or sign-in name, or by the whole display
 * name (case ignored); a name two members share is `ambiguous` (the row is refused: write the
 * e-mail). No partial names: a file is not a person choosing from a list.
 */
export async function findOwners(members: Members, teamId: string | undefined, texts: string[]) {
  const found = new Map<string, FoundOwner>();
  if (!teamId || texts.length === 0) return found;
  const roster = (await members.ofTeam(teamId)).filter((member) => guid.test(member.aadObjectId?.toLowerCase() ?? ''));
  const person = (member: Member) => ({
    ownerId: (member.aadObjectId as string).toLowerCase(),
    ownerName: String(member.name ?? '').slice(0, 120),
  });
  for (const text of texts) {
    const byKey = roster.find((member) =>
      [member.aadObjectId, member.email, member.userPrincipalName].some((field) => field?.toLowerCase() === text),
    );
    if (byKey) {
      found.set(text, person(byKey));
      continue;
    }
    const byName = roster.filter((member) => (member.name ?? '').toLowerCase().replace(/\s+/g, ' ') === text);
    if (byName.length > 1) found.set(text, 'ambiguous');
    else if (byName[0]) found.set(text, person(byName[0]));
  }
  return found;
}
