/**
 * What each region page is drawn from, as one digest per region: the page's `cacheKey` for Astro's incremental
 * build and the data version its footer shows. A region page draws only on the rows of its own region (its
 * reports, their checks and copies, its bodies and their publication record), so the digest hashes exactly
 * those; when a province's reports change, only that province's pages (and the nation's) are rendered again.
 * Anything a region page starts to draw from outside its region must be added here, or the page goes stale.
 */
import { createHash, type Hash } from 'node:crypto';
import { query } from './data.js';

/** Rows hashed per region code: every column a page reads is either here or decided by the file's bytes. */
// row(…) rather than concat_ws: a NULL keeps its place, so two different rows never hash alike.
const ROWS_SQL = `
  SELECT coalesce(r.region_code, '') AS region_code, md5(CAST(row('r', r.report_id, r.sha256, r.parser_version,
    r.is_primary, r.copy_of, o.sha256, o.agency, o.year, r.duplicate_of, r.agency_id, r.agency_name, r.status,
    r.region_code, r.region_name) AS VARCHAR)) AS h
  FROM reports r LEFT JOIN reports o ON o.report_id = r.copy_of
  UNION ALL
  SELECT coalesce(a.region_code, ''), md5('a|' || CAST(a AS VARCHAR)) FROM agencies a
  UNION ALL
  SELECT coalesce(a.region_code, ''), md5('p|' || CAST(p AS VARCHAR))
  FROM publications p JOIN agencies a ON a.id = p.agency_id
  ORDER BY 1, 2`;

let digestsCache: Promise<Map<string, string>> | null = null;

/** Digest by region prefix (2, 4 and 6 digits) and `national`; look a region up with `regionDigest`. */
function digests(): Promise<Map<string, string>> {
  digestsCache ??= (async () => {
    const hashes = new Map<string, Hash>();
    const feed = (key: string, h: string) => {
      let hash = hashes.get(key);
      if (!hash) hashes.set(key, (hash = createHash('sha256')));
      hash.update(h);
    };
    for (const row of await query<{ region_code: string; h: string }>(ROWS_SQL)) {
      feed('national', row.h);
      const code = row.region_code;
      if (code.length !== 6) continue;
      for (const n of [2, 4, 6]) feed(code.slice(0, n), row.h);
    }
    return new Map([...hashes].map(([k, h]) => [k, h.digest('hex').slice(0, 16)]));
  })();
  return digestsCache;
}

/** A region's digest: `prefix` is the region's code prefix (prefixOf), or `national`. */
export const regionDigest = async (prefix: string): Promise<string> => (await digests()).get(prefix) ?? 'empty';

let reportDigestsCache: Promise<Map<string, string>> | null = null;

/**
 * A report page's digest: its row's identity (bytes, parser, body, copies) and the revisions seen of it; what
 * else it shows (cells, checks, text) follows from the file's bytes and the parser version.
 */
export async function reportDigest(id: string): Promise<string> {
  reportDigestsCache ??= (async () => {
    const rows = await query<{ report_id: string; h: string }>(
      `WITH v AS (SELECT report_id, string_agg(CAST(v AS VARCHAR), ',' ORDER BY v.cell, v.changed_seen) AS seen
                  FROM revisions v GROUP BY report_id)
       SELECT r.report_id, md5(CAST(row(r.report_id, r.file, r.sha256, r.parser_version, r.is_primary, r.copy_of,
         r.duplicate_of, r.agency_id, r.agency_name, r.status, r.source_url, r.fetched_at, r.revised, r.removed,
         v.seen) AS VARCHAR)) AS h
       FROM reports r LEFT JOIN v USING (report_id)`,
    );
    return new Map(rows.map((r) => [r.report_id, r.h.slice(0, 16)]));
  })();
  return (await reportDigestsCache).get(id) ?? 'missing';
}
