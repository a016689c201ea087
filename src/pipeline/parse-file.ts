/** One input file → one parsed report, whatever happens (an unreadable file is a failed report too). */
import { readFileSync } from 'node:fs';
import { UndecodableError } from '../formats/decode.js';
import { hasRebuiltRows, packRebuiltRows, rebuiltRows, keepsRebuiltRows } from '../formats/display.js';
import { msg, type Message } from '../domain/messages.js';
import { parseDocument, parseReport, parseReportAsync, withProblems, type ParsedReport } from '../parse/report.js';
import { signatureOf, type Signature } from './file-hashes.js';

/**
 * `parseFile` with the file's signature (file-hashes.ts) taken just before the read, in the parser's thread: a
 * write in between is then seen by the next build. Taken here rather than for every file before the parse
 * starts, the national build does not hold a million of them (~150 MB) through the whole parse. With `cache`, a
 * file whose text is rows its reader rebuilt (PDF, Word, Excel) comes back with those rows packed for the cache
 * the site's pages read them from (formats/display.ts), unless the cache holds them already, so that the page
 * step does not read the file again.
 */
export async function parseSigned(
  path: string,
  absolute: string,
  cache?: { dir: string; version: string },
): Promise<{ report: ParsedReport; signature: Signature | null; rows: Uint8Array | null }> {
  const signature = signatureOf(absolute);
  const { report, rows } = await parseFileWithRows(path, absolute, readFileSync, !!cache);
  const keep = rows && cache && !hasRebuiltRows(cache.dir, cache.version, report.sha256);
  return { report, signature, rows: keep ? packRebuiltRows(rows) : null };
}

/** Asynchronous because the PDF reader is (see formats/pdf.ts); text and HTML are parsed synchronously within. */
export async function parseFile(path: string, absolute: string, read: typeof readFileSync): Promise<ParsedReport> {
  return (await parseFileWithRows(path, absolute, read, false)).report;
}

async function parseFileWithRows(
  path: string,
  absolute: string,
  read: typeof readFileSync,
  withRows: boolean,
): Promise<{ report: ParsedReport; rows: string[] | null }> {
  let bytes: Uint8Array;
  try {
    bytes = read(absolute);
  } catch (e) {
    const r = parseReport(path, new Uint8Array());
    return {
      report: withProblems({ ...r, messages: [msg('file.unreadable', { detail: (e as Error).message })] }),
      rows: null,
    };
  }
  if (!withRows || !keepsRebuiltRows(bytes)) return { report: await parseReportAsync(path, bytes), rows: null };
  let rows: string[] | null = null;
  const report = await parseReportAsync(path, bytes, (doc) => (rows = rebuiltRows(doc)));
  return { report, rows };
}

/** The report of a file whose parse was stopped (time or memory limit): failed, with its hash and the reason. */
export function failedReport(path: string, absolute: string, reason: Message): ParsedReport {
  let bytes: Uint8Array;
  try {
    bytes = readFileSync(absolute);
  } catch {
    bytes = new Uint8Array();
  }
  return parseDocument(path, bytes, new UndecodableError(reason));
}
