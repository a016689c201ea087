/**
 * The reports of a collection folder (`gongkai collect`, see src/collect): for every report its site listed, the
 * file to parse — the latest kept copy of each of the report's files, or of the report page itself when it has
 * none — with where and when it was fetched, every version its address served, and whether the site took it down.
 */
import { join, relative, sep } from 'node:path';
import { readManifest, readRuns, type ManifestEntry } from '../collect/manifest.js';
import type { InputFile } from './corpus.js';
import type { Row } from './parquet.js';

export interface Version {
  /** Relative to the reports folder, like every input's path. */
  path: string;
  absolute: string;
  sha256: string;
  /** When these bytes were first fetched. */
  first_seen: string;
}

export interface Collected {
  /** When the latest version was last fetched or confirmed (304). */
  fetched_at: string;
  /** Oldest first; consecutive fetches of the same bytes are one version. */
  versions: Version[];
  removed: boolean;
}

const GONE = new Set([404, 410]);
/** A 304's line names no hash; its path (files/ab/<sha256>.ext) does. */
const shaOf = (e: ManifestEntry) => e.sha256 ?? e.path!.replace(/^.*\//, '').replace(/\..*$/, '');

export function collectedInputs(dir: string, reportsDir: string): InputFile[] {
  const entries = readManifest(dir);
  const byUrl = new Map<string, ManifestEntry[]>();
  for (const e of entries) byUrl.set(e.url, [...(byUrl.get(e.url) ?? []), e]);
  // Per start URL, the last run that read every page of its list: what that run did not meet is no longer listed.
  const lastListed = new Map<string, string>();
  for (const r of readRuns(dir)) if (r.event === 'end') for (const root of r.listed ?? []) lastListed.set(root, r.run);
  const filesOf = new Map<string, string[]>();
  for (const e of entries)
    if (e.kind === 'attachment' && e.parent && !e.title && !filesOf.get(e.parent)?.includes(e.url))
      filesOf.set(e.parent, [...(filesOf.get(e.parent) ?? []), e.url]);

  const inputs = new Map<string, InputFile>();
  const reports = [...byUrl.keys()].filter((url) =>
    byUrl.get(url)!.some((e) => e.kind === 'report_page' || (e.kind === 'attachment' && e.title)),
  );
  for (const url of reports) {
    const lines = byUrl.get(url)!;
    const last = lines.at(-1)!;
    const listedRun = lastListed.get(last.root);
    const removed =
      GONE.has(last.http_status ?? 0) || (listedRun !== undefined && !lines.some((e) => e.run === listedRun));
    const kept = (u: string) => byUrl.get(u)!.filter((e) => e.path);
    const files = (filesOf.get(url) ?? []).filter((u) => kept(u).length);
    for (const source of files.length ? files : kept(url).length ? [url] : []) {
      const versions: Version[] = [];
      for (const e of kept(source)) {
        if (versions.at(-1)?.sha256 === shaOf(e)) continue;
        const absolute = join(dir, e.path!);
        const path = relative(reportsDir, absolute).split(sep).join('/');
        versions.push({ path, absolute, sha256: shaOf(e), first_seen: e.fetched_at });
      }
      const latest = versions.at(-1)!;
      if (inputs.has(latest.path)) continue;
      inputs.set(latest.path, {
        path: latest.path,
        absolute: latest.absolute,
        sourceUrl: source,
        collected: { fetched_at: kept(source).at(-1)!.fetched_at, versions, removed },
      });
    }
  }
  return [...inputs.values()];
}

/** The columns of `reports` a collected input fills (null for any other input). */
export const collectedColumns = (input: InputFile): Row => ({
  fetched_at: input.collected?.fetched_at ?? null,
  revised: input.collected ? input.collected.versions.length > 1 : null,
  removed: input.collected?.removed ?? null,
});
