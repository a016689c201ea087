/** One input file → one parsed report, whatever happens (an unreadable file is a failed report too). */
import { readFileSync } from 'node:fs';
import { UndecodableError } from '../formats/decode.js';
import { rebuiltRows, saveRebuiltRows, showsRebuiltRows } from '../formats/display.js';
import { msg, type Message } from '../domain/messages.js';
import { parseDocument, parseReport, parseReportAsync, withProblems, type ParsedReport } from '../parse/report.js';
import { signatureOf, type Signature } from './file-hashes.js';

/**
 * `parseFile` with the file's signature (file-hashes.ts) taken just before the read, in the parser's thread: a
 * write in between is then seen by the next build. Taken here rather than for every file before the parse
 * starts, the national build does not hold a million of them (~150 MB) through the whole parse.
 */
export async function parseSigned(
  path: string,
  absolute: string,
  display?: { dir: string; version: string },
): Promise<{ report: ParsedReport; signature: Signature | null }> {
  const signature = signatureOf(absolute);
  return { report: await parseFile(path, absolute, readFileSync, display), signature };
}

/**
 * Asynchronous because the PDF reader is (see formats/pdf.ts); text and HTML are parsed synchronously within.
 * With `display`, a file whose text is rows its reader rebuilt (PDF, Word, Excel) leaves those rows in the cache
 * the site's pages read them from, so that the page step does not read the file again.
 */
export async function parseFile(
  path: string,
  absolute: string,
  read: typeof readFileSync,
  display?: { dir: string; version: string },
): Promise<ParsedReport> {
  let bytes: Uint8Array;
  try {
    bytes = read(absolute);
  } catch (e) {
    const r = parseReport(path, new Uint8Array());
    return withProblems({ ...r, messages: [msg('file.unreadable', { detail: (e as Error).message })] });
  }
  if (!display || !showsRebuiltRows(bytes)) return parseReportAsync(path, bytes);
  let rows: string[] | null = null;
  const report = await parseReportAsync(path, bytes, (doc) => (rows = rebuiltRows(doc)));
  if (rows)
    try {
      saveRebuiltRows(display.dir, display.version, report.sha256, rows);
    } catch {
      // a cache that cannot be written costs the page step a read of the file, nothing else
    }
  return report;
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
