/**
 * Share cards drawn in a worker thread of their own. Drawn on the build's main thread, a card cost ~75 ms in the
 * national build against ~41 ms in a small process: each card leaves a 3 MB pixmap outside V8's heap that only a
 * full collection frees, so `cardPng` collects every 32 cards, and a full collection of the main thread's heap
 * (the body step's records of ~450,000 files) costs far more than one of a worker's that holds only the card code.
 */
import { Worker } from 'node:worker_threads';
import type { Card } from './cards.js';

interface Waiting {
  resolve(drawn: { png: Uint8Array; ms: number }): void;
  reject(e: Error): void;
}

export class CardPainter {
  private readonly worker = new Worker(new URL('./cards-worker.mjs', import.meta.url));
  private readonly waiting = new Map<number, Waiting>();
  private next = 0;
  private failure: Error | null = null;

  constructor() {
    this.worker.on('message', (m: { id: number; png?: Uint8Array; ms?: number; error?: string }) => {
      const w = this.waiting.get(m.id);
      this.waiting.delete(m.id);
      if (m.error !== undefined) w?.reject(new Error(`share card: ${m.error}`));
      else w?.resolve({ png: m.png!, ms: m.ms! });
    });
    const fail = (e: Error) => {
      this.failure ??= e;
      for (const w of this.waiting.values()) w.reject(e);
      this.waiting.clear();
    };
    this.worker.on('error', fail);
    this.worker.on('exit', (code) => fail(new Error(`the share card worker stopped (exit code ${code})`)));
  }

  /** The card's PNG bytes and the milliseconds the worker took to draw them. */
  paint(card: Card): Promise<{ png: Uint8Array; ms: number }> {
    if (this.failure) return Promise.reject(this.failure);
    const id = this.next++;
    return new Promise((resolve, reject) => {
      this.waiting.set(id, { resolve, reject });
      this.worker.postMessage({ id, card });
    });
  }

  async close(): Promise<void> {
    this.worker.removeAllListeners('exit');
    await this.worker.terminate();
  }
}
