import type { Logger } from '../logger';

/** How many refusals of one kind from one source are logged one by one per window. */
const LOGGED_PER_WINDOW = 5;
/** The window after which a source's suppressed refusals are summarised in one line. */
const WINDOW_MS = 60_000;
/** Sources tracked at once; beyond that, refusals from new sources share one entry. */
const MAX_SOURCES = 10_000;

interface Window {
  start: number;
  count: number;
  status: number;
  reason: string;
  source: string;
}

/**
 * Logs refused requests as one structured line each, summarising a flood.
 *
 * @remarks P10. A refusal is one JSON line (`request refused`, status, reason, source address; no
 * token, no body, no stack). After {@link LOGGED_PER_WINDOW} refusals of one kind from one source in
 * a minute, further ones are counted and logged as one `requests refused (summary)` line when the
 * minute ends, so a flood of bad requests cannot flood the log.
 */
export class RefusalLog {
  private readonly windows = new Map<string, Window>();
  private readonly timer: NodeJS.Timeout;

  constructor(
    private readonly logger: Logger,
    private readonly now: () => number = Date.now,
  ) {
    this.timer = setInterval(() => this.summarise(false), WINDOW_MS);
    this.timer.unref();
  }

  /** Records one refusal of `reason` (answered with `status`) from `source` (the peer address). */
  refused(source: string, status: number, reason: string): void {
    const at = this.now();
    let key = `${source}|${status}|${reason}`;
    if (!this.windows.has(key) && this.windows.size >= MAX_SOURCES) key = `*|${status}|${reason}`;
    let window = this.windows.get(key);
    if (window && at - window.start >= WINDOW_MS) {
      this.flush(key, window);
      window = undefined;
    }
    if (!window) {
      window = { start: at, count: 0, status, reason, source: key.startsWith('*|') ? '(many)' : source };
      this.windows.set(key, window);
    }
    window.count++;
    if (window.count <= LOGGED_PER_WINDOW) this.logger.warn({ status, reason, source }, 'request refused');
  }

  /** Logs every window's suppressed refusals (all of them when stopping, else only finished windows). */
  summarise(all = true): void {
    const at = this.now();
    for (const [key, window] of this.windows) if (all || at - window.start >= WINDOW_MS) this.flush(key, window);
  }

  /** Stops the summary timer, logging what is pending. */
  close(): void {
    clearInterval(this.timer);
    this.summarise();
  }

  private flush(key: string, window: Window): void {
    this.windows.delete(key);
    const suppressed = window.count - LOGGED_PER_WINDOW;
    if (suppressed <= 0) return;
    this.logger.warn(
      { status: window.status, reason: window.reason, source: window.source, suppressed, seconds: WINDOW_MS / 1000 },
      'requests refused (summary)',
    );
  }
}
