import { odata, type TableClient } from '@azure/data-tables';
import type { ViolationReferral } from '../features/violations/model';
import type { StoredReferral, ViolationRepository } from '../features/violations/repository';
import { isNotFound, rethrowStorageError } from './errors';
import { fromJsonColumns, jsonColumns } from './json-columns';

const PARTITION = 'referral';

const byNewest = (a: ViolationReferral, b: ViolationReferral): number =>
  a.referredAt < b.referredAt ? 1 : a.referredAt > b.referredAt ? -1 : 0;

/** The referral's JSON over `json`, `json1`, … (two 4000-character texts can be over one property), and who referred it. */
type ReferralRow = { json: string; referredBy: string } & Record<string, string>;

/**
 * Violation referrals in Table Storage (P11): table `Violations`, one row per referral in one
 * partition, keyed by its random id, apart from the incident log.
 *
 * @remarks The decision replaces the row with its eTag, so two HR leads deciding at once cannot
 * both win. Volumes are a handful a year: lists read the partition and sort in memory.
 */
export class TableViolationRepository implements ViolationRepository {
  constructor(private readonly table: TableClient) {}

  async create(referral: ViolationReferral): Promise<void> {
    try {
      await this.table.createEntity({ partitionKey: PARTITION, rowKey: referral.id, ...this.row(referral) });
    } catch (error) {
      rethrowStorageError(error, 'violation referral');
    }
  }

  async get(id: string): Promise<StoredReferral | undefined> {
    try {
      const row = await this.table.getEntity<ReferralRow>(PARTITION, id);
      return { referral: fromJsonColumns<ViolationReferral>(row), etag: row.etag };
    } catch (error) {
      if (isNotFound(error)) return undefined;
      rethrowStorageError(error, 'violation referral');
    }
  }

  async update(next: ViolationReferral, etag: string): Promise<StoredReferral> {
    try {
      const result = await this.table.updateEntity(
        { partitionKey: PARTITION, rowKey: next.id, ...this.row(next) },
        'Replace',
        { etag },
      );
      return { referral: next, etag: result.etag ?? '' };
    } catch (error) {
      rethrowStorageError(error, 'violation referral');
    }
  }

  async list(referredBy?: string): Promise<ViolationReferral[]> {
    const found = await this.listStored(referredBy);
    return found.map(({ referral }) => referral);
  }

  /** Every referral (or only those referred by `referredBy`) with its eTag, newest first. */
  async listStored(referredBy?: string): Promise<StoredReferral[]> {
    const filter = odata`PartitionKey eq ${PARTITION}` + (referredBy ? odata` and referredBy eq ${referredBy}` : '');
    const found: StoredReferral[] = [];
    try {
      for await (const row of this.table.listEntities<ReferralRow>({ queryOptions: { filter } })) {
        found.push({ referral: fromJsonColumns<ViolationReferral>(row), etag: row.etag });
      }
    } catch (error) {
      rethrowStorageError(error, 'violation referrals');
    }
    return found.sort((a, b) => byNewest(a.referral, b.referral));
  }

  private row(referral: ViolationReferral): ReferralRow {
    return { ...jsonColumns(referral), referredBy: referral.referredBy };
  }
}
