import type { Clock } from '../../clock';
import { ForbiddenError, NotFoundError, ValidationError } from '../../errors';
import type { Role } from '../access/roles';
import type { ApprovalItem } from '../approvals/model';
import {
  campaignIdOf,
  confirmationShares,
  readKinds,
  type AudienceGroup,
  type ReadCampaign,
  type ReadKind,
  type ReadRequest,
} from './model';
import type { AwarenessRepository } from './repository';

/** Who acts, as the awareness feature needs it. */
export interface AwarenessActor {
  userId: string;
  name: string;
  roles: ReadonlySet<Role>;
}

/** The approvals the feature reads: approved policy and handbook versions (P9). */
export interface ApprovedVersions {
  list(limit?: number): Promise<ApprovalItem[]>;
  get(id: unknown): Promise<ApprovalItem>;
}

/** An approved version that can be sent out to read, and its campaign if one was started. */
export interface ReadableVersion {
  approvalId: string;
  kind: ReadKind;
  title: string;
  version: string;
  approvedAt: string;
  campaign?: ReadCampaign;
}

const isReadKind = (kind: string): kind is ReadKind => (readKinds as readonly string[]).includes(kind);

/** The approved round of an approval item for the policy or the handbook, or undefined. */
function approvedRound(item: ApprovalItem) {
  if (!isReadKind(item.kind) || item.state !== 'approved') return undefined;
  const round = item.rounds.at(-1);
  return round?.outcome === 'approved' ? round : undefined;
}

/**
 * Policy read and understood (P12): the coordinator asks everyone in scope to read an approved
 * version of the policy or the handbook (P9) and confirm "Læst og forstået"; the share who did,
 * by group.
 */
export class AwarenessService {
  constructor(
    private readonly repo: AwarenessRepository,
    private readonly approvals: ApprovedVersions,
    private readonly clock: Clock,
    private readonly reminderDays: number,
  ) {}

  private assertCoordinator(actor: AwarenessActor): void {
    if (!actor.roles.has('coordinator')) throw new ForbiddenError('read campaigns');
  }

  /** The newest approved versions of the policy and the handbook, each with its campaign if started (coordinator). */
  async versions(actor: AwarenessActor): Promise<ReadableVersion[]> {
    this.assertCoordinator(actor);
    const found: ReadableVersion[] = [];
    for (const kind of readKinds) {
      const item = (await this.approvals.list(200)).find(
        (candidate) => candidate.kind === kind && approvedRound(candidate),
      );
      const round = item && approvedRound(item);
      if (!item || !round) continue;
      found.push({
        approvalId: item.id,
        kind,
        title: round.title,
        version: round.version,
        approvedAt: round.closedAt ?? item.createdAt,
        campaign: await this.repo.campaign(campaignIdOf(item.id, round.round)),
      });
    }
    return found;
  }

  /**
   * Starts the campaign for an approved version (coordinator): stored once per version (a repeat
   * answers the stored one, `created` false); the caller schedules the sending.
   */
  async start(actor: AwarenessActor, approvalId: unknown): Promise<{ campaign: ReadCampaign; created: boolean }> {
    this.assertCoordinator(actor);
    const item = await this.approvals.get(approvalId);
    const round = approvedRound(item);
    if (!round || !isReadKind(item.kind)) throw new ValidationError({ form: 'awareness.errors.notApproved' });
    return this.repo.start({
      id: campaignIdOf(item.id, round.round),
      kind: item.kind,
      title: round.title,
      version: round.version,
      link: round.link,
      startedAt: this.clock.now().toISOString(),
      startedBy: actor.userId,
      startedByName: actor.name,
      reminderDays: this.reminderDays,
    });
  }

  /**
   * Records that `userId` is asked (once: a repeat answers the stored request, `created` false), with
   * their name as Teams gave it when known, and whether they were asked on first meeting the bot.
   */
  ask(
    campaign: ReadCampaign,
    userId: string,
    group: AudienceGroup,
    options: { firstMeet?: boolean; name?: string } = {},
  ): Promise<{ request: ReadRequest; created: boolean }> {
    const request: ReadRequest = {
      userId,
      group,
      askedAt: this.clock.now().toISOString(),
      ...(options.firstMeet ? { firstMeet: true } : {}),
      ...(options.name ? { name: options.name } : {}),
    };
    return this.repo.ask(campaign.id, request);
  }

  /** The actor confirms "Læst og forstået"; a campaign they were never asked in does not exist for them. */
  async confirm(actor: AwarenessActor, campaignId: unknown): Promise<{ campaign: ReadCampaign; request: ReadRequest }> {
    const campaign =
      typeof campaignId === 'string' && campaignId.length <= 80 ? await this.repo.campaign(campaignId) : undefined;
    const request =
      campaign && (await this.repo.confirm(campaign.id, actor.userId, this.clock.now().toISOString(), actor.name));
    if (!campaign || !request) throw new NotFoundError('read campaign');
    return { campaign, request };
  }

  /** A campaign, for the coordinator only (e.g. to make its export link, without reading its requests). */
  async campaignFor(actor: AwarenessActor, campaignId: unknown): Promise<ReadCampaign> {
    this.assertCoordinator(actor);
    const campaign =
      typeof campaignId === 'string' && campaignId.length <= 80 ? await this.repo.campaign(campaignId) : undefined;
    if (!campaign) throw new NotFoundError('read campaign');
    return campaign;
  }

  /** A campaign's requests and the share who confirmed, by group (coordinator). */
  async status(actor: AwarenessActor, campaignId: unknown) {
    const campaign = await this.campaignFor(actor, campaignId);
    const requests = await this.repo.requests(campaign.id);
    return { campaign, requests, shares: confirmationShares(requests) };
  }

  /** The current campaigns (policy, handbook), for someone meeting the bot for the first time. */
  async current(): Promise<ReadCampaign[]> {
    const found = await Promise.all(readKinds.map((kind) => this.repo.current(kind)));
    return found.filter((campaign): campaign is ReadCampaign => campaign !== undefined);
  }

  campaign(id: string): Promise<ReadCampaign | undefined> {
    return this.repo.campaign(id);
  }

  requests(campaignId: string): Promise<ReadRequest[]> {
    return this.repo.requests(campaignId);
  }

  remind(campaignId: string, userId: string): Promise<ReadRequest | undefined> {
    return this.repo.remind(campaignId, userId, this.clock.now().toISOString());
  }
}
