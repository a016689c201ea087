import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
  MESSAGES,
  PARAM_KINDS,
  checkDetail,
  checkDetailParts,
  codeTitle,
  messagesFromColumn,
  messagesToColumn,
  msg,
  renderMessage,
  renderMessageHtml,
  rowRef,
  type Message,
  type MessageCode,
} from '../../src/domain/messages.js';
import { listInputs } from '../../src/pipeline/corpus.js';
import { parseFile } from '../../src/pipeline/parse-file.js';
import { identitiesOf } from '../../src/domain/template.js';

/** A value of each parameter kind, as the parser would record it. */
const SAMPLE: Record<string, unknown> = {
  n: 3,
  text: '鼓楼区 350102, 鼓楼区 320106',
  detail: 'HTTP 404',
  bool: true,
  table: 't3',
  row: rowRef('2021', 't3', 'granted'),
  rows: [rowRef('2021', 't3', 'granted'), rowRef('2019', 't2', 'normative_docs')],
  cells: ['t3.granted.total', 't4.review.upheld'],
  columns: ['other_org', 'legal_service'],
  identity: 't3.balance.total',
  untestable: [{ id: 't3.results.total', count: 2, states: ['ambiguous', 'missing'] }, { id: 't4.review' }],
  alternatives: ['1|2|3', '2|1|3'],
};
const sample = (code: MessageCode): Message =>
  ({
    code,
    params: Object.fromEntries(Object.entries(PARAM_KINDS(code)).map(([name, kind]) => [name, SAMPLE[kind]])),
  }) as Message;

const CODES = Object.keys(MESSAGES) as MessageCode[];
const CJK = /[\u3400-\u9fff]/;

describe('the message catalogue', () => {
  it.each(CODES)('%s has Chinese and English, and every placeholder is filled', (code) => {
    const d = MESSAGES[code];
    expect(d.zh.trim()).not.toBe('');
    expect(d.en.trim()).not.toBe('');
    expect(d.zh).toMatch(CJK);
    for (const style of ['zh', 'en', 'contract'] as const) {
      const text = renderMessage(sample(code), style);
      expect(text, `${code} ${style}`).not.toMatch(/\{\w+(\|\w+)?\}|\[\[|\]\]/);
      const html = renderMessageHtml(sample(code), style === 'contract' ? 'en' : style);
      expect(html).not.toMatch(/\{\w+(\|\w+)?\}|\[\[/);
    }
    // Every parameter the wording names is declared, and every declared parameter is used in each language.
    for (const tpl of [d.zh, d.en]) {
      const named = [...tpl.matchAll(/\{(\w+)(?:\|\w+)?\}|\[\[(\w+)\|/g)].map((m) => m[1] ?? m[2]);
      expect(new Set(named)).toEqual(new Set(Object.keys(d.params)));
    }
  });

  it('shows template labels in the page language, not keys', () => {
    const m = msg('row.ambiguous', {
      row: rowRef('2021', 't3', 'granted'),
      count: 2,
      of: 7,
      readings: 4,
      shown: ['1|2', '2|1'],
      more: true,
      cells: ['t3.granted.natural_person', 't3.granted.total'],
    });
    const zh = renderMessage(m, 'zh');
    const en = renderMessage(m, 'en');
    expect(zh).toContain('表三 三（一）予以公开');
    expect(zh).toContain('予以公开·自然人');
    expect(zh).not.toMatch(/t3\.granted/);
    expect(en).toContain('Table 3, Granted');
    expect(en).toContain('Granted·Natural persons');
    expect(en).not.toMatch(/t3\.granted|[\u3400-\u9fff]/);
    // The contract keeps the parser's own wording: Chinese row label, cell keys.
    expect(renderMessage(m, 'contract')).toBe(
      '表三 三（一）予以公开: 2 of 7 cells ambiguous (4 readings fit the identities: 1|2 or 2|1 …); left null: t3.granted.natural_person, t3.granted.total',
    );
    const fails = msg('checks.fails', { identity: 't3.balance.total', sums: '1+2 = 3; 4 = 4', blanks: 0 });
    const id = identitiesOf('2021').find((i) => i.id === 't3.balance.total')!;
    expect(renderMessage(fails, 'zh')).toContain(id.zh);
    expect(renderMessage(fails, 'en')).toContain(id.en);
    expect(renderMessage(fails, 'contract')).toBe('identity fails: t3.balance.total: 1+2 = 3; 4 = 4');
  });

  it('marks quoted details as code and escapes them', () => {
    const html = renderMessageHtml(msg('pdf.corrupt', { detail: '<bad> header' }), 'zh');
    expect(html).toBe('PDF 文件已损坏：<code>&lt;bad&gt; header</code>');
  });

  it('round-trips check details and the dataset column', () => {
    const detail = checkDetail('1+· = 1; 1 = 1', 1);
    expect(detail).toBe('1+· = 1; 1 = 1 (1 blank cell(s) counted as 0)');
    expect(checkDetailParts(detail)).toEqual({ sums: '1+· = 1; 1 = 1', blanks: 1 });
    const ms = [msg('meta.year_from_text', { year: 2023 }), msg('file.empty')];
    expect(messagesFromColumn(messagesToColumn(ms))).toEqual(ms);
    expect(codeTitle('meta.year_from_text', 'zh')).toBe('年度 … 取自正文，而非标题');
  });
});

describe('real reports', () => {
  const inputs = listInputs('data/reports');
  it('every report under data/reports records only catalogued codes, and problems are their contract text', async () => {
    expect(inputs.length).toBeGreaterThan(100);
    const seen = new Set<string>();
    for (const input of inputs) {
      const r = await parseFile(input.path, input.absolute, readFileSync);
      expect(r.messages.length).toBe(r.problems.length);
      r.messages.forEach((m, i) => {
        expect(Object.hasOwn(MESSAGES, m.code), `${input.path}: ${m.code}`).toBe(true);
        expect(renderMessage(m, 'contract')).toBe(r.problems[i]);
        expect(renderMessage(m, 'zh')).not.toMatch(/\{\w+\}/);
        seen.add(m.code);
      });
    }
    // The corpus exercises the parser's main problems, so the check above is not vacuous.
    expect(seen).toContain('row.ambiguous');
    expect(seen).toContain('checks.fails');
  }, 300_000);
});
