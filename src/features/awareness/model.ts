/**
 * The groups a read confirmation is counted by (P12: the policy applies to employees and to
 * suppliers, consultants and partners with access, who are usually guests in the tenant).
 */
export const audienceGroups = ['employee', 'guest'] as const;
export type AudienceGroup = (typeof audienceGroups)[number];

/** The approved documents people are asked to read (P9 approves them; P12 asks everyone to read them). */
export const readKinds = ['policyRevision', 'handbookRevision'] as const;
export type ReadKind = (typeof readKinds)[number];

/**
 * One request to read an approved version and confirm "Læst og forstået": which version, who started
 * it and when, and after how many days the one reminder goes out.
 */
export interface ReadCampaign {
  /** The approval item and round it follows from (`<approval id>-r<round>`): one campaign per approved version. */
  id: string;
  kind: ReadKind;
  title: string;
  version: string;
  link: string;
  startedAt: string;
  startedBy: string;
  startedByName: string;
  reminderDays: number;
}

/** One person asked to read a campaign's version, and what came of it. */
export interface ReadRequest {
  userId: string;
  group: AudienceGroup;
  askedAt: string;
  /** When the one reminder was sent; absent = not reminded. */
  remindedAt?: string;
  /** When they confirmed "Læst og forstået"; absent = not yet. */
  confirmedAt?: string;
  /** Their name as Teams gave it when they were asked or confirmed (absent when Teams did not answer). */
  name?: string;
  /** Asked when they first met the bot (after the campaign started), not by the campaign's fan-out. */
  firstMeet?: boolean;
}

/** The campaign id for an approved round of an approval item. */
export const campaignIdOf = (approvalId: string, round: number): string => `${approvalId}-r${round}`;

/** How many were asked and how many confirmed, in one group or in all. */
export interface Share {
  asked: number;
  confirmed: number;
  /** Confirmed of asked, in whole per cent (0 when nobody was asked). */
  percent: number;
}

const shareOf = (requests: readonly ReadRequest[]): Share => {
  const confirmed = requests.filter((request) => request.confirmedAt !== undefined).length;
  return {
    asked: requests.length,
    confirmed,
    percent: requests.length === 0 ? 0 : Math.floor((confirmed * 100) / requests.length),
  };
};

/**
 * The share who confirmed, in all and by group (P12), as the coordinator sees it.
 *
 * @remarks Rounded down, so 100 % means everyone: 199 of 200 is 99 %, not 100 %.
 */
export function confirmationShares(requests: readonly ReadRequest[]): { all: Share } & Record<AudienceGroup, Share> {
  return {
    all: shareOf(requests),
    employee: shareOf(requests.filter((request) => request.group === 'employee')),
    guest: shareOf(requests.filter((request) => request.group === 'guest')),
  };
}

/**
 * The requests due their one reminder at `now`: asked at least `reminderDays` days ago, not
 * confirmed and not reminded before (P12: one reminder, nobody asked twice).
 */
export function dueForReminder(campaign: ReadCampaign, requests: readonly ReadRequest[], now: Date): ReadRequest[] {
  const dueBefore = now.getTime() - campaign.reminderDays * 24 * 60 * 60 * 1000;
  return requests.filter(
    (request) =>
      request.confirmedAt === undefined &&
      request.remindedAt === undefined &&
      new Date(request.askedAt).getTime() <= dueBefore,
  );
}

/**
 * A guest in the tenant by their user principal name: Entra ID writes invited guests as
 * `name_domain#EXT#@tenant.onmicrosoft.com`.
 */
export const groupOf = (userPrincipalName: string | undefined): AudienceGroup =>
  userPrincipalName?.toUpperCase().includes('#EXT#') ? 'guest' : 'employee';

/**
 * The reminder recorded on a request, once: undefined when it was reminded already (nothing to
 * store). Both stores apply it under their own concurrency check.
 */
export const remindedOnce =
  (at: string) =>
  (request: ReadRequest): ReadRequest | undefined =>
    request.remindedAt ? undefined : { ...request, remindedAt: at };

/** "Læst og forstået" recorded once: the first confirmation (and the name Teams gave then) is kept. */
export const confirmedOnce =
  (at: string, name?: string) =>
  (request: ReadRequest): ReadRequest | undefined =>
    request.confirmedAt ? undefined : { ...request, confirmedAt: at, ...(name ? { name } : {}) };
