/**
 * Politeness per host: one request at a time, and a pause after each (the delay, or longer after a 429/503 or
 * when robots.txt asks for a Crawl-delay). Requests to different hosts do not wait for each other.
 */
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
/**
 * Waits until the monotonic clock reaches `t`: a timer may fire a millisecond early, and a delay promised to a
 * site's operator is a floor, so the wait goes on until the time has really passed.
 */
async function waitUntil(t: number): Promise<void> {
  for (let left = t - performance.now(); left > 0; left = t - performance.now()) await sleep(Math.ceil(left));
}

export class HostQueue {
  private readonly tails = new Map<string, Promise<unknown>>();
  private readonly readyAt = new Map<string, number>();
  private readonly delays = new Map<string, number>();

  constructor(private readonly delayMs: number) {}

  /** A longer delay for one host (robots.txt's Crawl-delay); never shorter than the default. */
  setDelay(host: string, ms: number): void {
    this.delays.set(host, Math.max(this.delayMs, ms));
  }

  /** Nothing goes to `host` for `ms` from now (Retry-After, backoff). */
  pause(host: string, ms: number): void {
    this.readyAt.set(host, Math.max(this.readyAt.get(host) ?? 0, performance.now() + ms));
  }

  /** Runs `task` once every earlier task for `host` has finished and the host's delay has passed since. */
  run<T>(host: string, task: () => Promise<T>): Promise<T> {
    const turn = (this.tails.get(host) ?? Promise.resolve()).then(async () => {
      await waitUntil(this.readyAt.get(host) ?? 0);
      try {
        return await task();
      } finally {
        this.pause(host, this.delays.get(host) ?? this.delayMs);
      }
    });
    this.tails.set(
      host,
      turn.catch(() => {}),
    );
    return turn;
  }
}
