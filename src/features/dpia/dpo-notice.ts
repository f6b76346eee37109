import type { Notifier } from '../../platform/notifier';
import { t } from '../../i18n';
import type { Logger } from '../../logger';
import { chatLocale } from '../access/conversations';
import { dpoRecipients, type DpoRecipientDeps } from '../access/dpo';
import { formatLocal } from '../incidents/deadlines';
import { screeningNoticeCard } from './cards';
import type { Screening } from './model';

/**
 * Tells every data protection officer a screening's outcome in their personal chat (P5, GDPR art.
 * 39(1)(c): the DPO advises on impact assessments), with a button to open it. A failure is logged;
 * the outcome is stored whatever happens here.
 */
export async function notifyDpoOfScreening(
  deps: DpoRecipientDeps & { notifier: Notifier; logger: Logger },
  screening: Screening,
): Promise<void> {
  const answer = screening.answer;
  if (!answer) return;
  try {
    for (const chat of await dpoRecipients(deps)) {
      const locale = chatLocale(chat);
      const card = screeningNoticeCard(
        t(locale, 'dpo.screening.noticeHeading', { system: screening.systemName }),
        t(locale, 'dpo.screening.noticeBody', {
          outcome: t(locale, `dpia.outcome.outcomes.${answer.result.outcome}`),
          at: formatLocal(answer.answeredAt, locale),
          by: answer.answeredByName,
        }),
        t(locale, 'dpia.notify.open'),
        screening.id,
      );
      const delivery = await deps.notifier.send(chat, card);
      deps.logger.info({ screening: screening.id, delivery }, 'data protection officer told the screening outcome');
    }
  } catch (error) {
    deps.logger.error(
      { screening: screening.id, err: { name: (error as Error)?.name } },
      'DPO screening notice failed',
    );
  }
}
