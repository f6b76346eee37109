import type { TurnContext } from 'botbuilder';
import { ConflictError, ForbiddenError, NotFoundError, StorageUnavailableError, ValidationError } from '../errors';
import { t } from '../i18n';
import type { Logger } from '../logger';
import { forbiddenCard, messageCard } from '../platform/message-cards';
import { pseudonym } from '../platform/pseudonym';
import { localeOf } from './actor';
import { answerWithMessage, isCardAction, sendCard } from './respond';
import { answerDialogMessage, isDialogInvoke } from './dialogs';

function messageKey(error: unknown): string {
  if (error instanceof StorageUnavailableError) return 'common.errorStorage';
  if (error instanceof ForbiddenError) return 'common.errorForbidden';
  if (error instanceof NotFoundError) return 'common.errorNotFound';
  if (error instanceof ConflictError) return 'common.errorConflict';
  return 'common.errorGeneric';
}

/**
 * The one place a failed turn is answered: the user gets a clear message in their language (for a
 * card action the card stays as it was, with what they typed), and the log gets the error without
 * personal data.
 */
export async function answerTurnError(context: TurnContext, error: unknown, logger: Logger): Promise<void> {
  const locale = localeOf(context);
  const expected =
    error instanceof ForbiddenError || error instanceof NotFoundError || error instanceof ValidationError;
  const log = {
    err: error,
    stack: expected ? undefined : (error as Error)?.stack,
    activityType: context.activity.type,
    verb: (context.activity.value as { action?: { verb?: unknown } } | undefined)?.action?.verb,
    user: pseudonym(context.activity.from?.aadObjectId),
  };
  if (expected) logger.warn(log, 'turn refused');
  else logger.error(log, 'turn failed');
  const formKey = error instanceof ValidationError ? error.fields.form : undefined;
  const text = t(locale, formKey ?? messageKey(error));
  try {
    if (isCardAction(context)) await answerWithMessage(context, text);
    else if (isDialogInvoke(context)) await answerDialogMessage(context, text, { isError: true });
    else if (error instanceof ForbiddenError) await sendCard(context, forbiddenCard(locale));
    else await sendCard(context, messageCard(locale, text));
  } catch (sendError) {
    logger.error({ err: sendError }, 'could not answer a failed turn');
  }
}
