import { expandCard, type AdaptiveCard } from '../../platform/cards';
import { stringsFor, t, type Locale } from '../../i18n';
import { formatLocal } from '../incidents/deadlines';
import { audienceGroups, confirmationShares, type ReadCampaign, type ReadRequest } from './model';
import type { ReadableVersion } from './service';

/** The request to read a version and confirm "Læst og forstået" (P12); `reminder` adds the reminder line. */
export function requestCard(locale: Locale, campaign: ReadCampaign, reminder: boolean): AdaptiveCard {
  const s = stringsFor(locale).awareness;
  return expandCard('awareness/request', {
    s: s.request,
    title: t(locale, 'awareness.request.title', { kind: s.kinds[campaign.kind] }),
    reminder: reminder ? s.request.reminder : '',
    intro: t(locale, 'awareness.request.intro', { title: campaign.title, version: campaign.version }),
    link: campaign.link,
    campaignId: campaign.id,
  });
}

/** The answer to "Læst og forstået": what was recorded, and when. */
export function confirmedCard(locale: Locale, campaign: ReadCampaign, request: ReadRequest): AdaptiveCard {
  return expandCard('common/message', {
    title: t(locale, 'awareness.confirmed.title'),
    text: t(locale, 'awareness.confirmed.text', {
      title: campaign.title,
      version: campaign.version,
      at: formatLocal(request.confirmedAt ?? '', locale),
    }),
    hint: '',
    isError: false,
    menuTitle: t(locale, 'common.backToMenu'),
  });
}

/** The one-time link to who confirmed a version, as CSV for the auditors (P12). */
export function exportCard(locale: Locale, campaign: ReadCampaign, downloadUrl: string): AdaptiveCard {
  return expandCard('awareness/export', {
    s: stringsFor(locale).awareness.export,
    message: t(locale, 'awareness.export.ready', { title: campaign.title, version: campaign.version }),
    downloadUrl,
  });
}

/** The coordinator's view: each approved version, sent out or not, and the share who confirmed by group. */
export function statusCard(
  locale: Locale,
  versions: (ReadableVersion & { requests?: ReadRequest[] })[],
  banner = '',
): AdaptiveCard {
  const s = stringsFor(locale).awareness.status;
  return expandCard('awareness/status', {
    s,
    banner,
    versions: versions.map((version) => {
      const shares = version.requests ? confirmationShares(version.requests) : undefined;
      return {
        heading: t(locale, 'awareness.status.version', { title: version.title, version: version.version }),
        state: version.campaign
          ? t(locale, 'awareness.status.started', {
              at: formatLocal(version.campaign.startedAt, locale),
              by: version.campaign.startedByName,
              days: version.campaign.reminderDays,
            })
          : s.notStarted,
        shares: shares
          ? (['all', ...audienceGroups] as const).map((group) => ({
              title: s[group],
              value: t(locale, 'awareness.status.share', { ...shares[group] }),
            }))
          : [],
        startable: !version.campaign,
        approvalId: version.approvalId,
        campaignId: version.campaign?.id ?? '',
      };
    }),
  });
}
