/**
 * Preloaded into the bot under load (`node --require`): counts the bot's HTTP requests to storage
 * (the host:port in BENCH_STORAGE_HOST), by method and table, through Node's built-in
 * `http.client.request.start` diagnostics channel — nothing in the bot is changed or wrapped.
 * On SIGUSR2 it prints one line, `storage-calls <json>`, with the counts so far.
 */
const diagnostics = require('node:diagnostics_channel');

const host = process.env.BENCH_STORAGE_HOST;
const prefix = process.env.TABLE_PREFIX ?? '';
const counts = {};

diagnostics.subscribe('http.client.request.start', ({ request }) => {
  if (!host || request.getHeader('host') !== host) return;
  // Path: /<account>/<table>(…) or /<account>/$batch; the table named without the bot's prefix.
  const segment = (request.path ?? '').split('?')[0].split('/')[2] ?? '';
  const table = segment.replace(/\(.*$/, '').replace(prefix, '');
  const key = `${request.method} ${table}`;
  counts[key] = (counts[key] ?? 0) + 1;
});

process.on('SIGUSR2', () => {
  process.stdout.write(`storage-calls ${JSON.stringify(counts)}\n`);
});
module.exports = counts;
