/**
 * `npm run synth -- --reports N --out DIR [--seed S] [--cells] [--printed N [--printed-layouts pdf-print,scan]]`:
 * write a synthetic national corpus; `--printed` adds N reports printed to PDF or scanned by headless Chromium.
 * `--bodies` writes instead one area through seven years (renames, a zone, skipped years, late reports) with the
 * registry it resolves against and the publication record a build must produce. `--national BODIES [--province
 * NN] [--part I/N]` writes the scale benchmark's corpus: BODIES bodies of the real division structure × 2019–2025.
 */
import { parseArgs } from 'node:util';
import { writeCorpus } from './synth/generate.js';
import { PRINT_LAYOUTS, type PrintLayout } from './synth/render.js';

const { values } = parseArgs({
  options: {
    reports: { type: 'string', default: '1000' },
    out: { type: 'string', default: 'bench-out/synth' },
    seed: { type: 'string', default: '1' },
    cells: { type: 'boolean', default: false },
    printed: { type: 'string', default: '0' },
    bodies: { type: 'boolean', default: false },
    national: { type: 'string' },
    province: { type: 'string' },
    part: { type: 'string', default: '0/1' },
    'printed-layouts': { type: 'string', default: PRINT_LAYOUTS.join(',') },
  },
});
const layouts = values['printed-layouts']!.split(',').map((l) => l.trim()) as PrintLayout[];
const unknown = layouts.filter((l) => !PRINT_LAYOUTS.includes(l));
if (unknown.length || !layouts.length) throw new Error(`--printed-layouts: ${PRINT_LAYOUTS.join(', ')}`);
if (values.national) {
  // The scale benchmark's corpus: N bodies of the real division structure, a report a year 2019–2025.
  const { writeNationalCorpus } = await import('./synth/national.js');
  const [part, parts] = values.part!.split('/').map(Number);
  const t0 = performance.now();
  const n = writeNationalCorpus(values.out!, {
    bodies: Number(values.national),
    seed: Number(values.seed),
    province: values.province,
    part,
    parts,
  });
  console.log(`wrote ${n} reports to ${values.out} in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
  process.exit(0);
}
if (values.bodies) {
  // The registry corpus instead: one area through seven years, with its registry and publication record.
  const { writeBodiesCorpus } = await import('./synth/bodies.js');
  const { bodies, publications } = writeBodiesCorpus(values.out!, Number(values.seed));
  console.log(
    `wrote ${bodies.length} bodies' reports to ${values.out}/reports, registry.csv and publications.json (${publications.length} body-years)`,
  );
  process.exit(0);
}
const t0 = performance.now();
const truths = writeCorpus(values.out!, Number(values.reports), Number(values.seed), values.cells);
const broken = truths.filter((t) => t.broken !== 'none').length;
console.log(
  `wrote ${truths.length} reports (${broken} broken on purpose) and manifest.jsonl to ${values.out} in ${((performance.now() - t0) / 1000).toFixed(1)} s`,
);
const printed = Number(values.printed);
if (printed > 0) {
  const t1 = performance.now();
  // Only now load the browser's driver: the default corpus needs no Chromium.
  const { writePrinted } = await import('./synth/print.js');
  const more = await writePrinted(values.out!, printed, Number(values.seed), values.cells, layouts);
  const count = (l: PrintLayout) => more.filter((t) => t.layout === l).length;
  console.log(
    `printed ${more.length} more (${count('pdf-print')} pdf-print, ${count('scan')} scan) in ${((performance.now() - t1) / 1000).toFixed(1)} s`,
  );
}
