import { spawn, type ChildProcess, type SpawnOptions } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';

/** The project root (bench/lib/.. /..). */
export const root = path.join(__dirname, '..', '..');

const running = new Set<ChildProcess>();

/** Starts a child process that is killed when the bench ends, however it ends. */
export function startChild(command: string, args: string[], options: SpawnOptions = {}): ChildProcess {
  const child = spawn(command, args, { cwd: root, stdio: ['ignore', 'pipe', 'pipe'], ...options });
  running.add(child);
  child.once('exit', () => running.delete(child));
  return child;
}

/** Runs a TypeScript entry in a child node process (tsx as a loader, so the pid is the program's own). */
export function startTsChild(
  file: string,
  env: Record<string, string>,
  args: string[] = [],
  nodeOptions: string[] = [],
): ChildProcess {
  return startChild(process.execPath, [...nodeOptions, '--import', 'tsx', path.join(root, file), ...args], {
    env: { ...process.env, ...env },
  });
}

/**
 * How production starts the bot, from `npm start` (a test keeps App Service's start command equal
 * to it): node's options and the compiled entry.
 */
export function productionStart(): { nodeArgs: string[]; entry: string } {
  const pkg = JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8')) as { scripts: { start: string } };
  const match = /^node((?: --[\w-]+(?:=\S+)?)*) (\S+\.js)$/.exec(pkg.scripts.start);
  if (!match) throw new Error(`the bench expects "start": "node [--option…] <file>.js", found "${pkg.scripts.start}"`);
  return { nodeArgs: (match[1] as string).split(' ').filter(Boolean), entry: match[2] as string };
}

let built: Promise<number> | undefined;

/**
 * Runs `npm run build` once per bench (compiled output goes to git-ignored dist/); answers how long
 * it took. B4 and B1 both run the compiled bot, as production does.
 */
export function build(): Promise<number> {
  built ??= (async () => {
    const started = performance.now();
    const child = startChild('npm', ['run', '--silent', 'build']);
    let output = '';
    const keep = (chunk: Buffer): void => void (output = (output + chunk.toString('utf8')).slice(-4000));
    child.stdout?.on('data', keep);
    child.stderr?.on('data', keep);
    const code = await new Promise<number | null>((resolve) => child.once('exit', resolve));
    if (code !== 0) throw new Error(`npm run build failed (${code}): ${output}`);
    return performance.now() - started;
  })();
  return built;
}

/** Stops one child: SIGTERM, then SIGKILL after 3 s. */
export function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    child.once('exit', () => resolve());
    child.kill('SIGTERM');
    setTimeout(() => child.kill('SIGKILL'), 3000).unref();
  });
}

/** Stops every child still running. */
export async function stopAllChildren(): Promise<void> {
  await Promise.all([...running].map(stopChild));
}

/** Kills every child at once (synchronous; for process exit). */
export function killAllChildrenNow(): void {
  for (const child of running) child.kill('SIGKILL');
}

export { freePort } from '../../test/support/ports';

/** Resident set size of a process in MB (Linux /proc), or NaN. */
export function rssMb(pid: number | undefined): number {
  if (!pid) return NaN;
  try {
    const match = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return match ? Number(match[1]) / 1024 : NaN;
  } catch {
    return NaN;
  }
}

/** The highest resident set size a process has had since it started (Linux /proc VmHWM) in MB, or NaN. */
export function peakRssMb(pid: number | undefined): number {
  if (!pid) return NaN;
  try {
    const match = /VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return match ? Number(match[1]) / 1024 : NaN;
  } catch {
    return NaN;
  }
}

/** CPU seconds (user + system) a process has used so far (Linux /proc), or NaN. */
export function cpuSeconds(pid: number | undefined): number {
  if (!pid) return NaN;
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(fields[11]) + Number(fields[12])) / 100;
  } catch {
    return NaN;
  }
}

/** Samples a process's RSS every 200 ms until stopped; returns the peak. */
export function sampleRss(pid: number | undefined): { stop(): number } {
  let peak = rssMb(pid);
  const timer = setInterval(() => {
    const now = rssMb(pid);
    if (!(now <= peak)) peak = now;
  }, 200);
  return {
    stop() {
      clearInterval(timer);
      const now = rssMb(pid);
      return Number.isNaN(peak) || now > peak ? now : peak;
    },
  };
}

/** Waits until the child prints a line matching `pattern` on stdout; fails on exit or after `timeoutMs`. */
export function waitForLine(child: ChildProcess, pattern: RegExp, timeoutMs = 30_000): Promise<RegExpExecArray> {
  return new Promise((resolve, reject) => {
    let buffer = '';
    let stderr = '';
    const timer = setTimeout(() => done(new Error(`child did not print ${pattern} within ${timeoutMs} ms`)), timeoutMs);
    const onData = (chunk: Buffer) => {
      buffer += chunk.toString('utf8');
      const match = pattern.exec(buffer);
      if (match) done(undefined, match);
      if (buffer.length > 100_000) buffer = buffer.slice(-10_000);
    };
    const onErr = (chunk: Buffer) => {
      stderr = (stderr + chunk.toString('utf8')).slice(-4000);
    };
    const onExit = (code: number | null) => done(new Error(`child exited (${code}) before ready: ${stderr}`));
    function done(error?: Error, match?: RegExpExecArray) {
      clearTimeout(timer);
      child.stdout?.off('data', onData);
      child.stderr?.off('data', onErr);
      child.off('exit', onExit);
      // Keep draining so the child never blocks on a full pipe.
      child.stdout?.resume();
      child.stderr?.resume();
      if (error) reject(error);
      else resolve(match as RegExpExecArray);
    }
    child.stdout?.on('data', onData);
    child.stderr?.on('data', onErr);
    child.once('exit', onExit);
  });
}

/** Polls a URL until it answers 200. */
export async function waitForOk(url: string, timeoutMs = 30_000, intervalMs = 20): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      const response = await fetch(url);
      await response.arrayBuffer();
      if (response.status === 200) return;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) throw new Error(`${url} not ready within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, intervalMs));
  }
}
