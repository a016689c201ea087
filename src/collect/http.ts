/**
 * GET with the manners a public site is owed, over Node's fetch (undici). Every attempt and every redirect hop
 * waits its turn in the host queue; 429, 503 and other transient failures are retried a bounded number of times,
 * after Retry-After or an exponential backoff that holds back the whole host; redirects are followed by hand so
 * that each hop is checked (robots.txt, the site) and a loop is given up; a body past the size cap is dropped.
 */
import type { HostQueue } from './host-queue.js';

export interface HttpOptions {
  userAgent: string;
  /** The host's delay, and the first step of the backoff. */
  delayMs: number;
  timeoutMs: number;
  retries: number;
  maxBytes: number;
  maxRedirects: number;
  /** A Retry-After longer than this is not waited for: the resource is given up for this run. */
  maxRetryAfterMs: number;
}

export interface Fetched {
  url: string;
  finalUrl: string;
  /** null when no response came. */
  status: number | null;
  headers: Headers | null;
  /** The body of a 2xx response. */
  body: Uint8Array | null;
  error?: string;
}

/** Refuses a URL before it is requested (robots.txt, another site): the reason, or null to go ahead. */
export type Gate = (url: string) => Promise<string | null>;

type Attempt =
  | { kind: 'response'; status: number; headers: Headers; body: Uint8Array | null; error?: string }
  | { kind: 'redirect'; status: number; headers: Headers; location: string }
  | { kind: 'failure'; error: string };

const TRANSIENT_STATUS = new Set([408, 429, 500, 502, 503, 504]);
const REDIRECT_STATUS = new Set([301, 302, 303, 307, 308]);

/** Retry-After in milliseconds: delay-seconds or an HTTP date; null when absent or unreadable. */
export function retryAfterMs(value: string | null, now = Date.now()): number | null {
  if (!value) return null;
  if (/^\s*\d+\s*$/.test(value)) return Number(value) * 1000;
  const at = Date.parse(value);
  return Number.isNaN(at) ? null : Math.max(0, at - now);
}

async function readCapped(res: Response, max: number): Promise<Uint8Array | null> {
  if (Number(res.headers.get('content-length') ?? 0) > max) {
    await res.body?.cancel();
    return null;
  }
  if (!res.body) return new Uint8Array();
  const reader = res.body.getReader();
  const chunks: Uint8Array[] = [];
  let total = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    total += value.length;
    // A server may send no length, or the wrong one: the cap holds on what actually arrives.
    if (total > max) {
      await reader.cancel();
      return null;
    }
    chunks.push(value);
  }
  return Buffer.concat(chunks);
}

export class HttpClient {
  constructor(
    private readonly queue: HostQueue,
    private readonly opts: HttpOptions,
    private readonly log: (s: string) => void = () => {},
  ) {}

  async get(url: string, headers: Record<string, string> = {}, gate?: Gate): Promise<Fetched> {
    const visited = new Set<string>();
    let current = url;
    for (let hop = 0; ; hop++) {
      const refused = gate ? await gate(current) : null;
      if (refused) return { url, finalUrl: current, status: null, headers: null, body: null, error: refused };
      const a = await this.attempt(current, headers);
      if (a.kind === 'failure')
        return { url, finalUrl: current, status: null, headers: null, body: null, error: a.error };
      if (a.kind === 'response') return { url, finalUrl: current, ...a };
      visited.add(current);
      const next = new URL(a.location, current).href;
      const error = visited.has(next)
        ? `redirect loop: ${next} again`
        : hop >= this.opts.maxRedirects
          ? `more than ${this.opts.maxRedirects} redirects`
          : null;
      if (error) return { url, finalUrl: current, status: a.status, headers: a.headers, body: null, error };
      current = next;
    }
  }

  private async attempt(url: string, headers: Record<string, string>): Promise<Attempt> {
    const host = new URL(url).host;
    for (let i = 0; ; i++) {
      const a = await this.queue.run(host, () => this.once(url, headers));
      const transient = a.kind === 'failure' || (a.kind === 'response' && TRANSIENT_STATUS.has(a.status));
      if (!transient || i >= this.opts.retries) return a;
      const asked = a.kind === 'response' ? retryAfterMs(a.headers.get('retry-after')) : null;
      const wait = asked ?? this.opts.delayMs * 2 ** (i + 1);
      if (wait > this.opts.maxRetryAfterMs)
        return a.kind === 'response'
          ? { ...a, error: `Retry-After of ${Math.round(wait / 1000)} s: not waited for` }
          : a;
      this.log(`  ${a.kind === 'failure' ? a.error : `HTTP ${a.status}`}: ${url} again in ${wait} ms`);
      this.queue.pause(host, wait);
    }
  }

  private async once(url: string, headers: Record<string, string>): Promise<Attempt> {
    try {
      const res = await fetch(url, {
        headers: { 'user-agent': this.opts.userAgent, ...headers },
        redirect: 'manual',
        signal: AbortSignal.timeout(this.opts.timeoutMs),
      });
      const location = res.headers.get('location');
      if (REDIRECT_STATUS.has(res.status) && location) {
        await res.body?.cancel();
        return { kind: 'redirect', status: res.status, headers: res.headers, location };
      }
      if (res.status < 200 || res.status >= 300) {
        await res.body?.cancel();
        return { kind: 'response', status: res.status, headers: res.headers, body: null };
      }
      const body = await readCapped(res, this.opts.maxBytes);
      if (!body)
        return {
          kind: 'response',
          status: res.status,
          headers: res.headers,
          body: null,
          error: `larger than ${this.opts.maxBytes} bytes`,
        };
      return { kind: 'response', status: res.status, headers: res.headers, body };
    } catch (e) {
      const err = e as Error & { cause?: Error };
      return {
        kind: 'failure',
        error: err.name === 'TimeoutError' ? `no answer within ${this.opts.timeoutMs} ms` : (err.cause ?? err).message,
      };
    }
  }
}
