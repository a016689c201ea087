/**
 * Numbers changed after publication: every version of a collected report's file is parsed, and each cell whose
 * number differs from the version before is a row of `revisions` — which report, which cell, the number before
 * and after, and when each version was first fetched. Only reports whose file changed are read again.
 */
import { readFileSync } from 'node:fs';
import { TABLES } from '../domain/dataset.js';
import type { InputFile } from './corpus.js';
import type { ParquetWriter, Row } from './parquet.js';
import { parseFile } from './parse-file.js';
import { reportIdOf } from './records.js';

export async function revisionRows(input: InputFile): Promise<Row[]> {
  const versions = input.collected?.versions ?? [];
  if (versions.length < 2) return [];
  const parsed = [];
  for (const v of versions) parsed.push(await parseFile(v.path, v.absolute, readFileSync));
  const rows: Row[] = [];
  for (let i = 1; i < versions.length; i++) {
    const [before, after] = [parsed[i - 1].cells, parsed[i].cells];
    const keys = [...new Set([...Object.keys(before), ...Object.keys(after)])].sort();
    for (const cell of keys) {
      const [old_value, new_value] = [before[cell] ?? null, after[cell] ?? null];
      if (old_value === new_value) continue;
      rows.push({
        report_id: reportIdOf(input.path),
        source_url: input.sourceUrl,
        cell,
        old_value,
        new_value,
        first_seen: versions[i - 1].first_seen,
        changed_seen: versions[i].first_seen,
        old_sha256: versions[i - 1].sha256,
        new_sha256: versions[i].sha256,
      });
    }
  }
  return rows;
}

export async function writeRevisions(writer: ParquetWriter, inputs: InputFile[]): Promise<void> {
  const table = await writer.appender(TABLES.find((t) => t.name === 'revisions')!);
  for (const input of inputs) for (const row of await revisionRows(input)) table.add(row);
  table.close();
}
