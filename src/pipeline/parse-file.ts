/** One input file → one parsed report, whatever happens (an unreadable file is a failed report too). */
import type { readFileSync as ReadFileSync } from 'node:fs';
import { parseReport, type ParsedReport } from '../parse/report.js';

export function parseFile(path: string, absolute: string, read: typeof ReadFileSync): ParsedReport {
  let bytes: Uint8Array;
  try {
    bytes = read(absolute);
  } catch (e) {
    const r = parseReport(path, new Uint8Array());
    return { ...r, problems: [`cannot read file: ${(e as Error).message}`] };
  }
  return parseReport(path, bytes);
}
