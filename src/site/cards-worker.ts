/** A share card worker: cards in, PNG bytes out, one card at a time (src/site/card-painter.ts). */
import { parentPort } from 'node:worker_threads';
import { cardPng, type Card } from './cards.js';

const port = parentPort!;
// One card after another: two drawn at once would hold two 3 MB pixmaps and gain nothing on a busy machine.
let chain = Promise.resolve();
port.on('message', ({ id, card }: { id: number; card: Card }) => {
  chain = chain.then(async () => {
    const t0 = performance.now();
    try {
      const png = await cardPng(card);
      port.postMessage({ id, png, ms: performance.now() - t0 });
    } catch (e) {
      port.postMessage({ id, error: e instanceof Error ? (e.stack ?? e.message) : String(e) });
    }
  });
});
