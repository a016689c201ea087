/** A seeded random source (mulberry32) and the few distributions the synthetic corpus needs. */
export class Random {
  private s: number;
  constructor(seed: number) {
    this.s = seed >>> 0 || 1;
  }
  next(): number {
    let t = (this.s += 0x6d2b79f5);
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }
  int(lo: number, hi: number): number {
    return lo + Math.floor(this.next() * (hi - lo + 1));
  }
  pick<T>(xs: readonly T[]): T {
    return xs[Math.floor(this.next() * xs.length)];
  }
  chance(p: number): boolean {
    return this.next() < p;
  }
  /** Counts of rare events: mostly 0, a few small numbers (county bureaus' requests). */
  geometric(p: number, cap = 1e9): number {
    let n = 0;
    while (this.next() > p && n < cap) n++;
    return n;
  }
  logNormal(median: number, sigma: number): number {
    const u = 1 - this.next();
    const v = this.next();
    const z = Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
    return Math.round(median * Math.exp(sigma * z));
  }
  /** Split n into parts with the given weights (exact: the parts add up to n). */
  split(n: number, weights: number[]): number[] {
    const total = weights.reduce((a, b) => a + b, 0);
    const out = weights.map(() => 0);
    if (n <= 200) {
      for (let i = 0; i < n; i++) {
        let r = this.next() * total;
        let k = 0;
        while (r >= weights[k] && k < weights.length - 1) r -= weights[k++];
        out[k]++;
      }
      return out;
    }
    let left = n;
    weights.forEach((w, i) => {
      if (i === weights.length - 1) out[i] = left;
      else {
        const share = Math.min(
          left,
          Math.max(0, Math.round((n * w) / total + (this.next() - 0.5) * Math.sqrt((n * w) / total))),
        );
        out[i] = share;
        left -= share;
      }
    });
    return out;
  }
}
