/** Counts entities read from storage (for benchmarks: a page should cost reads in proportion to what it shows). */
export interface ReadCounter {
  add(entities: number): void;
}
