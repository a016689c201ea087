/**
 * The columns to collect, `data/sources/*.csv`: one row per column (栏目) of a site where a body publishes its
 * annual reports — `body`, `region` (as written, for people), `column_url` (the list page to start from).
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import Papa from 'papaparse';

export interface Source {
  body: string;
  region: string;
  column_url: string;
}

/** The sources of a CSV file, or of every CSV file in a folder. */
export function readSources(path: string): Source[] {
  if (!existsSync(path)) return [];
  if (statSync(path).isDirectory())
    return readdirSync(path)
      .filter((f) => f.endsWith('.csv'))
      .sort()
      .flatMap((f) => readSources(join(path, f)));
  const rows = Papa.parse<Record<string, string>>(readFileSync(path, 'utf8'), { header: true, skipEmptyLines: true });
  return rows.data
    .filter((r) => /^https?:\/\//.test(r.column_url?.trim() ?? ''))
    .map((r) => ({ body: r.body?.trim() ?? '', region: r.region?.trim() ?? '', column_url: r.column_url.trim() }));
}
