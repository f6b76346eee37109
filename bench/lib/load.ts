/** autocannon, typed for what the bench uses (the package ships no types). */
const autocannon = require('autocannon') as (options: Record<string, unknown>) => Promise<AutocannonResult>;

interface AutocannonResult {
  requests: { average: number; total: number };
  latency: { p50: number; p99: number; average: number; max: number };
  non2xx: number;
  errors: number;
  timeouts: number;
  duration: number;
}

/** The measured figures of one load run. */
export interface LoadResult {
  reqPerSec: number;
  p50Ms: number;
  p99Ms: number;
  requests: number;
  non2xx: number;
  timeouts: number;
  errors: number;
}

/**
 * POSTs to `/api/messages` for `seconds` at `connections`; `body(i)` makes the i-th request's JSON
 * (a fresh activity id, draft id, …), so no two requests repeat one another.
 */
export async function load(
  url: string,
  body: (i: number) => object,
  options: { seconds: number; connections: number },
): Promise<LoadResult> {
  let counter = 0;
  const result = await autocannon({
    url,
    connections: options.connections,
    duration: options.seconds,
    timeout: 10,
    requests: [
      {
        method: 'POST',
        path: '/api/messages',
        headers: { 'content-type': 'application/json' },
        setupRequest: (request: Record<string, unknown>) => ({ ...request, body: JSON.stringify(body(counter++)) }),
      },
    ],
  });
  return {
    reqPerSec: result.requests.average,
    p50Ms: result.latency.p50,
    p99Ms: result.latency.p99,
    requests: result.requests.total,
    non2xx: result.non2xx,
    timeouts: result.timeouts,
    errors: result.errors,
  };
}
