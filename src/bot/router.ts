import { ActivityTypes, type TurnContext } from 'botbuilder';
import type { Application } from '@microsoft/teams-ai/lib/Application';
import type { TurnState } from '@microsoft/teams-ai/lib/TurnState';
import { ForbiddenError, NotFoundError } from '../errors';
import type { Logger } from '../logger';
import type {
  ConversationKind,
  Identity,
  IncomingMessage,
  InstallEvent,
  Member,
  Routes,
  Turn,
  TurnHandler,
} from '../platform/turn';
import { identityOf } from './actor';
import { findCommand, type Command } from './commands';
import { answerTurnError } from './turn-errors';
import { isCardAction, sendCard } from './respond';
import { commandIdOf, dialogDataOf, dialogInvokes, isDialogInvoke } from './dialogs';
import { conversationOf, messageOf, teamsMembers, teamsTurn } from './teams-turn';

/** Turns who the activity names into the features' actor (e.g. with roles from storage). */
export type ActorResolver<A> = (identity: Identity) => Promise<A>;

/**
 * Routes messages and card actions to feature handlers, resolving the actor first and answering
 * every failure through {@link answerTurnError}. Features see it only as {@link Routes}.
 */
export class Router<A> implements Routes<A> {
  private readonly commands: Command[] = [];
  private readonly handledVerbs = new Set<string>();
  private readonly installs: Array<(event: InstallEvent<A>) => Promise<void>> = [];
  private fallback?: TurnHandler<A>;
  private readonly fileHandlers: Array<(turn: Turn<A>) => Promise<boolean>> = [];
  private filesFallback?: TurnHandler<A>;
  private readonly offers: {
    applies: (message: IncomingMessage, kind: ConversationKind) => boolean;
    handler: TurnHandler<A>;
  }[] = [];
  private readonly messageActions = new Map<string, { fetch: TurnHandler<A>; submit: TurnHandler<A> }>();

  constructor(
    private readonly app: Application<TurnState>,
    private readonly resolveActor: ActorResolver<A>,
    private readonly logger: Logger,
  ) {}

  /** The verbs with a handler (checked against the card templates in a test). */
  get verbs(): ReadonlySet<string> {
    return this.handledVerbs;
  }

  /** Every word that triggers a command (checked against the app manifest's command list in a test). */
  get commandWords(): string[] {
    return this.commands.flatMap((command) => command.words);
  }

  command(words: string[], handler: TurnHandler<A>): this {
    this.commands.push({ words, run: (context) => this.guarded(context, {}, handler) });
    return this;
  }

  otherwise(handler: TurnHandler<A>): this {
    this.fallback = handler;
    return this;
  }

  otherwiseWhen(applies: (message: IncomingMessage, kind: ConversationKind) => boolean, handler: TurnHandler<A>): this {
    this.offers.push({ applies, handler });
    return this;
  }

  files(handler: (turn: Turn<A>) => Promise<boolean>): this {
    this.fileHandlers.push(handler);
    return this;
  }

  otherwiseFiles(handler: TurnHandler<A>): this {
    this.filesFallback = handler;
    return this;
  }

  messageAction(commandId: string, handlers: { fetch: TurnHandler<A>; submit: TurnHandler<A> }): this {
    this.messageActions.set(commandId, handlers);
    return this;
  }

  /** The message actions with a handler (checked against the app manifest in a test). */
  get messageActionIds(): string[] {
    return [...this.messageActions.keys()];
  }

  action(verb: string, handler: TurnHandler<A>): this {
    this.handledVerbs.add(verb);
    this.app.adaptiveCards.actionExecute(verb, async (context, _state, data) => {
      await this.guarded(context, isRecord(data) ? data : {}, handler);
      return '';
    });
    return this;
  }

  onInstall(handler: (event: InstallEvent<A>) => Promise<void>): this {
    this.installs.push(handler);
    return this;
  }

  /** Installs the message, unknown-verb and install routes; call once after every feature registered. */
  install(): void {
    this.app.conversationUpdate('membersAdded', async (context) => {
      const activity = context.activity;
      const event: InstallEvent<A> = {
        conversation: conversationOf(context),
        botAdded: (activity.membersAdded ?? []).some((member) => member.id === activity.recipient?.id),
        actor: () => this.actorOf(context),
        send: (card) => sendCard(context, card),
        member: async (): Promise<Member | undefined> =>
          activity.from?.id ? teamsMembers(context).inConversation(activity.from.id) : undefined,
      };
      for (const handler of this.installs) await handler(event);
    });
    this.app.activity(ActivityTypes.Message, async (context) => {
      const message = messageOf(context);
      // Files first: a file with a few words ("her er mailen") is about the file, and is never dropped.
      if (message.files.length > 0) return this.guarded(context, {}, (turn) => this.takeFiles(turn));
      const command = findCommand(this.commands, context.activity.text);
      if (command) return command.run(context);
      const kind = conversationOf(context).kind;
      const handler = this.offers.find((offer) => offer.applies(message, kind))?.handler ?? this.fallback;
      if (handler) await this.guarded(context, {}, handler);
    });
    // Message actions: an unknown command id (an old manifest, made-up data) is told "not found" in the dialog.
    this.app.activity(
      async (context) => isDialogInvoke(context),
      async (context) => {
        const handlers = this.messageActions.get(commandIdOf(context) ?? '');
        if (!handlers) return answerTurnError(context, new NotFoundError('message action'), this.logger);
        const submit = context.activity.name === dialogInvokes.submit;
        await this.guarded(context, submit ? dialogDataOf(context) : {}, submit ? handlers.submit : handlers.fetch);
      },
    );
    // A verb no handler knows (an old card, or made-up data) gets a clear answer, not a 501.
    this.app.adaptiveCards.actionExecute(
      async (context) => isCardAction(context) && !this.handledVerbs.has(verbOf(context) as string),
      async (context) => {
        await answerTurnError(context, new NotFoundError('card action'), this.logger);
        return '';
      },
    );
  }

  /** Resolves who acts; undefined when the activity names no Entra user. */
  async actorOf(context: TurnContext): Promise<A | undefined> {
    const identity = identityOf(context);
    return identity ? this.resolveActor(identity) : undefined;
  }

  /** Asks each file handler in turn; the fallback answers files nobody took. */
  private async takeFiles(turn: Turn<A>): Promise<void> {
    for (const handler of this.fileHandlers) if (await handler(turn)) return;
    await this.filesFallback?.(turn);
  }

  private async guarded(context: TurnContext, data: Record<string, unknown>, handler: TurnHandler<A>): Promise<void> {
    try {
      const actor = await this.actorOf(context);
      if (!actor) throw new ForbiddenError('activity without an Entra user or tenant');
      await handler(teamsTurn(context, actor, data));
    } catch (error) {
      await answerTurnError(context, error, this.logger);
    }
  }
}

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

const verbOf = (context: TurnContext): unknown =>
  (context.activity.value as { action?: { verb?: unknown } } | undefined)?.action?.verb;
