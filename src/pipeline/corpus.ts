/**
 * The input corpus: every file under the reports folder, at any depth, with the source URL that a
 * `sources.csv` in the same folder records for it. Every file is an input (a binary or empty file becomes a
 * failed report, not a silent skip); only the sources files and READMEs themselves are not reports. A collection
 * folder (`gongkai collect`) gives instead the files its manifest names as reports (collected.ts).
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join, dirname, sep } from 'node:path';
import Papa from 'papaparse';
import { isCollection } from '../collect/manifest.js';
import { collectedInputs, type Collected } from './collected.js';

export interface InputFile {
  /** Path relative to the reports folder, with forward slashes (stable across machines). */
  path: string;
  absolute: string;
  sourceUrl: string | null;
  /** A report collected from its site: its versions there and whether it is gone. */
  collected?: Collected;
}

const NOT_REPORTS = /^(sources\.csv|manifest\.jsonl|readme(\.md|\.txt)?|\.gitkeep|\.ds_store)$/i;
const SOURCES = /^sources\.csv$/i;

/** What a walk finds: report files, the `sources.csv` files beside them, and collection folders. */
interface Found {
  reports: string[];
  sources: string[];
  collections: string[];
}

function walk(dir: string, found: Found): void {
  if (isCollection(dir)) {
    found.collections.push(dir);
    return;
  }
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    if (e.name.startsWith('.')) continue;
    const p = join(dir, e.name);
    if (e.isDirectory()) walk(p, found);
    else if (!e.isFile()) continue;
    else if (SOURCES.test(e.name)) found.sources.push(p);
    else if (!NOT_REPORTS.test(e.name)) found.reports.push(p);
  }
}

/** `sources.csv` columns: file (relative to the csv's folder), source_url, and any notes. */
function readSources(csvPath: string): Map<string, string> {
  const parsed = Papa.parse<Record<string, string>>(readFileSync(csvPath, 'utf8'), {
    header: true,
    skipEmptyLines: true,
  });
  const map = new Map<string, string>();
  for (const row of parsed.data)
    if (row.file && row.source_url) map.set(join(dirname(csvPath), row.file), row.source_url);
  return map;
}

export function listInputs(root: string): InputFile[] {
  const found: Found = { reports: [], sources: [], collections: [] };
  walk(root, found);
  const sources = new Map<string, string>();
  for (const f of found.sources) for (const [k, v] of readSources(f)) sources.set(k, v);
  // Every path the walk gives starts with the root as `join` writes it: a path is the rest of it (a national
  // corpus lists a million files; `relative` and a split per file were most of the listing's garbage).
  const rootLength = join(root, '_').length - 1;
  const pathOf = (absolute: string) => {
    const rest = absolute.slice(rootLength);
    return sep === '/' ? rest : rest.split(sep).join('/');
  };
  return found.reports
    .map((absolute): InputFile => ({ path: pathOf(absolute), absolute, sourceUrl: sources.get(absolute) ?? null }))
    .concat(found.collections.flatMap((dir) => collectedInputs(dir, root)))
    .sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
}
