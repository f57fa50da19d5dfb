// Paces request starts under a TPS ceiling that adapts: it backs off multiplicatively on each throttle and
// climbs back additively on successes (AIMD), so a quota lower than configured costs a few throttles, not a storm.
// Starts are spaced evenly (1/rate apart) on a schedule, not relative to the previous start, so timer lateness
// does not erode the sustained rate; a short backlog may be caught up.

export interface RateGateOptions {
  /** Lowest rate the gate backs off to (default max(0.5, maxTps / 50)). */
  minTps?: number;
  /** Multiplier applied on a throttle (default 0.7). */
  decrease?: number;
  /** Fraction of maxTps regained per success (default 0.05). */
  increase?: number;
  /** Throttles closer together than this count as one (default 1 s): a burst of throttles is one signal. */
  decreaseWindowMs?: number;
  now?: () => number;
  /** Waits `ms` (tests inject a fake). */
  sleep?: (ms: number, signal?: AbortSignal) => Promise<void>;
}

export class AdaptiveRateGate {
  readonly maxTps: number;
  private rate: number;
  private readonly minTps: number;
  private readonly decrease: number;
  private readonly increase: number;
  private readonly now: () => number;
  private readonly wait: (ms: number, signal?: AbortSignal) => Promise<void>;
  private readonly decreaseWindowMs: number;
  private next = -Infinity;
  private lastDecrease = -Infinity;

  constructor(maxTps: number, options: RateGateOptions = {}) {
    if (!(maxTps > 0)) throw new RangeError('maxTps must be positive');
    this.maxTps = maxTps;
    this.rate = maxTps;
    this.minTps = Math.min(maxTps, options.minTps ?? Math.max(0.5, maxTps / 50));
    this.decrease = options.decrease ?? 0.7;
    this.increase = options.increase ?? 0.05;
    this.decreaseWindowMs = options.decreaseWindowMs ?? 1000;
    this.now = options.now ?? (() => performance.now());
    this.wait = options.sleep ?? sleep;
  }

  /** The current (adapted) rate in requests per second. */
  get currentTps(): number {
    return this.rate;
  }

  /** Resolves when the caller may start a request. */
  async acquire(signal?: AbortSignal): Promise<void> {
    const now = this.now();
    const interval = 1000 / this.rate;
    // Up to a quarter second (at least two slots) of lateness may be caught up; more would be a burst.
    const slot = this.next === -Infinity ? now : Math.max(this.next, now - Math.max(2 * interval, 250));
    this.next = slot + interval;
    const wait = slot - now;
    if (wait > 0) await this.wait(wait, signal);
  }

  onThrottle(): void {
    const now = this.now();
    if (now - this.lastDecrease < this.decreaseWindowMs) return;
    this.lastDecrease = now;
    const before = this.rate;
    this.rate = Math.max(this.minTps, this.rate * this.decrease);
    // Push the schedule back so already-booked slots are not all spent at the old rate.
    if (this.rate < before) this.next = Math.max(this.next, now) + 1000 / this.rate;
  }

  onSuccess(): void {
    this.rate = Math.min(this.maxTps, this.rate + this.maxTps * this.increase);
  }
}

export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) {
      reject(signal.reason);
      return;
    }
    const onAbort = (): void => {
      clearTimeout(timer);
      reject(signal?.reason);
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}
