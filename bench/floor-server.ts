/**
 * Floors for B1, each in its own child process: `restify` (a bare POST route answering 200),
 * `teams-ai` (Application + TeamsAdapter, auth off, startTypingTimer false, one echo message handler
 * and one Action.Execute handler returning a constant card) and `teams-ai-storage` (the same, but
 * the Action.Execute handler first makes the two Table Storage reads a triage refresh needs: one
 * entity by its keys and a query for five rows of one partition, on the bench's Azurite), and
 * `teams-ai-triage-size` (the same, answering with the constant card in `FLOOR_CARD`: the bench
 * passes the triage card of an incident like its own, so the floor sends what the refresh sends).
 */
import type { AddressInfo } from 'node:net';
import restify from 'restify';
import { TableClient } from '@azure/data-tables';
import { MessageFactory } from 'botbuilder';
import type { AdaptiveCard } from '@microsoft/teams-ai/lib/AdaptiveCards';
import { Application } from '@microsoft/teams-ai/lib/Application';
import { TeamsAdapter } from '@microsoft/teams-ai/lib/TeamsAdapter';
import type { TurnState } from '@microsoft/teams-ai/lib/TurnState';

const kind = process.argv[2];
const server = restify.createServer({ name: 'floor', handleUncaughtExceptions: false });
/** Resolves once the floor can answer (its table seeded). */
let ready: Promise<unknown> = Promise.resolve();

if (kind === 'restify') {
  server.post('/api/messages', (_req, res, next) => {
    res.send(200);
    next();
  });
} else {
  const adapter = new TeamsAdapter({ MicrosoftAppId: '', MicrosoftAppPassword: '', MicrosoftAppType: 'MultiTenant' });
  const app = new Application<TurnState>({ adapter, botAppId: '', startTypingTimer: false });
  const card: AdaptiveCard =
    kind === 'teams-ai-triage-size'
      ? (JSON.parse(process.env.FLOOR_CARD as string) as AdaptiveCard)
      : {
          type: 'AdaptiveCard',
          $schema: 'http://adaptivecards.io/schemas/adaptive-card.json',
          version: '1.5',
          body: [{ type: 'TextBlock', text: 'Floor card', wrap: true }],
        };
  app.message(/.*/, async (context) => {
    await context.sendActivity(MessageFactory.text(`echo: ${context.activity.text ?? ''}`));
  });
  const table =
    kind === 'teams-ai-storage'
      ? TableClient.fromConnectionString(process.env.STORAGE_CONNECTION_STRING as string, 'floorstorage', {
          allowInsecureConnection: true,
        })
      : undefined;
  app.adaptiveCards.actionExecute('floor.card', async () => {
    if (table) {
      await table.getEntity('p', 'r0');
      for await (const row of table.listEntities({ queryOptions: { filter: "PartitionKey eq 'h'" } })) void row;
    }
    return card;
  });
  if (table) {
    ready = (async () => {
      await table.createTable();
      await table.upsertEntity({ partitionKey: 'p', rowKey: 'r0', title: 'Phishing-mail med link', state: 'new' });
      for (let i = 0; i < 5; i++)
        await table.upsertEntity({ partitionKey: 'h', rowKey: `h${i}`, change: 'state', by: 'Koordinator' });
    })();
  }
  server.use(restify.plugins.bodyParser({ maxBodySize: 512 * 1024, mapParams: false }));
  server.post('/api/messages', async (req, res) => {
    await adapter.process(req, res, async (context) => {
      await app.run(context);
    });
  });
}
void ready.then(() =>
  server.listen(0, '127.0.0.1', () => {
    process.stdout.write(`floor listening ${(server.address() as AddressInfo).port}\n`);
  }),
);
process.on('SIGTERM', () => server.close(() => process.exit(0)));
