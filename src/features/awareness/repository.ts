import type { ReadCampaign, ReadKind, ReadRequest } from './model';

/**
 * Where read campaigns and each person's request and confirmation are kept (P12).
 *
 * @remarks Every write is safe to repeat: a campaign or a request that exists is left as it is and
 * answered as stored, a confirmation or reminder already recorded keeps its first time. That is what
 * makes the fan-out resumable after a restart without asking anyone twice.
 */
export interface AwarenessRepository {
  /** Stores a campaign and makes it the current one of its kind; one that exists is answered as stored. */
  start(campaign: ReadCampaign): Promise<{ campaign: ReadCampaign; created: boolean }>;
  campaign(id: string): Promise<ReadCampaign | undefined>;
  /** The newest campaign of a kind (what someone meeting the bot for the first time is asked to read). */
  current(kind: ReadKind): Promise<ReadCampaign | undefined>;
  /** Records that a person is asked; one asked before is answered as stored (`created` false). */
  ask(campaignId: string, request: ReadRequest): Promise<{ request: ReadRequest; created: boolean }>;
  request(campaignId: string, userId: string): Promise<ReadRequest | undefined>;
  /** Every request of a campaign (one partition). */
  requests(campaignId: string): Promise<ReadRequest[]>;
  /** Records the reminder (the first time stays); undefined when the person was never asked. */
  remind(campaignId: string, userId: string, at: string): Promise<ReadRequest | undefined>;
  /**
   * Records the confirmation and the name Teams gave (the first time stays); undefined when the
   * person was never asked.
   */
  confirm(campaignId: string, userId: string, at: string, name?: string): Promise<ReadRequest | undefined>;
}
