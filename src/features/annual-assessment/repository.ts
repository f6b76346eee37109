import type { AnnualAssessment } from './model';

/** A stored version of a generated overall risk assessment: exactly the content, named by its hash. */
export interface AssessmentSnapshot {
  /** SHA-256 of the content's canonical JSON. */
  hash: string;
  content: AnnualAssessment;
}

/**
 * Where generated versions are kept so that a version put before the management group can be opened
 * again, unchanged, later (P7, P10). Content-addressed: storing the same content twice keeps one.
 */
export interface SnapshotRepository {
  /** Stores the snapshot unless one with its hash is stored (then nothing changes). */
  put(snapshot: AssessmentSnapshot): Promise<void>;
  get(hash: string): Promise<AssessmentSnapshot | undefined>;
}
