import type { TableClient } from '@azure/data-tables';
import type { QuarterlyReview } from '../features/reviews/model';
import type { ReviewRepository } from '../features/reviews/repository';
import { isConflict, isNotFound, rethrowStorageError } from './errors';
import { fromJsonColumns, jsonColumns } from './json-columns';

const QUARTER = 'quarter';

/**
 * Quarterly reviews in Table Storage (`quarter/<2027-Q1>`, the review as JSON over `json`, `json1`, …:
 * the risks reviewed can be more than one property holds), changed under their eTag.
 */
export class TableReviewRepository implements ReviewRepository {
  constructor(private readonly table: TableClient) {}

  async ensure(review: QuarterlyReview): Promise<QuarterlyReview> {
    try {
      await this.table.createEntity({ partitionKey: QUARTER, rowKey: review.id, ...jsonColumns(review) });
      return review;
    } catch (error) {
      if (!isConflict(error)) rethrowStorageError(error, 'review');
    }
    return (await this.get(review.id))?.review ?? review;
  }

  async get(id: string): Promise<{ review: QuarterlyReview; etag: string } | undefined> {
    try {
      const row = await this.table.getEntity<Record<string, unknown>>(QUARTER, id);
      return { review: fromJsonColumns<QuarterlyReview>(row), etag: row.etag as string };
    } catch (error) {
      if (isNotFound(error)) return undefined;
      rethrowStorageError(error, 'review');
    }
  }

  async update(review: QuarterlyReview, etag: string): Promise<void> {
    try {
      await this.table.updateEntity({ partitionKey: QUARTER, rowKey: review.id, ...jsonColumns(review) }, 'Replace', {
        etag,
      });
    } catch (error) {
      rethrowStorageError(error, 'review');
    }
  }
}
