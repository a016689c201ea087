/**
 * What an annual information-disclosure report (政府信息公开工作年度报告) is called: the parser finds the title
 * in a report's text with these words, and the collector tells a report's link on a list page by them.
 */

/** A line that may be such a title: …年度报告, …年报告, 信息公开(工作)报告, 政务公开(工作)报告. */
export const REPORT_HEADING = /(?:工作)?年度?报告|(?:信息公开|政务公开)(?:工作)?报告/;
/** The title's ending after the agency and year, for taking the agency out of a title. */
export const REPORT_SUFFIX = /(?:的)?(?:政府信息公开|政务公开|信息公开)?(?:工作)?(?:年度)?(?:报告|年报)$/;

/** The subject: disclosure, in any of the names bodies give it. */
const DISCLOSURE = /信息公开|政务公开/;
/** The kind: an annual report (年度报告, 年报, 年度工作报告; 工作报告 after the subject). */
const ANNUAL = /年度?报告|年报|(?:信息公开|政务公开)(?:工作)?报告/;
/**
 * Look-alikes in the same columns: plans, key tasks, self-inspections, notices about compiling the reports,
 * explanations and assessments of them, templates, statistics.
 */
const NOT_A_REPORT =
  /要点|自查|方案|计划|通知|解读|图解|评估|考核|测评|第三方|整改|督查|模板|格式|统计表|征集|意见|指引|指南|培训|答记者问/;

/** Whether a title (a link's text, a page's heading) names an annual disclosure report and nothing else. */
export function isAnnualReportTitle(title: string): boolean {
  const t = title.replace(/\s+/g, '');
  return DISCLOSURE.test(t) && ANNUAL.test(t) && !NOT_A_REPORT.test(t);
}
