/**
 * What each region page is drawn from, as one digest per region: the page's `cacheKey` for Astro's incremental
 * build (and its series file's, and for a province its bodies' search file's) and the data version its footer shows. A region page draws only on the rows of its own region (its
 * reports, their checks and copies, its bodies and their publication record), so the digest hashes exactly
 * those; when a province's reports change, only that province's pages (and the nation's) are rendered again.
 * Anything a region page starts to draw from outside its region must be added here, or the page goes stale.
 */
import { idTable, query } from './data.js';

/** Rows hashed per region code: every column a page reads is either here or decided by the file's bytes. */
// row(…) rather than concat_ws: a NULL keeps its place, so two different rows never hash alike.
const ROWS_SQL = `
  SELECT coalesce(r.region_code, '') AS region_code, md5_number(CAST(row('r', r.report_id, r.sha256,
    r.parser_version, r.is_primary, r.copy_of, o.sha256, o.agency, o.year, r.duplicate_of, r.agency_id,
    r.agency_name, r.status, r.region_code, r.region_name) AS VARCHAR)) AS h
  FROM reports r LEFT JOIN reports o ON o.report_id = r.copy_of
  UNION ALL
  SELECT coalesce(a.region_code, ''), md5_number('a|' || CAST(a AS VARCHAR)) FROM agencies a
  UNION ALL
  SELECT coalesce(a.region_code, ''), md5_number('p|' || CAST(p AS VARCHAR))
  FROM publications p JOIN agencies a ON a.id = p.agency_id`;

/**
 * The row hashes folded into one digest per region prefix (2, 4 and 6 digits) and `national` inside DuckDB, as
 * sums of their two 64-bit halves and a count: a sum needs no sort, and handing the 2.2 million row hashes of a
 * national site to JavaScript took 7 of the page build's seconds (this takes 1.5). Sums of MD5s tell a changed
 * row set from the one before, which is what a cache key needs; they are no defence against a forger.
 */
const DIGESTS_SQL = `
  WITH h AS (${ROWS_SQL}),
  byCode AS (SELECT region_code, sum((h >> 64)::UBIGINT::HUGEINT) AS hi,
                    sum((h & 18446744073709551615::UHUGEINT)::UBIGINT::HUGEINT) AS lo, count(*) AS n
             FROM h GROUP BY region_code),
  folded AS (SELECT 'national' AS prefix, sum(hi) AS hi, sum(lo) AS lo, sum(n) AS n FROM byCode
             UNION ALL
             SELECT left(region_code, p.n), sum(hi), sum(lo), sum(byCode.n)
             FROM byCode, (VALUES (2), (4), (6)) p(n) WHERE length(region_code) = 6 GROUP BY p.n, left(region_code, p.n))
  SELECT prefix, md5(concat_ws(':', hi, lo, n)) AS digest FROM folded WHERE n > 0`;

let digestsCache: Promise<Map<string, string>> | null = null;

/** Digest by region prefix (2, 4 and 6 digits) and `national`; look a region up with `regionDigest`. */
const digests = (): Promise<Map<string, string>> =>
  (digestsCache ??= query<{ prefix: string; digest: string }>(DIGESTS_SQL).then(
    (rows) => new Map(rows.map((r) => [r.prefix, r.digest.slice(0, 16)])),
  ));

/** A region's digest: `prefix` is the region's code prefix (prefixOf), or `national`. */
export const regionDigest = async (prefix: string): Promise<string> => (await digests()).get(prefix) ?? 'empty';

/**
 * Report pages' digests, by id, for the reports given: each row's identity (bytes, parser, body, copies) and the
 * revisions seen of it; what else a page shows (cells, checks, text) follows from the file's bytes and the
 * parser version. Only the pages built are hashed (national: a thousand copies, not a million rows).
 */
export async function reportDigests(ids: string[]): Promise<Map<string, string>> {
  if (!ids.length) return new Map();
  const pages = await idTable('digest_ids', ids);
  const rows = await query<{ report_id: string; h: string }>(
    `WITH v AS (SELECT report_id, string_agg(CAST(v AS VARCHAR), ',' ORDER BY v.cell, v.changed_seen) AS seen
                FROM revisions v WHERE report_id IN (SELECT report_id FROM ${pages}) GROUP BY report_id)
     SELECT r.report_id, md5(CAST(row(r.report_id, r.file, r.sha256, r.parser_version, r.is_primary, r.copy_of,
       r.duplicate_of, r.agency_id, r.agency_name, r.status, r.source_url, r.fetched_at, r.revised, r.removed,
       v.seen) AS VARCHAR)) AS h
     FROM reports r LEFT JOIN v USING (report_id) WHERE r.report_id IN (SELECT report_id FROM ${pages})`,
  );
  return new Map(rows.map((r) => [r.report_id, r.h.slice(0, 16)]));
}
