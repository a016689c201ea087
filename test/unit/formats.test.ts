import chardet from 'chardet';
import iconv from 'iconv-lite';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { decode } from '../../src/formats/decode.js';
import { parseReport } from '../../src/parse/report.js';
import { REPORTS } from '../fixtures/reports.js';

const seedText = readFileSync(join(REPORTS, 'seeds/004_a6ef57ba315dc141.txt'), 'utf8');
const reference = parseReport('ref.txt', Buffer.from(seedText, 'utf8'));

describe('encodings', () => {
  it.each([
    ['GBK', iconv.encode(seedText, 'gbk')],
    ['GB18030', iconv.encode(seedText, 'gb18030')],
    ['UTF-16LE with BOM', Buffer.concat([Buffer.from([0xff, 0xfe]), iconv.encode(seedText, 'utf-16le')])],
    ['UTF-16LE without BOM', iconv.encode(seedText, 'utf-16le')],
    ['UTF-16BE with BOM', Buffer.concat([Buffer.from([0xfe, 0xff]), iconv.encode(seedText, 'utf-16be')])],
    ['UTF-8 with BOM', Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(seedText)])],
  ])('%s reads exactly like UTF-8', (_, bytes) => {
    const r = parseReport('x.txt', bytes);
    expect(r.title).toBe(reference.title);
    expect(r.cells).toEqual(reference.cells);
    expect(r.status).toBe('ok');
  });
});

describe('the encoding of text that is not UTF-8', () => {
  // What chardet's full set of recognisers would make of it, mapped the way decode has always mapped it.
  const chardetAnswer = (bytes: Uint8Array) => {
    const guess = (chardet.detect(bytes) ?? '').toUpperCase();
    return /BIG5/.test(guess) ? 'Big5' : /UTF-16LE/.test(guess) ? 'UTF-16LE' : 'GB18030';
  };
  const traditional = '政府資訊公開工作年度報告 本年度收到申請數量 予以公開 部分公開 行政復議 行政訴訟 總計';
  it.each([
    ['a GBK report', iconv.encode(seedText, 'gbk')],
    ['GBK lines', iconv.encode(seedText.slice(0, 300), 'gbk')],
    ['a Big5 report', iconv.encode(traditional.repeat(20), 'big5')],
    ['a short Big5 line', iconv.encode(traditional, 'big5')],
    ['Shift_JIS text', iconv.encode('政府情報公開の年次報告書です。'.repeat(10), 'shift_jis')],
  ])('%s is read as chardet would have it', (_, bytes) => {
    expect(decode(bytes).encoding).toBe(chardetAnswer(bytes));
  });
  it('Big5 is still told apart from GB18030', () => {
    expect(decode(iconv.encode(traditional.repeat(20), 'big5')).encoding).toBe('Big5');
    expect(decode(iconv.encode(seedText, 'gbk')).encoding).toBe('GB18030');
  });
});

describe('input that is not a report', () => {
  it('an empty file is failed with a reason', () => {
    const r = parseReport('empty.txt', new Uint8Array());
    expect([r.status, r.problems]).toEqual(['failed', ['empty file']]);
  });
  it('a binary file is failed with a reason', () => {
    const bytes = Uint8Array.from({ length: 4096 }, (_, i) => (i * 7919) % 256);
    const r = parseReport('image.png', bytes);
    expect(r.status).toBe('failed');
    expect(r.problems.join(' ')).toMatch(/binary/);
  });
  it('text without tables is failed, and says no table could be read', () => {
    const r = parseReport(
      'note.txt',
      Buffer.from('某某局2024年政府信息公开工作年度报告\n一、总体情况\n本年度工作顺利。\n'),
    );
    expect(r.status).toBe('failed');
    expect(r.problems).toContain('no table could be read');
    expect(r.year).toBe(2024);
  });
});

/** Seed 004's tables rewritten in another syntax: the same cells must come out. */
function tableRowsOf(text: string): string[][] {
  return text.split('\n').map((l) => l.split('\t').map((c) => c.trim()));
}

describe('other syntaxes of the same report', () => {
  // Collapse the one-cell-per-line seed into rows: a label line followed by its numbers.
  const rows: string[][] = [];
  for (const cells of tableRowsOf(seedText)) {
    const text = cells.filter(Boolean).join(' ');
    if (!text) continue;
    if (/^-?\d+(\.\d+)?$/.test(text) && rows.length) rows[rows.length - 1].push(text);
    else rows.push([text]);
  }

  it('Markdown pipe tables', () => {
    const md = rows.map((r) => (r.length > 1 ? `| ${r.join(' | ')} |` : r[0])).join('\n');
    const r = parseReport('x.md', Buffer.from(md));
    expect(r.cells).toEqual(reference.cells);
    expect(r.status).toBe('ok');
  });

  it('plain HTML with tables, scripts, event handlers and javascript: links', () => {
    const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;');
    const body = rows
      .map((r) =>
        r.length > 1
          ? `<table><tr>${r.map((c) => `<td onclick="alert(1)">${esc(c)}</td>`).join('')}</tr></table>`
          : `<p><a href="javascript:alert(2)">${esc(r[0])}</a></p>`,
      )
      .join('\n');
    const html = `<!doctype html><html><head><title>t</title><script>var x = "第二十条 999";</script></head><body>${body}<script>document.write('本年新收 77')</script></body></html>`;
    const r = parseReport('x.html', Buffer.from(html));
    expect(r.format).toBe('html');
    expect(r.cells).toEqual(reference.cells);
    expect(JSON.stringify(r)).not.toContain('alert');
    expect(JSON.stringify(r)).not.toContain('999');
  });

  it('full-width digits and thousands separators read as numbers', () => {
    const row = '\t行政规范性文件\n\t0\n\t0\n\t3';
    expect(seedText).toContain(row);
    const thousands = parseReport('x.txt', Buffer.from(seedText.replace(row, '\t行政规范性文件\n\t0\n\t0\n\t1,003')));
    expect(thousands.cells['t2.normative_docs.in_force']).toBe(1003);
    const fullWidth = parseReport('y.txt', Buffer.from(seedText.replace(row, '\t行政规范性文件\n\t０\n\t0\n\t１２')));
    expect(fullWidth.cells['t2.normative_docs.in_force']).toBe(12);
    expect(fullWidth.cells['t2.normative_docs.issued']).toBe(0);
  });
});
