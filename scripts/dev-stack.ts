import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import { createServer } from 'node:net';
import path from 'node:path';
import readline from 'node:readline';
import YAML from 'yaml';
import { azuriteConnectionString } from '../src/config';
import { installForEveryone, startPlaygroundHop } from './playground-hop';

export { withLocale } from './playground-hop';

/** The project root (this file lives in `scripts/`). */
export const projectRoot = path.resolve(__dirname, '..');

/** The demo roster the bot grants roles from, relative to the project root. */
export const demoRosterPath = 'demo/roster.json';

/** The Agents Playground context checked in at the project root. */
export const playgroundConfigPath = '.m365agentsplayground.yml';

/** The alias the stack acts as when none is given. */
export const defaultAlias = 'koordinator';

/** A person in `demo/roster.json`. */
export interface RosterUser {
  alias: string;
  aadObjectId: string;
  name: string;
  email: string;
  roles: string[];
}

/** A channel of the demo team in `demo/roster.json`. */
export interface RosterChannel {
  id: string;
  name: string;
  purpose?: string;
}

/** The demo municipality: tenant, people and the team with its channels. */
export interface DemoRoster {
  tenantId: string;
  users: RosterUser[];
  team: { id: string; name: string; channels: RosterChannel[] };
}

/** A user as the Agents Playground config (schema 0.1.1) describes one. */
export interface PlaygroundUser {
  id: string;
  name: string;
  userPrincipleName: string;
  aadObjectId: string;
  givenName: string;
  surname: string;
  email: string;
}

/** The Agents Playground config file (`.m365agentsplayground.yml`, schema 0.1.1). */
export interface PlaygroundConfig {
  version: string;
  tenantId: string;
  bot: { id: string; name: string };
  currentUser: PlaygroundUser;
  users: PlaygroundUser[];
  personalChat: { id: string };
  groupChat: { id: string; name: string };
  team: { id: string; name: string; aadGroupId: string; channels: Array<{ id: string; name: string }> };
}

/** The three processes of the stack, in start order. */
export type ChildName = 'azurite' | 'bot' | 'playground';

/**
 * The ports of the stack: its three processes (`azurite` is the table service), Azurite's blob service
 * (evidence files, #20) and its unused queue service, and the hop between playground and bot.
 */
export type StackPorts = Record<ChildName | 'hop' | 'azuriteBlob' | 'azuriteQueue', number>;

/** Options for {@link startDevStack}. */
export interface DevStackOptions {
  /** Demo user (alias from demo/roster.json) the playground acts as; default `koordinator`. */
  as?: string;
  /** Delete the persisted Azurite data first. */
  fresh?: boolean;
  botPort?: number;
  azuritePort?: number;
  /** Azurite's blob service; default 10000. */
  azuriteBlobPort?: number;
  /** Azurite's queue service (started with the others, unused); default 10001. */
  azuriteQueuePort?: number;
  playgroundPort?: number;
  /** The hop between playground and bot (scripts/playground-hop.ts); keep it between starts. Default 3979. */
  hopPort?: number;
  /** Keep the children's output to ourselves (still available through `recentOutput()`). */
  quiet?: boolean;
  /** `disk` (default) persists in `<stateDir>/azurite`; `memory` keeps nothing. */
  storage?: 'disk' | 'memory';
  /** Where Azurite data, the per-user playground config and its log go; default `.local`. */
  stateDir?: string;
  /** Bot `LOG_LEVEL`; default the parent's `LOG_LEVEL` or `info`. */
  logLevel?: string;
  /** Stop the stack and exit on SIGINT/SIGTERM/SIGHUP of this process; default true. */
  handleSignals?: boolean;
  /** Aborting it stops the stack, also while it is still starting (then `startDevStack` rejects). */
  signal?: AbortSignal;
  /**
   * The Teams locale the user's activities carry; default `da-DK`. The playground hard-codes `en-US`
   * on every activity, so the hop (scripts/playground-hop.ts) sets this one instead; `null` leaves `en-US`.
   */
  locale?: string | null;
}

/** How a running stack ended. */
export type DevStackExit =
  | { reason: 'stopped' }
  | { reason: 'crashed'; child: ChildName; code: number | null; signal: NodeJS.Signals | null; lastLines: string[] };

