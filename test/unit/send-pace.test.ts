import { SendPace, teamsSendLimits } from '../../src/bot/send-pace';

/** The most sends in any window (t − ms, t], as Teams counts them (the bench connector's rule). */
const mostInWindow = (times: number[], ms: number): number => {
  const sorted = [...times].sort((a, b) => a - b);
  let most = 0;
  for (let end = 0, start = 0; end < sorted.length; end++) {
    while ((sorted[start] as number) <= (sorted[end] as number) - ms) start++;
    most = Math.max(most, end - start + 1);
  }
  return most;
};

/** Sends one after the other in virtual time: each leaves as soon as the pace allows; returns departures. */
const sendAll = (pace: SendPace, conversations: string[], from = 0): number[] => {
  const times: number[] = [];
  let now = from;
  for (const conversation of conversations) {
    for (let wait = pace.reserve(conversation, now); wait > 0; wait = pace.reserve(conversation, now)) now += wait;
    times.push(now);
  }
  return times;
};

const distinct = (n: number, prefix = 'c'): string[] => Array.from({ length: n }, (_, i) => `${prefix}${i}`);

describe("the send pace keeps one instance within Teams' bot limits", () => {
  it('gives an instance sending alone the whole budget, never more than 50 in any second', () => {
    const times = sendAll(new SendPace(), distinct(500));
    expect(mostInWindow(times, 1000)).toBeLessThanOrEqual(teamsSendLimits.perSecond);
    // 500 sends at 50 per 1.04 s (the guard): the last leaves after 499 intervals of 20.8 ms.
    expect(times.at(-1)).toBeGreaterThanOrEqual(499 * 20.8);
    expect(times.at(-1)).toBeLessThan(499 * 20.8 + 1);
  });

  it('holds every per-conversation window, also for a burst to one conversation', () => {
    const times = sendAll(new SendPace(), Array(70).fill('coordinator-channel'));
    for (const [count, ms] of teamsSendLimits.perConversation)
      expect(mostInWindow(times, ms)).toBeLessThanOrEqual(count);
    // The 61st send waits for the first to leave the 30-second window (plus the guard), not longer.
    expect(times[60]).toBe((times[0] as number) + 30_040);
  });

  it('lets three instances sharing the budget stay under 50 per second together, whatever their phase', () => {
    // Each instance sends to its own conversations; the second and third start out of step with the first.
    // Teams counts a send when it arrives: none, some or all of them arrive up to 30 ms late (the guard is 40).
    const delays: ((k: number) => number)[] = [() => 0, (k) => (k % 16 === 0 ? 30 : 0), (k) => (k * 37) % 31];
    for (const delay of delays) {
      for (let second = 0; second < 65; second += 4) {
        for (let third = 0; third < 65; third += 5) {
          const paces = [0, 1, 2].map((rank) => {
            const pace = new SendPace();
            pace.shareWith(3, rank);
            return pace;
          });
          const arrivals = [0, second, third].flatMap((from, i) =>
            sendAll(paces[i]!, distinct(60, `i${i}-`), from).map((at, k) => at + delay(k + i)),
          );
          expect(mostInWindow(arrivals, 1000)).toBeLessThanOrEqual(50);
        }
      }
    }
  });

  it('shares in whole sends per second, all of the budget, and takes a dead instance’s share back', () => {
    const pace = new SendPace();
    const perSecond = (senders: number, rank: number) => {
      pace.shareWith(senders, rank);
      return 1040 / pace.intervalMs(0);
    };
    expect([0, 1, 2].map((rank) => perSecond(3, rank))).toEqual([17, 17, 16]);
    expect([0, 1].map((rank) => perSecond(2, rank))).toEqual([25, 25]);
    expect(perSecond(1, 0)).toBe(50);
  });
});

describe('a 429 slows the whole instance down', () => {
  it('holds every conversation for Retry-After, not only the refused send', () => {
    const pace = new SendPace();
    expect(pace.reserve('a', 0)).toBe(0);
    pace.throttled(10, 1000);
    expect(pace.reserve('b', 500)).toBe(510);
    expect(pace.reserve('c', 1010)).toBe(0);
  });

  it('halves the rate after the pause and grows it back to the full share', () => {
    const pace = new SendPace({ recoverMs: 4000 });
    const full = pace.intervalMs(0);
    pace.throttled(0, 1000);
    expect(pace.intervalMs(1000)).toBeCloseTo(full * 2, 6);
    expect(pace.intervalMs(3000)).toBeLessThan(full * 2);
    expect(pace.intervalMs(3000)).toBeGreaterThan(full);
    expect(pace.intervalMs(5000)).toBe(full);
    // A second 429 while still slowed halves the current rate again; more 429s during that pause
    // (sends that had left before it) do not.
    pace.throttled(5000, 1000);
    pace.throttled(5010, 1000);
    pace.throttled(5020, 1000);
    pace.throttled(6020, 1000);
    expect(pace.intervalMs(7020)).toBeCloseTo(full * 4, 6);
  });
});
