/** Ids and cell keys of the published rows. */
import { createHash } from 'node:crypto';
import type { ParsedReport } from '../parse/report.js';
import { ALL_CELL_KEYS } from '../domain/template.js';

export const reportIdOf = (path: string): string => createHash('sha256').update(path).digest('hex').slice(0, 16);

export const cellKeysOf = (r: ParsedReport): string[] => ALL_CELL_KEYS.filter((k) => k in r.cells);