/** A running dev stack. */
export interface DevStack {
  /** The playground URL to open in a browser. */
  url: string;
  botUrl: string;
  user: RosterUser;
  /** The team's channels as the playground shows them (General first), with their purposes. */
  channels: RosterChannel[];
  ports: StackPorts;
  /** Where the per-user playground config was written. */
  playgroundConfigFile: string;
  /** The locale the user's activities reach the bot with (`null`: the playground's own `en-US`). */
  locale: string | null;
  /** Stops all three processes (playground, bot, Azurite); safe to call more than once. */
  stop(): Promise<void>;
  /** Settles when the stack has ended: stopped, or one child died and the others were stopped. */
  done: Promise<DevStackExit>;
  /** The last output lines of every child, for a failure report. */
  recentOutput(): string;
}

/** A start failure with a message meant for the developer (no stack trace needed). */
export class DevStackError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'DevStackError';
  }
}

const tailLength = 40;
/** What the bot posted, kept between starts for the next person's playground (scripts/playground-hop.ts). */
const journalFile = 'playground-journal.json';
/** Whom the app was installed for (scripts/playground-hop.ts, `installForEveryone`). */
const installedFile = 'playground-installed.json';
const stopTimeoutMs = 5000;

/** Reads and minimally checks `demo/roster.json`. */
export function loadDemoRoster(file = path.join(projectRoot, demoRosterPath)): DemoRoster {
  const roster = JSON.parse(fs.readFileSync(file, 'utf8')) as DemoRoster;
  if (typeof roster.tenantId !== 'string' || !Array.isArray(roster.users) || !Array.isArray(roster.team?.channels)) {
    throw new DevStackError(`${file} needs tenantId, users[] and team.channels[]`);
  }
  return roster;
}

/** Reads the checked-in `.m365agentsplayground.yml`. */
export function loadPlaygroundConfig(file = path.join(projectRoot, playgroundConfigPath)): PlaygroundConfig {
  return YAML.parse(fs.readFileSync(file, 'utf8')) as PlaygroundConfig;
}

/** The roster user with this alias; an unknown alias is an error that lists the known ones. */
export function findRosterUser(roster: DemoRoster, alias: string): RosterUser {
  const user = roster.users.find((candidate) => candidate.alias === alias);
  if (!user) {
    const known = roster.users.map((candidate) => `${candidate.alias} [${describeRoles(candidate)}]`).join(', ');
    throw new DevStackError(`Unknown user "${alias}". Demo users: ${known}`);
  }
  return user;
}

/** A user's roles for display, e.g. `management, steering` or `no role (employee)`. */
export function describeRoles(user: RosterUser): string {
  return user.roles.length > 0 ? user.roles.join(', ') : 'no role (employee)';
}

/** The roster's channels besides General (whose id is the team id): every user's playground shows them. */
export function extraChannels(roster: DemoRoster): RosterChannel[] {
  const extra = roster.team.channels.filter((channel) => channel.id !== roster.team.id);
  if (extra.length > 1)
    throw new DevStackError('the playground shows one channel besides General; demo/roster.json has more');
  return extra;
}

/** The playground config as seen by one demo user: they are `currentUser`, everyone else is in `users`. */
export function playgroundConfigFor(base: PlaygroundConfig, roster: DemoRoster, alias: string): PlaygroundConfig {
  const rosterUser = findRosterUser(roster, alias);
  const everyone = [base.currentUser, ...base.users];
  const me = everyone.find((user) => user.aadObjectId === rosterUser.aadObjectId);
  if (!me) throw new DevStackError(`${alias} (${rosterUser.aadObjectId}) is missing from ${playgroundConfigPath}`);
  return {
    ...base,
    currentUser: me,
    users: everyone.filter((user) => user !== me),
    personalChat: { id: `a:demo-personal-${alias}` },
    team: { ...base.team, channels: extraChannels(roster).map(({ id, name }) => ({ id, name })) },
  };
}

/** Writes the per-user playground config and returns its path. */
function writePlaygroundConfig(stateDir: string, alias: string, config: PlaygroundConfig): string {
  const file = path.join(stateDir, `playground-${alias}.yml`);
  const header = `# Generated by scripts/dev-stack.ts for "${alias}" — edit ${playgroundConfigPath} instead.\n`;
  fs.writeFileSync(file, header + YAML.stringify(config));
  return file;
}

