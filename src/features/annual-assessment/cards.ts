import { randomUUID } from 'node:crypto';
import { expandCard, type AdaptiveCard } from '../../platform/cards';
import { stringsFor, t, type Locale } from '../../i18n';
import { shortHash } from './canonical';
import type { AssessmentSnapshot } from './repository';

/**
 * The generated overall risk assessment in the chat (P7): its key figures and content hash, with
 * downloads, and for the coordinator "put before the management group" of exactly this version.
 */
export function overviewCard(
  locale: Locale,
  { hash, content }: AssessmentSnapshot,
  options: { canSubmit: boolean; banner?: { text: string; isError: boolean }; draftId?: string },
): AdaptiveCard {
  const a = stringsFor(locale).annualAssessment;
  const overdue = content.systems.byCategory.reduce(
    (sum, line) => sum + line.statuses.overdue + line.statuses.never + line.statuses.majorChange,
    0,
  );
  return expandCard('annual-assessment/overview', {
    heading: t(locale, 'annualAssessment.card.heading', { year: content.year }),
    banner: options.banner?.text ?? '',
    bannerColor: options.banner?.isError ? 'Attention' : 'Good',
    intro: a.card.intro,
    facts: [
      { title: a.summary.risks, value: String(content.risks.total) },
      { title: a.summary.highResidual, value: String(content.risks.residual.high + content.risks.residual.critical) },
      { title: a.summary.systemsOverdue, value: String(overdue) },
      { title: a.summary.incidents, value: String(content.incidents.total) },
      { title: a.summary.breaches, value: String(content.incidents.breaches) },
      { title: a.summary.dpiaOpen, value: String(content.dpia.required - content.dpia.done) },
    ],
    hashTitle: a.card.hash,
    shortHash: `${shortHash(hash)}…`,
    hash,
    downloadTitle: a.card.download,
    canSubmit: options.canSubmit,
    submitTitle: a.card.submit,
    draftId: options.draftId ?? randomUUID(),
    refreshTitle: a.card.refresh,
  });
}

/** The one-time links to a version as Word and as CSV. */
export function downloadsCard(
  locale: Locale,
  snapshot: AssessmentSnapshot,
  urls: { docx: string; csv: string },
  approvalId = '',
): AdaptiveCard {
  const a = stringsFor(locale).annualAssessment.downloads;
  return expandCard('annual-assessment/downloads', {
    heading: t(locale, 'annualAssessment.downloads.heading', {
      year: snapshot.content.year,
      hash: `${shortHash(snapshot.hash)}…`,
    }),
    message: a.ready,
    wordTitle: a.word,
    wordUrl: urls.docx,
    csvTitle: a.csv,
    csvUrl: urls.csv,
    backTitle: a.back,
    approvalId,
  });
}
