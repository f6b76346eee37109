import type { Locale } from '../i18n';
import type { AdaptiveCard } from './cards';

/** The kind of conversation a turn came from. */
export type ConversationKind = 'personal' | 'channel' | 'groupChat';

/**
 * Who acts in a turn, as the chat platform says (the authenticated activity, never card data). The
 * composition root turns it into the features' actor (with roles from storage).
 */
export interface Identity {
  /** Entra object id of the user. */
  userId: string;
  /** Display name from Teams, for the log's "who" (never used for identity). */
  name: string;
  tenantId: string;
  locale: Locale;
  conversationType: ConversationKind;
}

/** The conversation a turn came from. */
export interface TurnConversation {
  kind: ConversationKind;
  /** The channel (without a thread's `;messageid=…`); only in a channel. */
  channelId?: string;
  /** The team the conversation belongs to; only in a team. */
  teamId?: string;
  /** The message this activity answers (Teams' `replyToId`): for a card action, the message whose card was acted on ({@link Turn.update}). */
  actedOnMessageId?: string;
}

/** A member of a conversation or team as the chat platform answers it. */
export interface Member {
  /** The platform's account id (Teams: `29:…`). */
  id?: string;
  /** Entra object id. */
  aadObjectId?: string;
  name?: string;
  email?: string;
  userPrincipalName?: string;
}

/** Looks people up in the chat platform (Teams rosters); both answer nothing rather than fail. */
export interface Members {
  /** A member of this turn's conversation by account or object id; undefined when not found or not answered. */
  inConversation(id: string): Promise<Member | undefined>;
  /** A team's roster (up to 10,000 members); empty when the platform does not answer. */
  ofTeam(teamId: string): Promise<Member[]>;
}

/**
 * One handled turn, free of any chat SDK's types: who acts, what the card sent, where, and the ways
 * to answer. Built by the Teams layer (`src/bot/`); handlers take nothing else from it.
 */
export interface Turn<A> {
  actor: A;
  /** `Action.Execute` data or form inputs — untrusted: validate, never take identity or roles from it. */
  data: Record<string, unknown>;
  conversation: TurnConversation;
  /** True for a card action (`Action.Execute`), which expects its answer in the HTTP response. */
  isCardAction: boolean;
  /** Shows a card: replaces the acted-on card (for this user) on a card action, posts a new message otherwise. */
  show(card: AdaptiveCard): Promise<void>;
  /** Answers a card action by replacing the card the user acted on (for this user). */
  reply(card: AdaptiveCard): Promise<void>;
  /** Posts a card as a new message in the conversation. */
  send(card: AdaptiveCard): Promise<void>;
  /**
   * Replaces the message whose card was acted on ({@link TurnConversation.actedOnMessageId}) for
   * everyone in the conversation; does nothing when there is none. Rejects when the platform refuses.
   */
  update(card: AdaptiveCard): Promise<void>;
  members: Members;
  /** The message as typed or pasted (empty for a card action or a message action). */
  message: IncomingMessage;
  /**
   * For a message action: what the platform sent about the message it was chosen on (Teams'
   * `messagePayload`), unread and untrusted; undefined otherwise.
   */
  messagePayload?: unknown;
  /** Answers a message action with a dialog showing `card` (on a submit: keeps the dialog open with it). */
  dialog(title: string, card: AdaptiveCard): Promise<void>;
  /** Answers a message action with a short message in its dialog (an error, a receipt). */
  dialogMessage(text: string, options?: { title?: string; isError?: boolean }): Promise<void>;
  /**
   * Fetches a file of {@link IncomingMessage.files} from where the platform keeps it: only from the
   * platform's own hosts, stopped at `maxBytes`. Check what the bytes are (`sniffType`) before keeping them.
   */
  download(file: IncomingFile, options: { maxBytes: number }): Promise<Download>;
}

/**
 * A file someone sent with a message, as the platform announced it: its name and claimed type are
 * the sender's words (untrusted); the bytes are fetched with {@link Turn.download}.
 */
export interface IncomingFile {
  name: string;
  /** The content type or file extension the platform was told; never proof of what the bytes are. */
  declaredType: string;
  /** A file shared into the chat, or an image pasted inline into the message. */
  source: 'file' | 'inline-image';
}

/** A downloaded file, or why it could not be fetched. */
export type Download =
  | { ok: true; name: string; declaredType: string; bytes: Buffer }
  | {
      ok: false;
      /** Bigger than allowed; from a host the bot does not fetch from; or not answered. */
      reason: 'too-large' | 'refused-host' | 'unreachable';
    };

/** A message's text and attachments as the platform delivered them (the HTML of a pasted message, a quote). */
export interface IncomingMessage {
  text: string;
  attachments: unknown[];
  /** The files sent with it (shared files and inline images); empty for most messages. */
  files: IncomingFile[];
}

/** A feature's handler for a command or a card action. */
export type TurnHandler<A> = (turn: Turn<A>) => Promise<void>;

/** The bot (or a group chat) being added to a conversation. */
export interface InstallEvent<A> {
  conversation: TurnConversation;
  /** True when the bot itself was added (not only another member). */
  botAdded: boolean;
  /** Who added it, when the activity names an Entra user. */
  actor(): Promise<A | undefined>;
  /** Posts a card in the conversation. */
  send(card: AdaptiveCard): Promise<void>;
  /** The person who added it as the platform's roster knows them (for the guest mark in their sign-in name). */
  member(): Promise<Member | undefined>;
}

/**
 * Where features register what they answer: typed commands, card verbs, the fallback for any other
 * message, and installs. The Teams layer implements it; features know only this.
 */
export interface Routes<A> {
  /** A typed command in any of the given words (Danish and English). */
  command(words: string[], handler: TurnHandler<A>): this;
  /** What a message that is no command gets. */
  otherwise(handler: TurnHandler<A>): this;
  /**
   * What a message that is no command gets when `applies` says so, before {@link otherwise} (e.g. a
   * pasted message offered as a report).
   */
  otherwiseWhen(applies: (message: IncomingMessage, kind: ConversationKind) => boolean, handler: TurnHandler<A>): this;
  /**
   * A message action (Teams: a `composeExtensions` command with `fetchTask`): `fetch` opens its
   * dialog, `submit` takes what the dialog sends (as `data`); the message is `turn.messagePayload`.
   */
  messageAction(commandId: string, handlers: { fetch: TurnHandler<A>; submit: TurnHandler<A> }): this;
  /** An `Action.Execute` verb. */
  action(verb: string, handler: TurnHandler<A>): this;
  /**
   * A message with files: `handler` answers true when it took them. Handlers are asked in
   * registration order; when none takes the files, the sender is told they were not kept.
   */
  files(handler: (turn: Turn<A>) => Promise<boolean>): this;
  /** What the sender of files no {@link files} handler took is told (nothing they sent is dropped unseen). */
  otherwiseFiles(handler: TurnHandler<A>): this;
  /** Members added to a conversation (the bot installed); handlers run in registration order. */
  onInstall(handler: (event: InstallEvent<A>) => Promise<void>): this;
}