/** Resolves when `port` can be bound on `host` (undefined = all interfaces), rejects with EADDRINUSE otherwise. */
function tryBind(port: number, host?: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen({ port, host, exclusive: true }, () => server.close(() => resolve()));
  });
}

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/** Why `port` cannot be listened on (on 127.0.0.1 and on all interfaces), or undefined if it can. */
async function portProblem(port: number): Promise<string | undefined> {
  try {
    await tryBind(port, '127.0.0.1');
    await tryBind(port);
    return undefined;
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    return code === 'EADDRINUSE' ? 'already in use' : `not usable: ${code}`;
  }
}

/**
 * Checks every port before anything starts; the error names each port that is taken and by what role.
 * A port is re-checked for a few seconds, so a stack that was just stopped does not block a restart.
 */
export async function assertPortsFree(ports: Partial<StackPorts>, graceMs = 3000): Promise<void> {
  const deadline = Date.now() + graceMs;
  const taken: string[] = [];
  for (const [name, port] of Object.entries(ports)) {
    let problem = await portProblem(port);
    while (problem && Date.now() < deadline) {
      await sleep(250);
      problem = await portProblem(port);
    }
    if (problem) taken.push(`port ${port} (${name}) is ${problem}`);
  }
  if (taken.length > 0) {
    throw new DevStackError(
      `Cannot start: ${taken.join('; ')}.\n` +
        'Is another `npm run dev` (or a smoke test) running? Stop it, or see who holds the port: ss -ltnp',
    );
  }
}

