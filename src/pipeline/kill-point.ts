/**
 * A test hook that kills the build outright (SIGKILL: no handler, no cleanup) at a named point, so the tests can
 * prove that a build dying anywhere leaves the previous dataset whole. `GONGKAI_KILL_AT` names the point:
 * `parsed:N` after N reports are parsed, or an output file's name (`reports.parquet`, `cells/32.parquet`, `build-summary.json`…)
 * just after that file is written into the staging folder. Unset, it costs one string comparison.
 */
import { basename } from 'node:path';

const target = process.env.GONGKAI_KILL_AT;

export function killPoint(point: string): void {
  if (target && (target === point || target === basename(point))) process.kill(process.pid, 'SIGKILL');
}
