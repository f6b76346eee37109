import type { TurnContext } from 'botbuilder';
import type { Actor } from './actor';

/** One handled turn: the Teams context, who is acting (from the activity and storage), and card data. */
export interface Turn {
  context: TurnContext;
  actor: Actor;
  /** `Action.Execute` data or form inputs — untrusted: validate, never take identity or roles from it. */
  data: Record<string, unknown>;
}

/** A feature's handler for a command or a card action. */
export type TurnHandler = (turn: Turn) => Promise<void>;