/** One spawned child in its own process group, with the tail of its output. */
interface Managed {
  name: ChildName;
  child: ChildProcess;
  pgid: number;
  tail: string[];
  /** A log file the child writes instead of stdout (the playground), shown on failure. */
  logFile?: string;
  exit: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

/** Spawns a child detached (its own process group), prefixing and remembering its output lines. */
function launch(
  name: ChildName,
  command: string,
  args: string[],
  env: NodeJS.ProcessEnv,
  quiet: boolean,
  logFile?: string,
): Managed {
  const child = spawn(command, args, { cwd: projectRoot, env, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
  if (child.pid === undefined) throw new DevStackError(`could not start ${name} (${command})`);
  const tail: string[] = [];
  const exit = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => {
    child.once('exit', (code, signal) => resolve({ code, signal }));
    child.once('error', () => resolve({ code: null, signal: null }));
  });
  for (const [stream, sink] of [
    [child.stdout, process.stdout],
    [child.stderr, process.stderr],
  ] as const) {
    if (!stream) continue;
    readline.createInterface({ input: stream }).on('line', (line) => {
      tail.push(line);
      if (tail.length > tailLength) tail.shift();
      if (!quiet) sink.write(`[${name}] ${line}\n`);
    });
  }
  return { name, child, pgid: child.pid, tail, logFile, exit };
}

const hasProc = fs.existsSync('/proc/self/stat');

/** State, parent and process group of a live process from /proc (Linux); undefined once it is gone. */
function procStat(pid: number | string): { state: string; ppid: number; pgrp: number } | undefined {
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    const [state, ppid, pgrp] = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return { state, ppid: Number(ppid), pgrp: Number(pgrp) };
  } catch {
    return undefined;
  }
}

/** Whether a process group still has a live (non-zombie) member; a signal-0 probe where /proc is missing. */
function groupAlive(pgid: number): boolean {
  if (hasProc) {
    return fs.readdirSync('/proc').some((entry) => {
      if (!/^\d+$/.test(entry)) return false;
      const stat = procStat(entry);
      return stat !== undefined && stat.pgrp === pgid && stat.state !== 'Z';
    });
  }
  try {
    process.kill(-pgid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** The processes that launched this one within its process group (e.g. npm → sh → tsx); Linux only. */
function launcherChain(): number[] {
  const own = hasProc ? procStat(process.pid) : undefined;
  const chain: number[] = [];
  for (let pid = process.ppid; own && pid > 1;) {
    const stat = procStat(pid);
    if (!stat || stat.pgrp !== own.pgrp) break;
    chain.push(pid);
    pid = stat.ppid;
  }
  return chain;
}

/**
 * Calls `onGone` once when a launcher of this process exits. `npm run` starts us through `sh -c`, and a
 * SIGTERM to npm kills that shell without reaching us; this is how the stack still stops. Returns `unwatch`.
 */
export function watchLauncher(onGone: () => void, intervalMs = 1000): () => void {
  const chain = launcherChain();
  if (chain.length === 0) return () => undefined;
  const timer = setInterval(() => {
    if (chain.every((pid) => (procStat(pid)?.state ?? 'Z') !== 'Z')) return;
    clearInterval(timer);
    onGone();
  }, intervalMs);
  timer.unref();
  return () => clearInterval(timer);
}

function signalGroup(pgid: number, signal: NodeJS.Signals): void {
  try {
    process.kill(-pgid, signal);
  } catch {
    // already gone
  }
}

async function waitUntil(condition: () => boolean, timeoutMs: number): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (condition()) return true;
    await sleep(50);
  }
  return condition();
}

/**
 * SIGTERM to the child's whole process group (SIGINT to Azurite, which saves its data only on SIGINT:
 * on SIGTERM the last seconds of writes are lost), SIGKILL after a timeout; resolves when nothing is left.
 */
async function terminate(managed: Managed): Promise<void> {
  if (!groupAlive(managed.pgid)) return;
  signalGroup(managed.pgid, managed.name === 'azurite' ? 'SIGINT' : 'SIGTERM');
  if (await waitUntil(() => !groupAlive(managed.pgid), stopTimeoutMs)) return;
  process.stderr.write(`[${managed.name}] did not stop within ${stopTimeoutMs} ms; killing it\n`);
  signalGroup(managed.pgid, 'SIGKILL');
  await waitUntil(() => !groupAlive(managed.pgid), 2000);
}

/** The last lines of a file (the playground logs there, not to a pipe). */
function fileTail(file: string | undefined, lines = 15): string[] {
  if (!file || !fs.existsSync(file)) return [];
  return fs.readFileSync(file, 'utf8').trimEnd().split('\n').slice(-lines);
}

function lastLinesOf(managed: Managed): string[] {
  const logged = fileTail(managed.logFile);
  return logged.length > 0 ? [...managed.tail.slice(-10), `--- ${managed.logFile}:`, ...logged] : managed.tail;
}

async function httpStatus(url: string): Promise<number | undefined> {
  try {
    const response = await fetch(url, { signal: AbortSignal.timeout(2000) });
    await response.arrayBuffer();
    return response.status;
  } catch {
    return undefined;
  }
}

/** Polls `url` until `ready(status)`; fails fast if the child exits, and after `timeoutMs`. */
async function waitForHttp(
  managed: Managed,
  url: string,
  ready: (status: number | undefined) => boolean,
  timeoutMs: number,
): Promise<void> {
  let exited = false;
  void managed.exit.then(() => (exited = true));
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (exited) throw crashError(managed, await managed.exit);
    if (ready(await httpStatus(url))) return;
    await sleep(200);
  }
  throw new DevStackError(
    `${managed.name} was not ready at ${url} within ${timeoutMs / 1000} s. Last output:\n` +
      indent(lastLinesOf(managed)),
  );
}

function crashError(managed: Managed, exit: { code: number | null; signal: NodeJS.Signals | null }): DevStackError {
  const how = exit.signal ? `signal ${exit.signal}` : `code ${exit.code}`;
  return new DevStackError(
    `${managed.name} exited (${how}) while starting. Last output:\n${indent(lastLinesOf(managed))}`,
  );
}

const indent = (lines: string[]): string => lines.map((line) => `  ${line}`).join('\n');

/** Env for the bot: local development, Azurite, the demo roster, auth off (the playground sends no token). */
function botEnv(ports: StackPorts, roster: DemoRoster, logLevel: string): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    PORT: String(ports.bot),
    HOST: '127.0.0.1',
    NODE_ENV: 'development',
    STORAGE_CONNECTION_STRING: azuriteConnectionString(ports.azurite, '127.0.0.1', ports.azuriteBlob),
    DEMO_ROSTER_FILE: demoRosterPath,
    ALLOWED_TENANT_IDS: roster.tenantId,
    LOG_LEVEL: logLevel,
  };
  for (const name of ['MicrosoftAppId', 'MicrosoftAppPassword', 'MicrosoftAppType', 'MicrosoftAppTenantId']) {
    delete env[name];
  }
  for (const name of ['STORAGE_ACCOUNT_URL', 'BOT_OPENID_METADATA_URL']) delete env[name];
  return env;
}

