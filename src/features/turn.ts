import type { Actor } from './access/actor';
import type {
  InstallEvent as PlatformInstallEvent,
  Routes as PlatformRoutes,
  Turn as PlatformTurn,
} from '../platform/turn';

export type { Actor } from './access/actor';

/** One handled turn as features see it (see `platform/turn.ts`): the actor carries roles. */
export type Turn = PlatformTurn<Actor>;

/** A feature's handler for a command or a card action. */
export type TurnHandler = (turn: Turn) => Promise<void>;

/** The bot joining a conversation, as features see it. */
export type InstallEvent = PlatformInstallEvent<Actor>;

/** Where a feature registers its commands, card verbs and install greetings. */
export type Routes = PlatformRoutes<Actor>;
