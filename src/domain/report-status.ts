/** A report's parse status as readers see it: a sign (never colour alone) and its words in both languages. */
import type { ReportStatus } from './view-state.js';

export const REPORT_STATUSES: Record<ReportStatus, { sign: string; zh: string; en: string }> = {
  ok: { sign: '✓', zh: '全部勾稽关系成立', en: 'every check passes' },
  partial: { sign: '△', zh: '部分读取或勾稽不符', en: 'partly read or failing a check' },
  failed: { sign: '✗', zh: '无法读取表格', en: 'no table could be read' },
};
