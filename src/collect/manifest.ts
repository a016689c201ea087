/**
 * The collection's record. `manifest.jsonl`: one line per fetched resource — what was asked for, what came back,
 * where its bytes are kept — appended, never rewritten. `runs.jsonl`: when each run started and whether it went
 * through to the end, which tells an interrupted run to resume and a finished one what the site still lists.
 */
import { appendFileSync, existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

export const MANIFEST = 'manifest.jsonl';
export const RUNS = 'runs.jsonl';

export type ResourceKind = 'list' | 'report_page' | 'attachment';

export interface ManifestEntry {
  url: string;
  /** Where the last redirect led. */
  final_url: string;
  /** ISO 8601, UTC. */
  fetched_at: string;
  /** null when no response came (timeout, refused redirect). */
  http_status: number | null;
  /** As the server sent them, or null. */
  content_type: string | null;
  etag: string | null;
  last_modified: string | null;
  /** Of the body saved by this response: null for a 304 and for errors. */
  sha256: string | null;
  bytes: number | null;
  /** The stored copy, relative to the collection folder (a 304 points at the copy it confirmed); else null. */
  path: string | null;
  kind: ResourceKind;
  /** The page that linked it (null for a start URL). */
  parent: string | null;
  /** The title the list gave a report (a report page, or a report's file linked from a list). */
  title?: string;
  /** The file name a Content-Disposition header gave. */
  filename?: string;
  run: string;
  /** The start URL it was found from. */
  root: string;
  /** The bytes this URL had before, when they now differ: changed after publication. */
  previous_sha256?: string;
  /** Why nothing was stored: a redirect loop, too large, timed out, … */
  error?: string;
}

export interface RunEntry {
  run: string;
  event: 'start' | 'end';
  at: string;
  roots?: string[];
  /** On `end`: every list and report was visited (no page cap, no stop). */
  complete?: boolean;
  /** On `end`: start URLs whose every list page was read (in this run, or before it was resumed). */
  listed?: string[];
}

/** Lines of a JSONL file; a line cut short by an interrupted write is skipped. */
export function readJsonl<T>(file: string): T[] {
  if (!existsSync(file)) return [];
  const out: T[] = [];
  for (const line of readFileSync(file, 'utf8').split('\n')) {
    if (!line.trim()) continue;
    try {
      out.push(JSON.parse(line) as T);
    } catch {
      // A torn last line from a killed run: the resource is fetched again.
    }
  }
  return out;
}

/** An append-only JSONL file that never glues a new line onto a torn one. */
export function appendJsonl(file: string, value: unknown): void {
  if (existsSync(file)) {
    const text = readFileSync(file);
    if (text.length && text[text.length - 1] !== 0x0a) appendFileSync(file, '\n');
  }
  appendFileSync(file, JSON.stringify(value) + '\n');
}

export const readManifest = (dir: string): ManifestEntry[] => readJsonl<ManifestEntry>(join(dir, MANIFEST));
export const readRuns = (dir: string): RunEntry[] => readJsonl<RunEntry>(join(dir, RUNS));

/** Whether a folder holds a collection (and not, say, a synthetic corpus's manifest of truths). */
export function isCollection(dir: string): boolean {
  const file = join(dir, MANIFEST);
  if (!existsSync(file)) return false;
  const first = readFileSync(file, 'utf8').split('\n', 1)[0];
  try {
    const e = JSON.parse(first) as Partial<ManifestEntry>;
    return typeof e.fetched_at === 'string' && ['list', 'report_page', 'attachment'].includes(String(e.kind));
  } catch {
    return false;
  }
}

/** The manifest of one collection folder, read once and appended to as resources come in. */
export class Manifest {
  private readonly stored = new Map<string, ManifestEntry>();
  readonly entries: ManifestEntry[];

  constructor(readonly dir: string) {
    this.entries = readManifest(dir);
    for (const e of this.entries) this.index(e);
  }

  private index(e: ManifestEntry): void {
    if (e.path && e.sha256) this.stored.set(e.url, e);
  }

  /** The last response of `url` that brought a body: its validators for a conditional request, its copy for a 304. */
  latestStored(url: string): ManifestEntry | undefined {
    return this.stored.get(url);
  }

  append(e: ManifestEntry): void {
    appendJsonl(join(this.dir, MANIFEST), e);
    this.entries.push(e);
    this.index(e);
  }
}
