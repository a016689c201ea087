/** One input file → one parsed report, whatever happens (an unreadable file is a failed report too). */
import { readFileSync } from 'node:fs';
import { UndecodableError } from '../formats/decode.js';
import { msg, type Message } from '../domain/messages.js';
import { parseDocument, parseReport, parseReportAsync, withProblems, type ParsedReport } from '../parse/report.js';

/** Asynchronous because the PDF reader is (see formats/pdf.ts); text and HTML are parsed synchronously within. */
export async function parseFile(path: string, absolute: string, read: typeof readFileSync): Promise<ParsedReport> {
  let bytes: Uint8Array;
  try {
    bytes = read(absolute);
  } catch (e) {
    const r = parseReport(path, new Uint8Array());
    return withProblems({ ...r, messages: [msg('file.unreadable', { detail: (e as Error).message })] });
  }
  return parseReportAsync(path, bytes);
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
