/**
 * robots.txt, read once per site and run (RFC 9309 through `robots-parser`): a 4xx means no rules, a server error
 * or no answer means the site is off limits for this run, and a Crawl-delay longer than ours is kept.
 */
import robotsParser from 'robots-parser';
import type { HostQueue } from './host-queue.js';
import type { HttpClient } from './http.js';

type Rules = { allowed: (url: string) => boolean };

/** The longest Crawl-delay obeyed: past it a site is crawled at this pace rather than over days. */
const MAX_CRAWL_DELAY_MS = 60_000;

export class Robots {
  private readonly rules = new Map<string, Promise<Rules>>();

  constructor(
    private readonly http: HttpClient,
    private readonly queue: HostQueue,
    /** The product token robots.txt groups are matched against. */
    private readonly agent: string,
    private readonly log: (s: string) => void = () => {},
  ) {}

  /** Why `url` may not be fetched, or null. */
  async refusal(url: string): Promise<string | null> {
    const { origin, host } = new URL(url);
    let rules = this.rules.get(origin);
    if (!rules) this.rules.set(origin, (rules = this.load(origin, host)));
    return (await rules).allowed(url) ? null : 'disallowed by robots.txt';
  }

  private async load(origin: string, host: string): Promise<Rules> {
    const url = `${origin}/robots.txt`;
    const res = await this.http.get(url);
    if (res.status !== null && res.status >= 400 && res.status < 500) return { allowed: () => true };
    if (!res.body) {
      this.log(`robots.txt of ${origin} unreachable (${res.error ?? `HTTP ${res.status}`}): nothing fetched there`);
      return { allowed: () => false };
    }
    const robots = robotsParser(url, new TextDecoder().decode(res.body));
    const delay = robots.getCrawlDelay(this.agent);
    if (delay) this.queue.setDelay(host, Math.min(delay * 1000, MAX_CRAWL_DELAY_MS));
    return { allowed: (u) => robots.isAllowed(u, this.agent) !== false };
  }
}
