import { parseArgs } from 'node:util';
import {
  DevStackError,
  defaultAlias,
  describeRoles,
  loadDemoRoster,
  startDevStack,
  type DevStack,
  type DevStackExit,
} from './dev-stack';

const usage = `Usage: npm run dev -- [--as <alias>] [--fresh] [--locale <tag>]

Starts Azurite (table storage), the bot and the Microsoft 365 Agents Playground, and prints the URL to open.

  --as <alias>    demo user to act as (default: ${defaultAlias}); see demo/roster.json
  --fresh         start with empty storage (deletes .local/azurite)
  --locale <tag>  Teams locale your messages carry (default da-DK; en-US for English). The playground
                  itself always sends en-US; the dev stack replaces it on the way to the bot.
  --help          show this help

Stop with Ctrl-C: all three processes are stopped.`;

/** Parses the command line; exits with the usage text on --help or a bad option. */
function parseCommandLine(argv: string[]): { as: string; fresh: boolean; locale: string } {
  try {
    const { values } = parseArgs({
      args: argv,
      options: {
        as: { type: 'string' },
        fresh: { type: 'boolean', default: false },
        locale: { type: 'string', default: 'da-DK' },
        help: { type: 'boolean', short: 'h', default: false },
      },
      strict: true,
    });
    if (values.help) {
      process.stdout.write(`${usage}\n${aliasList()}\n`);
      process.exit(0);
    }
    return { as: values.as ?? defaultAlias, fresh: values.fresh ?? false, locale: values.locale ?? 'da-DK' };
  } catch (error) {
    process.stderr.write(`${(error as Error).message}\n\n${usage}\n`);
    process.exit(64);
  }
}

function aliasList(): string {
  const users = loadDemoRoster().users;
  const width = Math.max(...users.map((user) => user.alias.length));
  const lines = users.map((user) => `  ${user.alias.padEnd(width)}  ${user.name} — ${describeRoles(user)}`);
  return `Demo users:\n${lines.join('\n')}`;
}

function banner(stack: DevStack, fresh: boolean): string {
  const { user, channels } = stack;
  const rule = '─'.repeat(72);
  return [
    '',
    rule,
    `  Open:        ${stack.url}`,
    `  Acting as:   ${user.name} <${user.email}> (--as ${user.alias})`,
    `  Roles:       ${describeRoles(user)}`,
    `  Language:    ${stack.locale} (--locale en-US for English)`,
    `  Team:        ${loadDemoRoster().team.name} — ${channels.map((c) => `${c.name} (${c.purpose ?? '–'})`).join(', ')}`,
    `  Storage:     Azurite tables on 127.0.0.1:${stack.ports.azurite}, blobs (evidence) on :${stack.ports.azuriteBlob}, data in .local/azurite${fresh ? ' (fresh)' : ''}`,
    `  Bot:         ${stack.botUrl}/api/messages (auth off — local only)`,
    '',
    '  Switch user: Ctrl-C, then  npm run dev -- --as <alias>   (data is kept)',
    ...aliasList()
      .split('\n')
      .map((line) => `  ${line}`),
    rule,
    '',
  ].join('\n');
}

function reportExit(exit: DevStackExit): number {
  if (exit.reason === 'stopped') return 0;
  const how = exit.signal ? `signal ${exit.signal}` : `code ${exit.code}`;
  process.stderr.write(`\n${exit.child} exited unexpectedly (${how}); stopped the others. Last output:\n`);
  process.stderr.write(`${exit.lastLines.map((line) => `  ${line}`).join('\n')}\n`);
  return 1;
}

async function main(): Promise<void> {
  const args = parseCommandLine(process.argv.slice(2));
  const stack = await startDevStack(args);
  process.stdout.write(banner(stack, args.fresh));
  process.exit(reportExit(await stack.done));
}

main().catch((error: unknown) => {
  const message = error instanceof DevStackError ? error.message : ((error as Error)?.stack ?? String(error));
  process.stderr.write(`\n${message}\n`);
  process.exit(1);
});
