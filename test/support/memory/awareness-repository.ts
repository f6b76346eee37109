import {
  confirmedOnce,
  remindedOnce,
  type ReadCampaign,
  type ReadKind,
  type ReadRequest,
} from '../../../src/features/awareness/model';
import type { AwarenessRepository } from '../../../src/features/awareness/repository';
import { MemoryRows } from './rows';

/** Read campaigns in memory, held to the contract of `TableAwarenessRepository`. */
export class MemoryAwarenessRepository implements AwarenessRepository {
  private readonly campaigns = new MemoryRows<ReadCampaign>();
  private readonly currents = new Map<ReadKind, string>();
  /** One set of rows per campaign, as the Table adapter keeps one partition per campaign. */
  private readonly partitions = new Map<string, MemoryRows<ReadRequest>>();

  private rowsOf(campaignId: string): MemoryRows<ReadRequest> {
    const rows = this.partitions.get(campaignId) ?? new MemoryRows<ReadRequest>();
    this.partitions.set(campaignId, rows);
    return rows;
  }

  async start(campaign: ReadCampaign): Promise<{ campaign: ReadCampaign; created: boolean }> {
    const created = !this.campaigns.has(campaign.id);
    if (created) this.campaigns.create(campaign.id, campaign);
    const stored = this.campaigns.get(campaign.id)?.value ?? campaign;
    // Read and written in one step (no await between), as the Table adapter does under its eTag.
    const currentId = this.currents.get(stored.kind);
    const current = currentId === undefined ? undefined : this.campaigns.get(currentId)?.value;
    if (!current || current.startedAt <= stored.startedAt) this.currents.set(stored.kind, stored.id);
    return { campaign: stored, created };
  }

  async campaign(id: string): Promise<ReadCampaign | undefined> {
    return this.campaigns.get(id)?.value;
  }

  async current(kind: ReadKind): Promise<ReadCampaign | undefined> {
    const id = this.currents.get(kind);
    return id === undefined ? undefined : this.campaign(id);
  }

  async ask(campaignId: string, request: ReadRequest): Promise<{ request: ReadRequest; created: boolean }> {
    const rows = this.rowsOf(campaignId);
    const created = !rows.has(request.userId);
    if (created) rows.create(request.userId, request);
    return { request: rows.get(request.userId)?.value ?? request, created };
  }

  async request(campaignId: string, userId: string): Promise<ReadRequest | undefined> {
    return this.rowsOf(campaignId).get(userId)?.value;
  }

  async requests(campaignId: string): Promise<ReadRequest[]> {
    return this.rowsOf(campaignId).values();
  }

  remind(campaignId: string, userId: string, at: string): Promise<ReadRequest | undefined> {
    return this.change(campaignId, userId, remindedOnce(at));
  }

  confirm(campaignId: string, userId: string, at: string, name?: string): Promise<ReadRequest | undefined> {
    return this.change(campaignId, userId, confirmedOnce(at, name));
  }

  private async change(
    campaignId: string,
    userId: string,
    edit: (request: ReadRequest) => ReadRequest | undefined,
  ): Promise<ReadRequest | undefined> {
    const rows = this.rowsOf(campaignId);
    const row = rows.get(userId);
    if (!row) return undefined;
    const next = edit(row.value);
    if (!next) return row.value;
    rows.replace(userId, next, row.etag);
    return next;
  }
}
