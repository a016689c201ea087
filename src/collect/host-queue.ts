/**
 * Politeness per host: one request at a time, and a pause after each (the delay, or longer after a 429/503 or
 * when robots.txt asks for a Crawl-delay). Requests to different hosts do not wait for each other.
 */
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

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
    this.readyAt.set(host, Math.max(this.readyAt.get(host) ?? 0, Date.now() + ms));
  }

  /** Runs `task` once every earlier task for `host` has finished and the host's delay has passed since. */
  run<T>(host: string, task: () => Promise<T>): Promise<T> {
    const turn = (this.tails.get(host) ?? Promise.resolve()).then(async () => {
      const wait = (this.readyAt.get(host) ?? 0) - Date.now();
      if (wait > 0) await sleep(wait);
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