/**
 * Azurite's launcher of its three services in one process: tables, blobs (evidence files, #20) and the
 * unused queues. One process starts as fast as the table service alone did, and faster than two.
 */
function azuriteArgs(ports: StackPorts, storage: 'disk' | 'memory', stateDir: string): string[] {
  const persistence =
    storage === 'memory'
      ? ['--inMemoryPersistence', '--extentMemoryLimit', '512']
      : ['--location', path.join(stateDir, 'azurite')];
  return [
    path.join(projectRoot, 'node_modules/azurite/dist/src/azurite.js'),
    ...['--tableHost', '127.0.0.1', '--tablePort', String(ports.azurite)],
    ...['--blobHost', '127.0.0.1', '--blobPort', String(ports.azuriteBlob)],
    ...['--queueHost', '127.0.0.1', '--queuePort', String(ports.azuriteQueue)],
    ...['--disableTelemetry', '--silent'],
    ...persistence,
  ];
}

interface Resolved {
  alias: string;
  roster: DemoRoster;
  user: RosterUser;
  ports: StackPorts;
  stateDir: string;
  storage: 'disk' | 'memory';
  quiet: boolean;
  logLevel: string;
  locale: string | null;
}

function resolveOptions(options: DevStackOptions): Resolved {
  const alias = options.as ?? defaultAlias;
  const roster = loadDemoRoster();
  const user = findRosterUser(roster, alias);
  return {
    alias,
    roster,
    user,
    ports: {
      azurite: options.azuritePort ?? 10002,
      azuriteBlob: options.azuriteBlobPort ?? 10000,
      azuriteQueue: options.azuriteQueuePort ?? 10001,
      bot: options.botPort ?? 3978,
      playground: options.playgroundPort ?? 56150,
      hop: options.hopPort ?? 3979,
    },
    stateDir: path.resolve(projectRoot, options.stateDir ?? '.local'),
    storage: options.storage ?? 'disk',
    quiet: options.quiet ?? false,
    logLevel: options.logLevel ?? process.env.LOG_LEVEL ?? 'info',
    locale: options.locale === undefined ? 'da-DK' : options.locale,
  };
}

/**
 * Starts Azurite (table service), the bot and the Agents Playground, each in its own process group,
 * and resolves once all three answer; on any start failure everything already started is stopped.
 */
export async function startDevStack(options: DevStackOptions = {}): Promise<DevStack> {
  const r = resolveOptions(options);
  await assertPortsFree(r.ports);
  fs.mkdirSync(r.stateDir, { recursive: true });
  if (options.fresh)
    for (const kept of ['azurite', journalFile, installedFile])
      fs.rmSync(path.join(r.stateDir, kept), { recursive: true, force: true });
  const configFile = writePlaygroundConfig(
    r.stateDir,
    r.alias,
    playgroundConfigFor(loadPlaygroundConfig(), r.roster, r.alias),
  );

  const children: Managed[] = [];
  const supervisor = createSupervisor(children);
  const signals = options.handleSignals === false ? undefined : installSignalHandlers(supervisor.stop);
  options.signal?.addEventListener('abort', () => void supervisor.stop(), { once: true });
  if (options.signal?.aborted) void supervisor.stop();
  try {
    await startChildren(r, configFile, children, supervisor);
  } catch (error) {
    await supervisor.stop();
    throw error;
  }
  void supervisor.done.then(() => signals?.remove());
  return {
    url: `http://localhost:${r.ports.playground}`,
    botUrl: `http://127.0.0.1:${r.ports.bot}`,
    user: r.user,
    channels: r.roster.team.channels,
    ports: r.ports,
    playgroundConfigFile: configFile,
    locale: r.locale,
    stop: supervisor.stop,
    done: supervisor.done,
    recentOutput: () => children.map((c) => `[${c.name}]\n${indent(lastLinesOf(c))}`).join('\n'),
  };
}

