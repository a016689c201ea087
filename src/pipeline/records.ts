/** Ids and cell keys of the published rows. */
import { createHash } from 'node:crypto';
import type { ParsedReport } from '../parse/report.js';
import { ALL_CELL_KEYS } from '../domain/template.js';

export const reportIdOf = (path: string): string => createHash('sha256').update(path).digest('hex').slice(0, 16);

/** One id per reporting body: the same name in the same division is the same body across years. */
export const agencyIdOf = (regionCode: string | null, agency: string | null): string | null =>
  agency
    ? createHash('sha256')
        .update(`${regionCode ?? ''}|${agency}`)
        .digest('hex')
        .slice(0, 12)
    : null;

export const cellKeysOf = (r: ParsedReport): string[] => ALL_CELL_KEYS.filter((k) => k in r.cells);
