import type { Turn } from '../../turn';
import { ValidationError } from '../../../errors';
import { findPerson, personKey, teamToSearch, type Person } from '../../access/people';
import { asIncidentActor, field, type IncidentDeps } from './context';

/**
 * The person picked (the Teams people picker) or typed (work e-mail or name) on an incident card,
 * as Teams answers for them: a member of this conversation, else of the team holding the coordinator
 * channel. Undefined when nothing usable was given or nobody matches; two matches for a name are a
 * validation error on `errorField`.
 *
 * @remarks P10: the card's value is only a key to look up; the id kept is the one Teams answers.
 */
export async function findNamed(
  turn: Turn,
  deps: Pick<IncidentDeps, 'conversations'>,
  named: string,
  errorField: string,
): Promise<Person | undefined> {
  if (!named || !personKey(named)) return undefined;
  const teamId = teamToSearch(turn.conversation, (await deps.conversations.channelFor('coordinator'))?.teamId);
  return findPerson(turn.members, named, teamId, errorField);
}

/**
 * The incident's assignee as the triage card sets it (#15 item 5): a person picked or typed is looked
 * up; the stored name sent back unchanged (a free-text assignee from before included) changes nothing;
 * an emptied field removes the assignee. Someone Teams does not know is refused at the field.
 */
export async function pickAssignee(
  turn: Turn,
  deps: IncidentDeps,
): Promise<{ assignee?: string; assigneeId?: string }> {
  const pick = field(turn.data, 'assigneePick', 200);
  const typed = field(turn.data, 'assignee', 120);
  if (!pick) {
    if (typeof turn.data.assignee !== 'string') return {};
    const { incident } = await deps.incidents.get(asIncidentActor(turn.actor), turn.data.number);
    if (typed === (incident.assignee ?? '')) return {};
    if (!typed) return { assignee: '', assigneeId: '' };
  }
  const person = await findNamed(turn, deps, pick || typed, 'assignee');
  if (!person) throw new ValidationError({ assignee: 'assignee.notFound' });
  return { assignee: person.name || person.email || person.userId, assigneeId: person.userId };
}