async function startChildren(
  r: Resolved,
  configFile: string,
  children: Managed[],
  supervisor: Supervisor,
): Promise<void> {
  const add = (...args: Parameters<typeof launch>): Managed => {
    if (supervisor.isStopping()) throw new DevStackError('stopped while starting');
    const managed = launch(...args);
    children.push(managed);
    supervisor.watch(managed);
    return managed;
  };
  const azurite = add('azurite', process.execPath, azuriteArgs(r.ports, r.storage, r.stateDir), process.env, r.quiet);
  await waitForHttp(
    azurite,
    `http://127.0.0.1:${r.ports.azurite}/devstoreaccount1/Tables`,
    (s) => s !== undefined,
    20_000,
  );
  await waitForHttp(
    azurite,
    `http://127.0.0.1:${r.ports.azuriteBlob}/devstoreaccount1/`,
    (s) => s !== undefined,
    20_000,
  );

  const tsx = path.join(projectRoot, 'node_modules/.bin/tsx');
  const bot = add('bot', tsx, ['src/index.ts'], botEnv(r.ports, r.roster, r.logLevel), r.quiet);
  await waitForHttp(bot, `http://127.0.0.1:${r.ports.bot}/readyz`, (s) => s === 200, 90_000);

  const logFile = path.join(r.stateDir, `playground-${r.alias}.log`);
  const playgroundEnv = {
    ...process.env,
    TEAMSAPPTESTER_BROWSER: 'none',
    M365_AGENTS_PLAYGROUND_CONFIG_PATH: configFile,
    M365_AGENTS_PLAYGROUND_LOGFILE: logFile,
  };
  const hop = await startPlaygroundHop({
    port: r.ports.hop,
    botUrl: `http://127.0.0.1:${r.ports.bot}`,
    playgroundUrl: `http://localhost:${r.ports.playground}`,
    locale: r.locale,
    journalFile: r.storage === 'disk' ? path.join(r.stateDir, journalFile) : undefined,
  });
  supervisor.onStop(hop.close);
  const config = playgroundConfigFor(loadPlaygroundConfig(), r.roster, r.alias);
  await installForEveryone({
    botUrl: `http://127.0.0.1:${r.ports.bot}`,
    connectorUrl: hop.connectorUrl,
    tenantId: config.tenantId,
    bot: config.bot,
    people: r.roster.users
      .filter((user) => user.alias !== r.alias)
      .map((user) => ({ ...user, id: config.users.find((u) => u.aadObjectId === user.aadObjectId)?.id ?? '' })),
    locale: r.locale,
    installedFile: r.storage === 'disk' ? path.join(r.stateDir, installedFile) : undefined,
  });
  const playgroundArgs = ['-e', hop.messagesUrl, '-c', 'msteams', '--dt'];
  const bin = path.join(projectRoot, 'node_modules/.bin/agentsplayground');
  const playground = add(
    'playground',
    bin,
    [...playgroundArgs, '-p', String(r.ports.playground)],
    playgroundEnv,
    r.quiet,
    logFile,
  );
  // The page answers as soon as the port listens; the backend (and its config check) comes right after.
  const configUrl = `http://localhost:${r.ports.playground}/_internal/v1/config`;
  await waitForHttp(playground, configUrl, (s) => s === 200, 30_000);
}

interface Supervisor {
  watch(managed: Managed): void;
  /** Also run this when stopping (after the children); at once if already stopping. */
  onStop(close: () => Promise<void>): void;
  isStopping(): boolean;
  stop(): Promise<void>;
  done: Promise<DevStackExit>;
}

/**
 * A watchdog process that outlives us: it is told each child's process group and, if our end of its stdin
 * closes without a goodbye (this process was SIGKILLed — e.g. by tsx, which force-kills a child that does not
 * acknowledge Ctrl-C within 30 ms), it stops those groups (SIGTERM, SIGKILL after 5 s). Plain JS for `node -e`.
 */
