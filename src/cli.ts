/**
 * `gongkai parse FILE...`: one JSON object per file on stdout, in input order (report-contract.md).
 * Exit 0 even when a file cannot be parsed; non-zero only for misuse (no such file, unknown flag).
 * `gongkai collect URL... --out DIR`: the collector (src/collect/command.ts).
 */
import { readFileSync, statSync } from 'node:fs';
import { parseReportAsync } from './parse/report.js';

const USAGE = 'usage: gongkai parse FILE [FILE ...]';

export async function main(argv: string[]): Promise<number> {
  const [command, ...args] = argv;
  // Loaded only when asked for, so that parse starts as fast as it did.
  if (command === 'collect') return (await import('./collect/command.js')).collectCommand(args);
  if (command !== 'parse') {
    process.stderr.write(`${USAGE}\n`);
    return 2;
  }
  const files = args.filter((a) => a !== '--');
  const flags = files.filter((a) => a.startsWith('-') && a !== '-');
  if (flags.length) {
    process.stderr.write(`unknown flag: ${flags[0]}\n${USAGE}\n`);
    return 2;
  }
  if (!files.length) {
    process.stderr.write(`${USAGE}\n`);
    return 2;
  }
  for (const f of files) {
    try {
      if (!statSync(f).isFile()) throw new Error('not a file');
    } catch {
      process.stderr.write(`no such file: ${f}\n`);
      return 2;
    }
  }
  for (const f of files) {
    const r = await parseReportAsync(f, readFileSync(f));
    const { file, sha256, status, title, year, agency, region_code, template, cells, checks, problems, ...rest } = r;
    process.stdout.write(
      JSON.stringify({
        file,
        sha256,
        status,
        title,
        year,
        agency,
        region_code,
        template,
        cells,
        checks,
        problems,
        ...rest,
      }) + '\n',
    );
  }
  return 0;
}
