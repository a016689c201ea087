/** One input file → one parsed report, whatever happens (an unreadable file is a failed report too). */
import type { readFileSync as ReadFileSync } from 'node:fs';
import { parseReport, parseReportAsync, type ParsedReport } from '../parse/report.js';

/** Asynchronous because the PDF reader is (see formats/pdf.ts); text and HTML are parsed synchronously within. */
export async function parseFile(path: string, absolute: string, read: typeof ReadFileSync): Promise<ParsedReport> {
  let bytes: Uint8Array;
  try {
    bytes = read(absolute);
  } catch (e) {
    const r = parseReport(path, new Uint8Array());
    return { ...r, problems: [`cannot read file: ${(e as Error).message}`] };
  }
  return parseReportAsync(path, bytes);
}
