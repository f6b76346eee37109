/**
 * Waits for every piece of work to end, then fails with the first fault: nothing is left running
 * behind the error (a write still under way could meet the retry the error asks for).
 */
export async function allSettledOrThrow(work: Promise<unknown>[]): Promise<void> {
  const failed = (await Promise.allSettled(work)).find((result) => result.status === 'rejected');
  if (failed) throw failed.reason;
}
