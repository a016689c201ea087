import { DuckDBInstance } from '@duckdb/node-api';
import { createHash } from 'node:crypto';
import { readFileSync, rmSync, mkdirSync } from 'node:fs';
const src = '/work/bench-1m/public/data/cells.parquet';
const dir = '/work/prof/copy'; rmSync(dir, { recursive: true, force: true }); mkdirSync(dir, { recursive: true });
const inst = await DuckDBInstance.create(`${dir}/x.duckdb`, { memory_limit: '1GB' });
const c = await inst.connect();
let t = performance.now();
await c.run(`SET threads = 2`);
await c.run(`CREATE TABLE cells AS SELECT * FROM read_parquet('${src}')`);
console.log('load', ((performance.now() - t) / 1000).toFixed(0), 's');
const hash = (f: string) => createHash('sha256').update(readFileSync(f)).digest('hex').slice(0, 16);
for (const [name, threads] of [['t2a', 2], ['t2b', 2], ['t1', 1]] as const) {
  await c.run(`SET threads = ${threads}`);
  t = performance.now();
  await c.run(`COPY (SELECT * FROM cells ORDER BY region_code NULLS LAST, year NULLS LAST, report_id, key) TO '${dir}/${name}.parquet' (FORMAT parquet, COMPRESSION zstd, ROW_GROUP_SIZE 100000)`);
  console.log(name, ((performance.now() - t) / 1000).toFixed(0), 's', hash(`${dir}/${name}.parquet`));
}
