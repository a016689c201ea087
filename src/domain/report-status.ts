/** A report's parse status as readers see it: a sign (never colour alone) and its words in both languages. */
import type { ReportStatus } from './view-state.js';

export const REPORT_STATUSES: Record<ReportStatus, { sign: string; zh: string; en: string }> = {
  ok: { sign: '✓', zh: '全部勾稽关系成立', en: 'every check passes' },
  partial: { sign: '△', zh: '部分读取或勾稽不符', en: 'partly read or failing a check' },
  failed: { sign: '✗', zh: '无法读取表格', en: 'no table could be read' },
};

/** A status as its sign; a status that is none of the three is shown as it is. */
export const statusSign = (status: string): string => REPORT_STATUSES[status as ReportStatus]?.sign ?? status;

/** The statuses a table uses, in the order above: a table's legend says each of them in words, once. */
export function statusesUsed(statuses: Iterable<string | null | undefined>): (typeof REPORT_STATUSES)[ReportStatus][] {
  const used = new Set(statuses);
  return (Object.keys(REPORT_STATUSES) as ReportStatus[]).filter((s) => used.has(s)).map((s) => REPORT_STATUSES[s]);
}