const reaperScript = `
const groups = new Set(); let buffer = ''; let bye = false;
for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP']) process.on(signal, () => {});
process.stdin.setEncoding('utf8');
process.stdin.on('data', (chunk) => {
  buffer += chunk;
  for (let i = buffer.indexOf('\\n'); i >= 0; i = buffer.indexOf('\\n')) {
    const line = buffer.slice(0, i); buffer = buffer.slice(i + 1);
    if (line === 'bye') bye = true;
    else if (line[0] === '+') groups.add(Number(line.slice(1)));
    else if (line[0] === '-') groups.delete(Number(line.slice(1)));
  }
});
process.stdin.on('end', () => {
  if (bye || groups.size === 0) process.exit(0);
  const kill = (signal) => groups.forEach((g) => { try { process.kill(-g, signal); } catch {} });
  kill('SIGTERM');
  setTimeout(() => { kill('SIGKILL'); process.exit(0); }, 5000);
});`;

/** Starts the watchdog (see {@link reaperScript}); it never keeps this process alive. */
function startReaper(): { watch(pgid: number): void; forget(pgid: number): void; dismiss(): void } {
  const reaper = spawn(process.execPath, ['-e', reaperScript], { detached: true, stdio: ['pipe', 'ignore', 'ignore'] });
  reaper.unref();
  const input = reaper.stdin as (NodeJS.WritableStream & { unref?: () => void }) | null;
  input?.unref?.();
  input?.on('error', () => undefined);
  const send = (line: string): void => void input?.write(`${line}\n`);
  return {
    watch: (pgid) => send(`+${pgid}`),
    forget: (pgid) => send(`-${pgid}`),
    dismiss: () => {
      send('bye');
      input?.end();
    },
  };
}

/** Tracks the children: stops all (newest first) on request, or when one of them dies on its own. */
function createSupervisor(children: Managed[]): Supervisor {
  let stopping: Promise<void> | undefined;
  let settle: (exit: DevStackExit) => void = () => undefined;
  const done = new Promise<DevStackExit>((resolve) => (settle = resolve));
  const removeExitGuard = installExitGuard(children);
  const reaper = startReaper();
  const closers: Array<() => Promise<void>> = [];

  const stopAll = (exit: DevStackExit): Promise<void> => {
    stopping ??= (async () => {
      for (const managed of [...children].reverse()) {
        await terminate(managed);
        reaper.forget(managed.pgid);
      }
      for (const close of closers) await close().catch(() => undefined);
      reaper.dismiss();
      removeExitGuard();
      settle(exit);
    })();
    return stopping;
  };
  const watch = (managed: Managed): void => {
    reaper.watch(managed.pgid);
    void managed.exit.then(({ code, signal }) => {
      if (stopping) return;
      void stopAll({ reason: 'crashed', child: managed.name, code, signal, lastLines: lastLinesOf(managed) });
    });
  };
  const onStop = (close: () => Promise<void>): void => {
    if (stopping) void close().catch(() => undefined);
    else closers.push(close);
  };
  return { watch, onStop, isStopping: () => stopping !== undefined, stop: () => stopAll({ reason: 'stopped' }), done };
}

/** Last resort if this process exits without stopping the stack (e.g. an uncaught error): SIGKILL the groups. */
function installExitGuard(children: Managed[]): () => void {
  const guard = (): void => {
    for (const managed of children) signalGroup(managed.pgid, 'SIGKILL');
  };
  process.on('exit', guard);
  return () => process.off('exit', guard);
}

const signalExitCodes: Partial<Record<NodeJS.Signals, number>> = { SIGINT: 130, SIGTERM: 143, SIGHUP: 129 };

/**
 * Stops the stack and exits on Ctrl-C / SIGTERM / SIGHUP, or when the launcher (npm, tsx) goes away;
 * a second Ctrl-C while stopping changes nothing.
 */
function installSignalHandlers(stop: () => Promise<void>): { remove(): void } {
  const handlers = new Map<NodeJS.Signals, () => void>();
  const stopAndExit = (why: string, code: number): void => {
    process.stderr.write(`\n${why}: stopping Azurite, bot and playground…\n`);
    void stop().finally(() => process.exit(code));
  };
  for (const signal of Object.keys(signalExitCodes) as NodeJS.Signals[]) {
    const handler = (): void => stopAndExit(signal, signalExitCodes[signal] ?? 1);
    handlers.set(signal, handler);
    process.on(signal, handler);
  }
  const unwatch = watchLauncher(() => stopAndExit('launcher exited', 129));
  return {
    remove: () => {
      unwatch();
      handlers.forEach((handler, signal) => process.off(signal, handler));
    },
  };
}
