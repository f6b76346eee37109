/**
 * A local Bot Connector for the benchmarks (child process, 127.0.0.1 only).
 *
 * `fast`: answers every call at once (B1: replies must not be the bottleneck).
 * `limited`: enforces Teams' bot send limits (PLATFORM.md): per conversation 7 per 1 s, 8 per 2 s,
 * 60 per 30 s; overall 50 per 1 s. A send over a limit gets 429 with Retry-After (whole seconds,
 * as Teams sends it) and is not delivered. `GET /_stats` tells what was delivered where, and when
 * each send was accepted or refused (ms since the epoch).
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';

const mode = process.argv[2] === 'limited' ? 'limited' : 'fast';
const perConversation: [number, number][] = [
  [7, 1000],
  [8, 2000],
  [60, 30_000],
];
const overall: [number, number] = [50, 1000];

const sentAt = new Map<string, number[]>();
const allSent: number[] = [];
const delivered = new Map<string, number>();
const acceptedAt: number[] = [];
const refusedAt: number[] = [];
let calls = 0;
let refused = 0;
let firstAt = 0;
let lastAt = 0;

/** Milliseconds until a window has room, or 0 when the send may go now. */
function waitFor(times: number[], now: number, [limit, windowMs]: [number, number]): number {
  let inWindow = 0;
  for (let i = times.length - 1; i >= 0 && (times[i] as number) > now - windowMs; i--) inWindow++;
  if (inWindow < limit) return 0;
  const oldestInWindow = times[times.length - inWindow] as number;
  return oldestInWindow + windowMs - now;
}

function prune(times: number[], now: number, keepMs: number): void {
  let drop = 0;
  while (drop < times.length && (times[drop] as number) <= now - keepMs) drop++;
  if (drop > 0) times.splice(0, drop);
}

const server = createServer((req, res) => {
  const chunks: Buffer[] = [];
  req.on('data', (chunk: Buffer) => chunks.push(chunk));
  req.on('end', () => {
    const url = req.url ?? '/';
    if (url === '/_stats') {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(
        JSON.stringify({
          calls,
          refused,
          firstAt,
          lastAt,
          delivered: Object.fromEntries(delivered),
          acceptedAt,
          refusedAt,
        }),
      );
      return;
    }
    if (url === '/_reset') {
      sentAt.clear();
      allSent.length = 0;
      delivered.clear();
      acceptedAt.length = refusedAt.length = 0;
      calls = refused = firstAt = lastAt = 0;
      res.writeHead(204);
      res.end();
      return;
    }
    calls++;
    const match = /^\/v3\/conversations\/([^/]+)\/activities/.exec(url);
    const conversation = match ? decodeURIComponent(match[1] as string) : '';
    if (mode === 'limited' && req.method === 'POST' && conversation) {
      const now = Date.now();
      const mine = sentAt.get(conversation) ?? [];
      prune(mine, now, 30_000);
      prune(allSent, now, 1000);
      const wait = Math.max(waitFor(allSent, now, overall), ...perConversation.map((rule) => waitFor(mine, now, rule)));
      if (wait > 0) {
        refused++;
        refusedAt.push(now);
        res.writeHead(429, { 'content-type': 'application/json', 'retry-after': String(Math.ceil(wait / 1000)) });
        res.end('{"error":{"code":"TooManyRequests","message":"throttled"}}');
        return;
      }
      mine.push(now);
      allSent.push(now);
      sentAt.set(conversation, mine);
      delivered.set(conversation, (delivered.get(conversation) ?? 0) + 1);
      acceptedAt.push(now);
      if (!firstAt) firstAt = now;
      lastAt = now;
    }
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end(`{"id":"act-${calls}"}`);
  });
});
server.keepAliveTimeout = 60_000;
server.listen(0, '127.0.0.1', () => {
  process.stdout.write(`connector listening ${(server.address() as AddressInfo).port}\n`);
});
process.on('SIGTERM', () => process.exit(0));
process.on('disconnect', () => process.exit(0));
