import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseReport } from '../src/parse/report.ts';
const dir = process.argv[2];
const truths = readFileSync(join(dir, 'manifest.jsonl'), 'utf8').trim().split('\n').map((l) => JSON.parse(l));
const bad: Record<string, number> = {};
let shown = 0;
for (const t of truths) {
  const r = parseReport(t.file, readFileSync(join(dir, t.file)));
  const issues: string[] = [];
  if (r.status !== t.expected_status) issues.push(`status ${r.status}≠${t.expected_status}`);
  if (t.broken === 'none') {
    if (r.year !== t.year) issues.push(`year ${r.year}`);
    if (r.agency !== t.agency.normalize('NFKC')) issues.push(`agency ${r.agency}≠${t.agency}`);
    if (r.region_code !== t.region_code) issues.push(`region ${r.region_code}≠${t.region_code}`);
    if (r.template !== t.template) issues.push(`template`);
    for (const [k, v] of Object.entries(t.cells)) if (r.cells[k] !== v) { issues.push(`cell ${k} ${r.cells[k]}≠${v}`); break; }
  }
  for (const i of issues) { const key = `${t.layout}:${i.split(' ')[0]}`; bad[key] = (bad[key] ?? 0) + 1; }
  if (issues.length && shown++ < 12) console.log(t.file, t.layout, t.kind, t.broken, issues.slice(0, 3).join('; '), '|', r.problems.slice(0, 2).join(' / ').slice(0, 200));
}
console.log(bad, truths.length);
