import { systemDetailCard } from '../cards';
import type { SystemRecord } from '../model';
import { asSystemActor, type SystemDeps } from './context';
import type { Turn } from '../../turn';

/** The system card as the viewer may see it, with its history and newest screening. */
export async function renderSystemCard(
  deps: SystemDeps,
  turn: Turn,
  system: SystemRecord,
  banner?: { text: string; isError: boolean },
  errors?: Record<string, string>,
  values?: Record<string, string>,
) {
  const actor = asSystemActor(turn.actor);
  const [history, screening] = await Promise.all([
    deps.systems.history(actor, system),
    deps.dpia.latestFor(actor, system),
  ]);
  return systemDetailCard(turn.actor.locale, {
    system,
    history,
    screening,
    isCoordinator: turn.actor.roles.has('coordinator'),
    now: deps.clock.now(),
    intervals: deps.config.riskAssessmentMonths,
    banner,
    errors,
    values,
  });
}
