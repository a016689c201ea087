import { describe, expect, it } from 'vitest';
import { parseFile, parseText } from '../fixtures/reports.js';

describe('what the page and the signature say about the report', () => {
  it('reads a crawled page header: 发布时间, an empty 发布机构 stays null', () => {
    const r = parseFile('corpus/raw/fj_pingtan_2019_gwh.txt');
    expect([r.published_on, r.publisher, r.index_no, r.format]).toEqual(['2020-01-20', null, null, 'text']);
  });

  it('reads 发布日期 from a saved HTML page', () => {
    const r = parseFile('corpus/raw/sh_shanghai_2019_szfbgt.html');
    expect([r.published_on, r.format]).toEqual(['2020-01-31', 'html']);
  });

  it('reads an inline header of several fields, each value as written', () => {
    const r = parseText(
      [
        '索引号：11370686MB28XXXX/2024-00012 发布机构：栖霞市商务局 发布日期：2024年1月18日 有效性：有效',
        '栖霞市商务局2023年政府信息公开工作年度报告',
        '本报告所列数据的统计期限自2023年1月1日起至2023年12月31日止。',
        '六、其他需要报告的事项',
        '无。',
        '栖霞市商务局',
        '2024年1月15日',
      ].join('\n'),
    );
    expect([r.index_no, r.publisher, r.published_on, r.signed_on]).toEqual([
      '11370686MB28XXXX/2024-00012',
      '栖霞市商务局',
      '2024-01-18',
      '2024-01-15',
    ]);
  });

  it('takes no date from a sentence for the signature, and guesses no impossible date', () => {
    const r = parseText(
      ['发布时间：2024-02-30', '某局2023年政府信息公开工作年度报告', '统计期限截止2023年12月31日。'].join('\n'),
    );
    expect([r.published_on, r.signed_on]).toEqual([null, null]);
  });

  it('takes the signature date, not the printing note after it', () => {
    const r = parseText(
      [
        '某局2020年政府信息公开工作年度报告',
        '六、其他需要报告的事项 无 某局 2021年1月26日 某局办公室 2020年1月26日印发 附件下载',
      ].join('\n'),
    );
    expect(r.signed_on).toBe('2021-01-26');
  });

  it('takes the signature before a distribution note (抄送…。…印发)', () => {
    const r = parseText(
      [
        '某局2021年政府信息公开工作年度报告',
        '本年度没有产生信息公开处理费。 某局 2022年1月7日抄送：驻区纪检监察组。某局办公室 2022年1月8日印发 附件下载',
      ].join('\n'),
    );
    expect(r.signed_on).toBe('2022-01-07');
  });

  it('does not take 办公时间 in the text for the publication time', () => {
    const r = parseText(['某局2023年政府信息公开工作年度报告', '办公时间：2024-01-02 上午', '无。'].join('\n'));
    expect(r.published_on).toBeNull();
  });
});
