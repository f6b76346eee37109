/**
 * The scaffolding every browser test stands on: the stack started as a demo person (exactly
 * `npm run dev -- --as <alias>`), switching to the next person on the same ports and storage, timed
 * steps that name where a failure happened, screenshots named by step and person, loops that fail
 * alone, and a clean stop on Ctrl-C or when the launcher goes away.
 *
 * A test is `browserTest({ ... }, async (test) => { ... })`: it prints `1 passed, 0 failed` or
 * `0 passed, 1 failed` and exits 0 or 1, after printing what the chat showed last and the stack's
 * last output when a step failed (CI keeps no screenshot).
 */
import fs from 'node:fs';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { projectRoot, startDevStack, watchLauncher, type DevStack } from '../../scripts/dev-stack';
import { freePorts, lastCardsText, launchChromium, openPlayground, waitForQuiet } from './playground';

export interface BrowserTestOptions {
  /** What the test walks, printed first. */
  title: string;
  /** The folder under `.local/` the screenshots go to (emptied at the start), and the state folder's prefix. */
  name: string;
  /** `disk` keeps the storage from one person to the next (walks); `memory` keeps nothing. */
  storage: 'disk' | 'memory';
}

const isRunning = (pid: number): boolean => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

/**
 * A scratch folder for Azurite's data, the playground config and its log: `.local/<name>-<pid>`.
 * Leftovers of runs that were killed outright (tsx SIGKILLs a script slow to acknowledge Ctrl-C) go.
 */
function makeStateDir(name: string): string {
  const base = path.join(projectRoot, '.local');
  fs.mkdirSync(base, { recursive: true });
  for (const entry of fs.readdirSync(base)) {
    const pid = new RegExp(`^${name}-(\\d+)$`).exec(entry)?.[1];
    if (pid && !isRunning(Number(pid))) fs.rmSync(path.join(base, entry), { recursive: true, force: true });
  }
  const dir = path.join(base, `${name}-${process.pid}`);
  fs.mkdirSync(dir, { recursive: true });
  return dir;
}

const never = new Promise<never>(() => undefined);
const firstLine = (error: unknown): string => String((error as Error)?.message ?? error).split('\n')[0];

/** One browser test's run: its stack, browser and page, the step it is at, and its screenshots. */
export class BrowserTest {
  /** The step running now, so a failure says where it happened. */
  step = 'start';
  browser?: Browser;
  stack?: DevStack;
  /** The page of the person acting now. */
  page?: Page;
  /** The demo person acting now (`koordinator`, …). */
  alias = 'start';
  readonly shotsDir: string;
  readonly stateDir: string;
  /** Aborted on Ctrl-C: stops the stack even while it is starting. */
  readonly abort = new AbortController();
  private shot = 0;
  private ports?: Awaited<ReturnType<typeof freePorts>>;
  private starting?: Promise<DevStack>;
  /** Rejects when a child of the running stack dies; never settles otherwise. */
  private crashed: Promise<never> = never;
  private readonly failedLoops = new Map<string, string>();

  constructor(readonly options: BrowserTestOptions) {
    this.shotsDir = path.join(projectRoot, '.local', options.name);
    fs.rmSync(this.shotsDir, { recursive: true, force: true });
    fs.mkdirSync(this.shotsDir, { recursive: true });
    this.stateDir = makeStateDir(options.name);
  }

  /** Runs a step, timed; fails at once when the stack crashes meanwhile. */
  async run<T>(name: string, action: () => Promise<T>): Promise<T> {
    this.step = name;
    const started = Date.now();
    const result = await Promise.race([action(), this.crashed]);
    process.stdout.write(`  ✓ ${name} (${((Date.now() - started) / 1000).toFixed(1)} s)\n`);
    return result;
  }

  /** Keeps what the person acting now sees: `.local/<name>/NN-<alias>-<what>.png`. */
  async snap(what: string, page = this.page): Promise<void> {
    if (!page) return;
    this.shot += 1;
    const file = path.join(this.shotsDir, `${String(this.shot).padStart(2, '0')}-${this.alias}-${what}.png`);
    await page.screenshot({ path: file }).catch(() => undefined);
    process.stdout.write(`    screenshot: ${path.relative(projectRoot, file)}\n`);
  }

  /** Chromium, started once for the whole test. */
  async launch(): Promise<Browser> {
    this.browser ??= await this.run('launch Chromium', () => launchChromium());
    return this.browser;
  }

