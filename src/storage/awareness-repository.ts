import type { TableClient } from '@azure/data-tables';
import {
  confirmedOnce,
  remindedOnce,
  type ReadCampaign,
  type ReadKind,
  type ReadRequest,
} from '../features/awareness/model';
import type { AwarenessRepository } from '../features/awareness/repository';
import { isConflict, isNotFound, rethrowStorageError } from './errors';
import { encodeKey } from './keys';

const CAMPAIGN = 'campaign';
const CURRENT = 'current';
/** One partition per campaign holds its requests, so its status page is one partition query. */
const requestsOf = (campaignId: string): string => `requests-${encodeKey(campaignId)}`;

type JsonRow = { json: string };

/**
 * Read campaigns in Table Storage (`Awareness`): `campaign/<id>` (JSON), `current/<kind>` (the
 * newest campaign's id) and `requests-<campaign>/<user id>` (one row per person asked).
 *
 * @remarks Creates are inserts (409 = exists: answered as stored); a reminder or confirmation is
 * a Replace under the row's eTag, read again on a 412, so two instances never lose one another's write.
 */
export class TableAwarenessRepository implements AwarenessRepository {
  constructor(private readonly table: TableClient) {}

  async start(campaign: ReadCampaign): Promise<{ campaign: ReadCampaign; created: boolean }> {
    let created = true;
    try {
      await this.table.createEntity({
        partitionKey: CAMPAIGN,
        rowKey: encodeKey(campaign.id),
        json: JSON.stringify(campaign),
      });
    } catch (error) {
      if (!isConflict(error)) rethrowStorageError(error, 'read campaign');
      created = false;
    }
    const stored = created ? campaign : ((await this.campaign(campaign.id)) ?? campaign);
    // Written after the campaign, so a crash in between leaves a campaign a repeated start makes current.
    await this.setCurrent(stored);
    return { campaign: stored, created };
  }

  /**
   * Makes the campaign current unless a later one is, under the eTag read: two versions sent out at
   * the same moment end with the later one current, whichever write comes last.
   */
  private async setCurrent(campaign: ReadCampaign): Promise<void> {
    const entity = { partitionKey: CURRENT, rowKey: campaign.kind, campaignId: campaign.id };
    for (let attempt = 1; ; attempt++) {
      const row = await this.read<{ campaignId: string }>(CURRENT, campaign.kind, 'read campaign');
      const current = row && (await this.campaign(row.campaignId));
      if (current && (current.id === campaign.id || current.startedAt > campaign.startedAt)) return;
      try {
        if (row) await this.table.updateEntity(entity, 'Replace', { etag: row.etag });
        else await this.table.createEntity(entity);
        return;
      } catch (error) {
        // Another start wrote it since it was read: read again and compare with that one.
        if (!isConflict(error) || attempt >= 5) rethrowStorageError(error, 'read campaign');
      }
    }
  }

  async campaign(id: string): Promise<ReadCampaign | undefined> {
    const row = await this.read<JsonRow>(CAMPAIGN, encodeKey(id), 'read campaign');
    return row && (JSON.parse(row.json) as ReadCampaign);
  }

  async current(kind: ReadKind): Promise<ReadCampaign | undefined> {
    const row = await this.read<{ campaignId: string }>(CURRENT, kind, 'read campaign');
    return row && this.campaign(row.campaignId);
  }

  async ask(campaignId: string, request: ReadRequest): Promise<{ request: ReadRequest; created: boolean }> {
    try {
      await this.table.createEntity({
        partitionKey: requestsOf(campaignId),
        rowKey: request.userId,
        json: JSON.stringify(request),
      });
      return { request, created: true };
    } catch (error) {
      if (!isConflict(error)) rethrowStorageError(error, 'read request');
    }
    return { request: (await this.request(campaignId, request.userId)) ?? request, created: false };
  }

  async request(campaignId: string, userId: string): Promise<ReadRequest | undefined> {
    return (await this.requestRow(campaignId, userId))?.request;
  }

  async requests(campaignId: string): Promise<ReadRequest[]> {
    const found: ReadRequest[] = [];
    try {
      const rows = this.table.listEntities<JsonRow>({
        queryOptions: { filter: `PartitionKey eq '${requestsOf(campaignId)}'`, select: ['json'] },
      });
      for await (const row of rows) found.push(JSON.parse(row.json) as ReadRequest);
    } catch (error) {
      rethrowStorageError(error, 'read requests');
    }
    return found;
  }

  remind(campaignId: string, userId: string, at: string): Promise<ReadRequest | undefined> {
    return this.change(campaignId, userId, remindedOnce(at));
  }

  confirm(campaignId: string, userId: string, at: string, name?: string): Promise<ReadRequest | undefined> {
    return this.change(campaignId, userId, confirmedOnce(at, name));
  }

  /** Applies `edit` under the row's eTag (undefined from `edit`: nothing to change), again on a conflict. */
  private async change(
    campaignId: string,
    userId: string,
    edit: (request: ReadRequest) => ReadRequest | undefined,
  ): Promise<ReadRequest | undefined> {
    for (let attempt = 0; ; attempt++) {
      const row = await this.requestRow(campaignId, userId);
      if (!row) return undefined;
      const next = edit(row.request);
      if (!next) return row.request;
      try {
        await this.table.updateEntity(
          { partitionKey: requestsOf(campaignId), rowKey: userId, json: JSON.stringify(next) },
          'Replace',
          { etag: row.etag },
        );
        return next;
      } catch (error) {
        if (!isConflict(error) || attempt >= 3) rethrowStorageError(error, 'read request');
      }
    }
  }

  private async requestRow(campaignId: string, userId: string) {
    const row = await this.read<JsonRow>(requestsOf(campaignId), userId, 'read request');
    return row && { request: JSON.parse(row.json) as ReadRequest, etag: row.etag as string };
  }

  private async read<T extends object>(partitionKey: string, rowKey: string, what: string) {
    try {
      return await this.table.getEntity<T>(partitionKey, rowKey);
    } catch (error) {
      if (isNotFound(error)) return undefined;
      rethrowStorageError(error, what);
    }
  }
}
