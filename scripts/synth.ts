/** `npm run synth -- --reports N --out DIR [--seed S] [--cells]`: write a synthetic national corpus. */
import { parseArgs } from 'node:util';
import { writeCorpus } from './synth/generate.js';

const { values } = parseArgs({
  options: {
    reports: { type: 'string', default: '1000' },
    out: { type: 'string', default: 'bench-out/synth' },
    seed: { type: 'string', default: '1' },
    cells: { type: 'boolean', default: false },
  },
});
const t0 = performance.now();
const truths = writeCorpus(values.out!, Number(values.reports), Number(values.seed), values.cells);
const broken = truths.filter((t) => t.broken !== 'none').length;
console.log(
  `wrote ${truths.length} reports (${broken} broken on purpose) and manifest.jsonl to ${values.out} in ${((performance.now() - t0) / 1000).toFixed(1)} s`,
);
