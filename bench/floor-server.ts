/**
 * Floors for B1, each in its own child process: `restify` (a bare POST route answering 200) and
 * `teams-ai` (Application + TeamsAdapter, auth off, startTypingTimer false, one echo message handler
 * and one Action.Execute handler returning a constant card).
 */
import type { AddressInfo } from 'node:net';
import restify from 'restify';
import { MessageFactory } from 'botbuilder';
import type { AdaptiveCard } from '@microsoft/teams-ai/lib/AdaptiveCards';
import { Application } from '@microsoft/teams-ai/lib/Application';
import { TeamsAdapter } from '@microsoft/teams-ai/lib/TeamsAdapter';
import type { TurnState } from '@microsoft/teams-ai/lib/TurnState';

const kind = process.argv[2];
const server = restify.createServer({ name: 'floor', handleUncaughtExceptions: false });

if (kind === 'restify') {
  server.post('/api/messages', (_req, res, next) => {
    res.send(200);
    next();
  });
} else {
  const adapter = new TeamsAdapter({ MicrosoftAppId: '', MicrosoftAppPassword: '', MicrosoftAppType: 'MultiTenant' });
  const app = new Application<TurnState>({ adapter, botAppId: '', startTypingTimer: false });
  const card: AdaptiveCard = {
    type: 'AdaptiveCard',
    $schema: 'http://adaptivecards.io/schemas/adaptive-card.json',
    version: '1.5',
    body: [{ type: 'TextBlock', text: 'Floor card', wrap: true }],
  };
  app.message(/.*/, async (context) => {
    await context.sendActivity(MessageFactory.text(`echo: ${context.activity.text ?? ''}`));
  });
  app.adaptiveCards.actionExecute('floor.card', async () => card);
  server.use(restify.plugins.bodyParser({ maxBodySize: 512 * 1024, mapParams: false }));
  server.post('/api/messages', async (req, res) => {
    await adapter.process(req, res, async (context) => {
      await app.run(context);
    });
  });
}
server.listen(0, '127.0.0.1', () => {
  process.stdout.write(`floor listening ${(server.address() as AddressInfo).port}\n`);
});
process.on('SIGTERM', () => server.close(() => process.exit(0)));