  /**
   * Stops whoever was acting and starts the stack as `alias` on the same ports and storage (as
   * `npm run dev -- --as <alias>` does), opens the playground and waits for the install-time messages.
   */
  async actAs(alias: string, who = alias): Promise<Page> {
    const browser = await this.launch();
    return this.run(`${who} starts`, async () => {
      await this.page?.context().close();
      await this.stack?.stop();
      this.crashed = never;
      this.ports ??= await freePorts();
      this.starting = startDevStack({
        ...this.ports,
        as: alias,
        quiet: true,
        storage: this.options.storage,
        stateDir: this.stateDir,
        handleSignals: false,
        signal: this.abort.signal,
      });
      const stack = (this.stack = await this.starting);
      this.crashed = stack.done.then((exit) =>
        exit.reason === 'crashed' ? Promise.reject(new Error(`${exit.child} exited unexpectedly`)) : never,
      );
      this.crashed.catch(() => undefined); // observed by `run`; keeps a crash between steps from being "unhandled"
      this.alias = alias;
      this.page = await Promise.race([openPlayground(browser, stack.url), this.crashed]);
      await Promise.race([waitForQuiet(this.page), this.crashed]);
      return this.page;
    });
  }

  /**
   * A step of one loop between people: a loop that failed walks no further (its later steps are listed
   * as not walked), the other loops go on. `finishLoops` fails the test if any loop failed.
   */
  async inLoop(loop: string, name: string, action: () => Promise<unknown>): Promise<void> {
    if (this.failedLoops.has(loop))
      return void process.stdout.write(`  - ${name} (not walked: ${loop} failed earlier)\n`);
    try {
      await this.run(name, action);
    } catch (error) {
      this.failedLoops.set(loop, name);
      process.stdout.write(`  ✗ ${name}\n    ${firstLine(error)}\n`);
      await this.snap(`failed-${name.replace(/[^a-zA-Z0-9]+/g, '-').slice(0, 60)}`);
      if (this.page) process.stdout.write(`    What the chat shows last:\n${await lastCardsText(this.page)}\n`);
    }
  }

  /** Ends the loops: lists where each failed loop stopped, and fails when any did. */
  finishLoops(total: number): void {
    for (const [loop, at] of this.failedLoops) process.stdout.write(`  loop ${loop} failed at: ${at}\n`);
    this.step = `the ${total} loops`;
    if (this.failedLoops.size > 0) throw new Error(`${this.failedLoops.size} of ${total} loops failed`);
  }

  get loopsFailed(): boolean {
    return this.failedLoops.size > 0;
  }

  async cleanUp(): Promise<void> {
    await this.browser?.close().catch(() => undefined);
    this.abort.abort();
    await this.starting?.catch(() => undefined);
    await this.stack?.stop();
    fs.rmSync(this.stateDir, { recursive: true, force: true });
  }
}

/** Runs a browser test once; Ctrl-C (or the launcher going away) stops everything and counts as a failure. */
export function browserTest(options: BrowserTestOptions, body: (test: BrowserTest) => Promise<void>): void {
  const test = new BrowserTest(options);
  let interrupted = false;
  const interrupt = (): void => {
    if (interrupted) return;
    interrupted = true;
    process.stdout.write('\ninterrupted; stopping…\n');
    void test.cleanUp().finally(() => {
      process.stdout.write('0 passed, 1 failed\n');
      process.exit(130);
    });
  };
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) process.on(signal, interrupt);
  watchLauncher(interrupt); // `npm run test:browser` killed with SIGTERM: sh dies, we would not hear of it

  const main = async (): Promise<void> => {
    process.stdout.write(`${options.title}\n`);
    let failed = false;
    try {
      await body(test);
    } catch (error) {
      if (interrupted) return;
      failed = true;
      process.stdout.write(
        `  ✗ ${test.step}\n    ${String((error as Error)?.message ?? error).replace(/\n/g, '\n    ')}\n`,
      );
      if (!test.loopsFailed) await test.snap(`failed-${test.step.replace(/[^a-zA-Z0-9]+/g, '-').slice(0, 60)}`);
      if (test.page && !test.loopsFailed)
        process.stdout.write(`\nWhat the chat shows last:\n${await lastCardsText(test.page)}\n`);
      if (test.stack) process.stdout.write(`\nLast output of the stack:\n${test.stack.recentOutput()}\n`);
    }
    if (interrupted) return;
    await test.cleanUp();
    process.stdout.write(failed ? '0 passed, 1 failed\n' : '1 passed, 0 failed\n');
    process.exit(failed ? 1 : 0);
  };
  void main();
}
