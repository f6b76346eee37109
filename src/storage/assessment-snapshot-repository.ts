import type { TableClient } from '@azure/data-tables';
import type { AnnualAssessment } from '../features/annual-assessment/model';
import type { AssessmentSnapshot, SnapshotRepository } from '../features/annual-assessment/repository';
import { isConflict, isNotFound, rethrowStorageError } from './errors';
import { fromJsonColumns, jsonColumns } from './json-columns';

/** The partition of the generated overall risk assessments in the `Risks` table, one row per content hash. */
const PARTITION = 'annual';

/**
 * Generated overall risk assessments in Table Storage (P7): table `Risks`, partition `annual`, row key
 * the content hash, the content as JSON over `json`, `json1`, … (an entity holds 1 MiB; the
 * assessment's lists are bounded well below it). Created, never replaced: a version once stored stays
 * exactly as it was put before the management group.
 */
export class TableSnapshotRepository implements SnapshotRepository {
  constructor(private readonly table: TableClient) {}

  async put(snapshot: AssessmentSnapshot): Promise<void> {
    try {
      await this.table.createEntity({
        partitionKey: PARTITION,
        rowKey: snapshot.hash,
        ...jsonColumns(snapshot.content),
      });
    } catch (error) {
      if (isConflict(error)) return;
      rethrowStorageError(error, 'assessment snapshot');
    }
  }

  async get(hash: string): Promise<AssessmentSnapshot | undefined> {
    try {
      const row = await this.table.getEntity<Record<string, unknown>>(PARTITION, hash);
      return { hash, content: fromJsonColumns<AnnualAssessment>(row) };
    } catch (error) {
      if (isNotFound(error)) return undefined;
      rethrowStorageError(error, 'assessment snapshot');
    }
  }
}
