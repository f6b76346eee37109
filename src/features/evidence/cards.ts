import { stringsFor, t, type Locale } from '../../i18n';
import { expandCard, type AdaptiveCard } from '../../platform/cards';
import { formatLocal } from '../incidents/deadlines';
import type { Incident } from '../incidents/model';
import type { EvidenceFile, EvidencePolicy, EvidenceType } from './model';
import { MAX_FILES_PER_INCIDENT } from './model';
import type { AttachResult } from './service';

/** A size as people read it: bytes, KB or MB with one decimal (Danish comma in Danish). */
export function sizeText(bytes: number, locale: Locale): string {
  const number = (value: number) =>
    value.toLocaleString(locale === 'da' ? 'da-DK' : 'en-GB', { maximumFractionDigits: 1 });
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${number(bytes / 1024)} KB`;
  return `${number(bytes / (1024 * 1024))} MB`;
}

const typeName = (locale: Locale, type: EvidenceType): string => stringsFor(locale).evidence.types[type];

/**
 * The incident's evidence as the coordinator (or the DPO, for a breach) sees it: the message the
 * report was made from, and every file with its type, size, who attached it and when, its SHA-256
 * and a button that makes a one-time link (#20).
 */
export function evidenceListCard(locale: Locale, incident: Incident, asDpo: boolean): AdaptiveCard {
  const s = stringsFor(locale).evidence;
  const files = incident.files ?? [];
  const message = incident.evidence;
  return expandCard('evidence/list', {
    heading: t(locale, 'evidence.listHeading', { number: incident.number }),
    intro: t(locale, 'evidence.listIntro', { count: files.length }),
    number: incident.number,
    hasMessage: message !== undefined,
    message: message && {
      heading: s.messageHeading,
      meta: [message.senderName, message.sentAt && formatLocal(message.sentAt, locale)].filter(Boolean).join(' · '),
      text: message.text,
      link: message.link ?? '',
      linkTitle: s.messageLink,
    },
    files: files.map((file) => fileRow(locale, file)),
    openTitle: s.open,
    canAttach: !asDpo && files.length < MAX_FILES_PER_INCIDENT,
    attachTitle: s.attach,
    asDpo,
    backTitle: s.back,
  });
}

const fileRow = (locale: Locale, file: EvidenceFile) => ({
  id: file.id,
  name: file.name,
  facts: t(locale, 'evidence.fileFacts', {
    type: typeName(locale, file.type),
    size: sizeText(file.size, locale),
    by: file.addedByName,
    as: stringsFor(locale).evidence.as[file.addedAs],
    at: formatLocal(file.addedAt, locale),
  }),
  sha: t(locale, 'evidence.sha', { sha: file.sha256 }),
});

/** A one-time link to one evidence file (#20). */
export function evidenceLinkCard(locale: Locale, number: string, file: EvidenceFile, url: string): AdaptiveCard {
  const s = stringsFor(locale).evidence;
  return expandCard('evidence/link', {
    heading: t(locale, 'evidence.linkHeading', { number }),
    name: file.name,
    message: s.linkReady,
    downloadTitle: s.linkDownload,
    downloadUrl: url,
    backTitle: s.linkBack,
    number,
  });
}

/** "Send the file now": the next file in the person's chat goes to the incident (#20). */
export function attachCard(locale: Locale, number: string, policy: EvidencePolicy, inChannel: boolean): AdaptiveCard {
  return expandCard('evidence/attach', {
    heading: t(locale, 'evidence.attachHeading', { number }),
    text: t(locale, 'evidence.attachText'),
    limits: t(locale, 'evidence.attachLimits', { mb: Math.floor(policy.maxBytes / (1024 * 1024)) }),
    hint: inChannel ? t(locale, 'evidence.attachChannelHint') : '',
    // Back to the incident as the person sees it (her report, or the coordinator's card): the card
    // "Vedhæft bevis" was pressed on is replaced by this one, and must not be lost with it.
    number,
    backTitle: t(locale, 'evidence.back'),
  });
}

/** One line of the answer to sent files: the file's name and what became of it. */
export interface ReceivedItem {
  name: string;
  outcome: AttachResult | { ok: false; reason: 'unreachable' | 'storage' };
}

/** What became of each file sent (#20): kept with its type and size, or why not, in the sender's language. */
export function receivedCard(
  locale: Locale,
  number: string,
  items: ReceivedItem[],
  policy: EvidencePolicy,
): AdaptiveCard {
  const mb = Math.floor(policy.maxBytes / (1024 * 1024));
  return expandCard('evidence/received', {
    heading: t(locale, 'evidence.receivedHeading', { number }),
    number,
    items: items.map(({ name, outcome }) =>
      outcome.ok
        ? {
            name: outcome.file.name,
            text: outcome.duplicate
              ? t(locale, 'evidence.keptAlready')
              : t(locale, 'evidence.kept', {
                  type: typeName(locale, outcome.file.type),
                  size: sizeText(outcome.file.size, locale),
                }),
            isError: false,
          }
        : {
            name,
            text: t(locale, `evidence.refused.${outcome.reason}`, { mb, max: MAX_FILES_PER_INCIDENT }),
            isError: true,
          },
    ),
    attachTitle: t(locale, 'evidence.attachMore'),
  });
}

/** A file sent with no incident chosen: the sender's open incidents to choose from (#20). */
export function chooseCard(locale: Locale, incidents: Array<{ number: string; title: string }>): AdaptiveCard {
  return expandCard('evidence/choose', {
    heading: t(locale, 'evidence.chooseHeading'),
    text: t(locale, 'evidence.chooseText'),
    incidents: incidents.map(({ number, title }) => ({ number, title: `${number} · ${title}` })),
  });
}
