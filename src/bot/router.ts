import { ActivityTypes, type TurnContext } from 'botbuilder';
import type { Application } from '@microsoft/teams-ai/lib/Application';
import type { TurnState } from '@microsoft/teams-ai/lib/TurnState';
import { ForbiddenError, NotFoundError } from '../errors';
import type { RoleRepository } from '../features/access/roles';
import type { Logger } from '../logger';
import { conversationTypeOf, localeOf, tenantOf, userIdOf, type Actor } from './actor';
import { findCommand, type Command } from './commands';
import { answerTurnError } from './turn-errors';
import { commandIdOf, dialogDataOf, dialogInvokes, isDialogInvoke } from './dialogs';
import { isCardAction } from './respond';
import type { TurnHandler } from './turn';
import type { Verb } from './verbs';

/**
 * Routes messages and card actions to feature handlers, resolving the actor first and answering
 * every failure through {@link answerTurnError}.
 */
export class Router {
  private readonly commands: Command[] = [];
  private readonly handledVerbs = new Set<Verb>();
  private fallback?: TurnHandler;
  private readonly offers: { applies: (context: TurnContext) => boolean; handler: TurnHandler }[] = [];
  private readonly messageActions = new Map<string, { fetch: TurnHandler; submit: TurnHandler }>();

  constructor(
    private readonly app: Application<TurnState>,
    private readonly roles: RoleRepository,
    private readonly logger: Logger,
  ) {}

  /** The verbs with a handler (checked against the card templates in a test). */
  get verbs(): ReadonlySet<Verb> {
    return this.handledVerbs;
  }

  /** Every word that triggers a command (checked against the app manifest's command list in a test). */
  get commandWords(): string[] {
    return this.commands.flatMap((command) => command.words);
  }

  /** A typed command in any of the given words (Danish and English). */
  command(words: string[], handler: TurnHandler): this {
    this.commands.push({ words, run: (context) => this.guarded(context, {}, handler) });
    return this;
  }

  /** What a message that is no command gets. */
  otherwise(handler: TurnHandler): this {
    this.fallback = handler;
    return this;
  }

  /**
   * What a message that is no command gets when `applies` says so, before {@link otherwise} (e.g. a
   * pasted message offered as a report).
   */
  otherwiseWhen(applies: (context: TurnContext) => boolean, handler: TurnHandler): this {
    this.offers.push({ applies, handler });
    return this;
  }

  /**
   * A message action (`composeExtensions` command with `fetchTask`): `fetch` opens its dialog,
   * `submit` takes what the dialog sends. Both get the dialog's data as `data` (none on fetch); the
   * message itself is read from the activity (see `dialogs.ts`).
   */
  messageAction(commandId: string, handlers: { fetch: TurnHandler; submit: TurnHandler }): this {
    this.messageActions.set(commandId, handlers);
    return this;
  }

  /** The message actions with a handler (checked against the app manifest in a test). */
  get messageActionIds(): string[] {
    return [...this.messageActions.keys()];
  }

  /** An `Action.Execute` verb. */
  action(verb: Verb, handler: TurnHandler): this {
    this.handledVerbs.add(verb);
    this.app.adaptiveCards.actionExecute(verb, async (context, _state, data) => {
      await this.guarded(context, isRecord(data) ? data : {}, handler);
      return '';
    });
    return this;
  }

  /** Installs the message route; call once after every feature registered. */
  install(): void {
    this.app.activity(ActivityTypes.Message, async (context) => {
      const command = findCommand(this.commands, context.activity.text);
      if (command) return command.run(context);
      const handler = this.offers.find((offer) => offer.applies(context))?.handler ?? this.fallback;
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
      async (context) => isCardAction(context) && !this.handledVerbs.has(verbOf(context) as Verb),
      async (context) => {
        await answerTurnError(context, new NotFoundError('card action'), this.logger);
        return '';
      },
    );
  }

  /** Resolves who acts; undefined when the activity names no Entra user. */
  async actorOf(context: TurnContext): Promise<Actor | undefined> {
    const userId = userIdOf(context);
    const tenantId = tenantOf(context);
    if (!userId || !tenantId) return undefined;
    return {
      userId,
      name: String(context.activity.from?.name ?? '').slice(0, 120) || userId,
      tenantId,
      locale: localeOf(context),
      conversationType: conversationTypeOf(context),
      roles: await this.roles.rolesOf(userId),
    };
  }

  private async guarded(context: TurnContext, data: Record<string, unknown>, handler: TurnHandler): Promise<void> {
    try {
      const actor = await this.actorOf(context);
      if (!actor) throw new ForbiddenError('activity without an Entra user or tenant');
      await handler({ context, actor, data });
    } catch (error) {
      await answerTurnError(context, error, this.logger);
    }
  }
}

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

const verbOf = (context: TurnContext): unknown =>
  (context.activity.value as { action?: { verb?: unknown } } | undefined)?.action?.verb;
