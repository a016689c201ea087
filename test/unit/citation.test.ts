import { describe, expect, it } from 'vitest';
import { apa, dataVersionText, gbt7714, yearSpan, type Citation } from '../../src/domain/citation';

const cite = (over: Partial<Citation> = {}): Citation => ({
  title: '平潭综合实验区：依申请公开',
  body: '平潭综合实验区',
  years: { from: 2019, to: 2024 },
  permalink: 'https://example.org/region/350128/#chart-requests',
  version: { date: '2025-03-31', parser: '1.0.0', hash: 'b7c236ed403a69ba' },
  accessed: '2026-12-06',
  ...over,
});

describe('citation', () => {
  it('writes GB/T 7714 with author, [DB/OL], publisher, year, access date, URL and data version', () => {
    expect(gbt7714(cite())).toBe(
      '平潭综合实验区. 平潭综合实验区：依申请公开（2019–2024）[DB/OL]. 公开 Gongkai, 2025[2026-12-06]. https://example.org/region/350128/#chart-requests. 数据版本: 2025-03-31 · parser 1.0.0 · b7c236ed403a69ba.',
    );
  });

  it('writes APA 7 as a data set with its version', () => {
    expect(apa(cite())).toBe(
      '平潭综合实验区. (2025). 平潭综合实验区：依申请公开, 2019–2024 (Data version 2025-03-31 · parser 1.0.0 · b7c236ed403a69ba) [Data set]. Gongkai. https://example.org/region/350128/#chart-requests',
    );
  });

  it('writes a single year once and no years when there are none', () => {
    expect(gbt7714(cite({ years: { from: 2023, to: 2023 } }))).toContain('（2023）[DB/OL]');
    expect(apa(cite({ years: null }))).toContain('依申请公开 (Data version');
    expect(gbt7714(cite({ years: null }))).toContain('依申请公开[DB/OL]');
  });

  it('does not double a title’s own full stop', () => {
    expect(gbt7714(cite({ body: '某局。', years: null }))).toMatch(/^某局\. /);
  });

  it('carries the permalink and the data version in both styles', () => {
    const c = cite({
      permalink: 'https://x.test/agency/350128-caizhengju/',
      version: { date: '2024-01-02', parser: '2.1.0', hash: 'abc' },
    });
    for (const text of [gbt7714(c), apa(c)]) {
      expect(text).toContain(c.permalink);
      expect(text).toContain(dataVersionText(c.version));
      expect(text).toContain('2024');
    }
  });

  it('spans the years it is given, in any order', () => {
    expect(yearSpan([2022, 2019, 2024])).toEqual({ from: 2019, to: 2024 });
    expect(yearSpan([])).toBeNull();
  });
});
