/** `gongkai collect URL... --out DIR`: the command line of the collector (see README, "Collecting reports"). */
import { parseArgs } from 'node:util';
import { collect, DEFAULTS } from './crawl.js';
import { readSources } from './sources.js';

export const COLLECT_USAGE = `usage: gongkai collect URL... --out DIR [--sources CSV|DIR] [--contact URL]
  [--delay-ms ${DEFAULTS.delayMs}] [--max-bytes ${DEFAULTS.maxBytes}] [--max-pages ${DEFAULTS.maxPages}]
  [--retries ${DEFAULTS.retries}] [--timeout-ms ${DEFAULTS.timeoutMs}] [--allow-host HOST]...
The contact URL (or env GONGKAI_CONTACT) is required: it goes into the User-Agent.`;

const count = (v: string | undefined, name: string, min: number): number | undefined => {
  if (v === undefined) return undefined;
  const n = Number(v);
  if (!Number.isInteger(n) || n < min) throw new Error(`--${name} takes a whole number ≥ ${min}`);
  return n;
};

export async function collectCommand(args: string[]): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({
      args,
      allowPositionals: true,
      options: {
        out: { type: 'string' },
        sources: { type: 'string', multiple: true },
        contact: { type: 'string' },
        'delay-ms': { type: 'string' },
        'max-bytes': { type: 'string' },
        'max-pages': { type: 'string' },
        retries: { type: 'string' },
        'timeout-ms': { type: 'string' },
        'allow-host': { type: 'string', multiple: true },
        quiet: { type: 'boolean' },
      },
    });
  } catch (e) {
    process.stderr.write(`${(e as Error).message}\n${COLLECT_USAGE}\n`);
    return 2;
  }
  const { values, positionals } = parsed;
  const urls = [...positionals, ...(values.sources ?? []).flatMap((s) => readSources(s).map((r) => r.column_url))];
  const contact = values.contact ?? process.env.GONGKAI_CONTACT ?? '';
  const problem = !values.out
    ? '--out DIR is required'
    : !urls.length
      ? 'no start URL'
      : urls.find((u) => !/^https?:\/\//.test(u))
        ? `not an http(s) URL: ${urls.find((u) => !/^https?:\/\//.test(u))}`
        : !/^(https?:\/\/|mailto:)\S+$/.test(contact)
          ? 'a contact URL is required (--contact URL or GONGKAI_CONTACT): sites must be able to reach you'
          : null;
  if (problem) {
    process.stderr.write(`${problem}\n${COLLECT_USAGE}\n`);
    return 2;
  }
  try {
    const result = await collect({
      urls,
      out: values.out!,
      contact,
      delayMs: count(values['delay-ms'], 'delay-ms', 0),
      maxBytes: count(values['max-bytes'], 'max-bytes', 1),
      maxPages: count(values['max-pages'], 'max-pages', 1),
      retries: count(values.retries, 'retries', 0),
      timeoutMs: count(values['timeout-ms'], 'timeout-ms', 1),
      allowHosts: values['allow-host'],
      log: values.quiet ? undefined : (s) => process.stderr.write(`${s}\n`),
    });
    process.stderr.write(
      `run ${result.run}${result.resumed ? ' (resumed)' : ''}: ${result.fetched} fetched, ${result.notModified} not modified, ` +
        `${result.failed} failed, ${result.reports} reports, ${result.files} files, ${result.changed} changed, ` +
        `${result.disallowed.length} disallowed by robots.txt${result.complete ? '' : '; stopped early: run again to resume'}\n`,
    );
    return 0;
  } catch (e) {
    process.stderr.write(`collect: ${(e as Error).message}\n`);
    return 2;
  }
}
