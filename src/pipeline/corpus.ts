/**
 * The input corpus: every file under the reports folder, at any depth, with the source URL that a
 * `sources.csv` in the same folder records for it. Every file is an input (a binary or empty file becomes a
 * failed report, not a silent skip); only the sources files and READMEs themselves are not reports. A collection
 * folder (`gongkai collect`) gives instead the files its manifest names as reports (collected.ts).
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative, dirname, sep } from 'node:path';
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

function walk(dir: string, out: string[], collections: string[]): void {
  if (isCollection(dir)) {
    collections.push(dir);
    return;
  }
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    if (e.name.startsWith('.')) continue;
    const p = join(dir, e.name);
    if (e.isDirectory()) walk(p, out, collections);
    else if (e.isFile()) out.push(p);
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
  const files: string[] = [];
  const collections: string[] = [];
  walk(root, files, collections);
  const sources = new Map<string, string>();
  for (const f of files.filter((f) => /(^|[\\/])sources\.csv$/i.test(f)))
    for (const [k, v] of readSources(f)) sources.set(k, v);
  return files
    .filter((f) => !NOT_REPORTS.test(f.split(/[\\/]/).pop()!))
    .map((absolute): InputFile => ({
      path: relative(root, absolute).split(sep).join('/'),
      absolute,
      sourceUrl: sources.get(absolute) ?? null,
    }))
    .concat(collections.flatMap((dir) => collectedInputs(dir, root)))
    .sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
}
