import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readDocument, readDocumentAsync } from '../../src/formats/document.js';
import { MAX_PDF_PAGES } from '../../src/formats/pdf.js';
import { parseReport, parseReportAsync, type ParsedReport } from '../../src/parse/report.js';
import { parseFile, REPORTS } from '../fixtures/reports.js';

const PDF = 'corpus/raw/js_huaian_2024_szf.pdf';

/**
 * A one-page PDF with a correct cross-reference table; `content` is the page's content stream, `extra` objects
 * (numbered from 5) and `trailer` entries are added as given.
 */
function tinyPdf(content: string, extra: string[] = [], trailer = ''): Uint8Array {
  return pdfOf(
    [
      '<< /Type /Catalog /Pages 2 0 R >>',
      '<< /Type /Pages /Kids [3 0 R] /Count 1 >>',
      '<< /Type /Page /Parent 2 0 R /MediaBox [0 0 200 200] /Contents 4 0 R /Resources << >> >>',
      `<< /Length ${content.length} >>\nstream\n${content}\nendstream`,
      ...extra,
    ],
    trailer,
  );
}

/** Objects (numbered from 1, the catalog first) → a PDF with a correct cross-reference table. */
function pdfOf(objects: string[], trailer = ''): Uint8Array {
  let body = '%PDF-1.4\n';
  const offsets: number[] = [];
  objects.forEach((o, i) => {
    offsets.push(body.length);
    body += `${i + 1} 0 obj\n${o}\nendobj\n`;
  });
  const xref = body.length;
  body += `xref\n0 ${objects.length + 1}\n0000000000 65535 f \n`;
  for (const o of offsets) body += `${String(o).padStart(10, '0')} 00000 n \n`;
  body += `trailer\n<< /Size ${objects.length + 1} /Root 1 0 R ${trailer}>>\nstartxref\n${xref}\n%%EOF\n`;
  return new TextEncoder().encode(body);
}

/** A PDF of many one-line pages in a standard font, with a correct cross-reference table. */
function pagedPdf(pages: number): Uint8Array {
  const objects = [
    '<< /Type /Catalog /Pages 2 0 R >>',
    `<< /Type /Pages /Kids [${Array.from({ length: pages }, (_, i) => `${4 + 2 * i} 0 R`).join(' ')}] /Count ${pages} >>`,
    '<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>',
  ];
  for (let p = 1; p <= pages; p++) {
    const content = `BT /F1 12 Tf 20 100 Td (Annual report page ${p}) Tj ET`;
    objects.push(
      `<< /Type /Page /Parent 2 0 R /MediaBox [0 0 200 200] /Contents ${5 + 2 * (p - 1)} 0 R /Resources << /Font << /F1 3 0 R >> >> >>`,
      `<< /Length ${content.length} >>\nstream\n${content}\nendstream`,
    );
  }
  return pdfOf(objects);
}

const tableCells = (r: ParsedReport) =>
  Object.fromEntries(Object.entries(r.cells).filter(([k]) => /^t[234]\./.test(k)));

describe('PDF with a text layer: 淮安 2024', async () => {
  const bytes = readFileSync(join(REPORTS, PDF));
  const r = await parseReportAsync(PDF, bytes);
  const layout = parseFile('corpus/raw/js_huaian_2024_szf.pdf.layout.txt');

  it('reads as ok, with title, year and agency', () => {
    expect(r.format).toBe('pdf');
    expect(r.status).toBe('ok');
    expect(r.problems).toEqual([]);
    expect(r.year).toBe(2024);
    expect(r.agency).toBe('淮安市人民政府');
    expect(r.region_code).toBe('320800');
  });

  it('gives every cell of 表二/三/四 equal to the -layout text', () => {
    const cells = tableCells(r);
    expect(Object.keys(cells).length).toBeGreaterThan(150);
    expect(cells).toEqual(tableCells(layout));
    expect(r.cell_states).toEqual(layout.cell_states);
    expect(r.cells['t3.new_received.total']).toBe(3119);
  });

  it('rebuilds rows and cells from positions and the ruled cells, and drops the page numbers', async () => {
    const doc = await readDocumentAsync(bytes);
    const rows = doc.lines.map((l) => l.cells);
    expect(rows).toContainEqual(['一、本年新收政府信息公开申请数量', '3001', '53', '0', '0', '61', '4', '3119']);
    // A label wrapped over two lines inside its ruled cell stays one cell, on the row of its numbers.
    expect(rows).toContainEqual([
      '(二)部分公开(区分处理的,只计这一情形,不计其他情形)',
      '447',
      '7',
      '0',
      '0',
      '0',
      '0',
      '454',
    ]);
    // A cell spanning rows comes first in the row it starts (as in HTML).
    expect(rows).toContainEqual(['三、本年度办理结果', '(一)予以公开', '1288', '21', '0', '0', '50', '3', '1362']);
    expect(rows).toContainEqual(['72', '64', '178', '37', '351', '13', '4', '8', '1', '26', '12', '1', '1', '6', '20']);
    expect(rows.flat().some((c) => /^-\s*\d+\s*-$/.test(c))).toBe(false);
    // A stable running row number, increasing through the pages.
    const numbers = doc.lines.map((l) => l.line);
    expect(numbers).toEqual([...numbers].sort((a, b) => a - b));
    expect(new Set(numbers).size).toBe(numbers.length);
    expect(doc.lines.every((l) => l.delimited)).toBe(true);
  });

  it('the synchronous reader refuses a PDF with a reason rather than reading it as text', () => {
    expect(() => readDocument(bytes)).toThrow(/readDocumentAsync/);
    const sync = parseReport(PDF, bytes);
    expect(sync.status).toBe('failed');
    expect(sync.problems.join('; ')).toMatch(/PDF/);
  });
});

describe('PDFs that cannot be read', () => {
  it('a PDF with no text layer (scanned) fails with that reason', async () => {
    const r = await parseReportAsync('scan.pdf', tinyPdf('0 0 1 rg 10 10 100 100 re f'));
    expect(r.status).toBe('failed');
    expect(r.format).toBe('pdf-scan');
    expect(r.problems).toEqual(['scanned PDF: no text layer']);
  });

  it('an encrypted PDF (a user password is set) fails with that reason', async () => {
    // Standard security handler, RC4 40-bit: a /U entry that the empty password does not produce.
    const hex = (n: number) => `<${'5a'.repeat(n)}>`;
    const encrypt = `<< /Filter /Standard /V 1 /R 2 /Length 40 /P -44 /O ${hex(32)} /U ${hex(32)} >>`;
    const r = await parseReportAsync(
      'locked.pdf',
      tinyPdf('BT ET', [encrypt], `/Encrypt 5 0 R /ID [${hex(16)} ${hex(16)}] `),
    );
    expect(r.status).toBe('failed');
    expect(r.problems).toEqual(['encrypted PDF: a password is needed to read it']);
  });

  it('garbage after %PDF- fails with a reason, not a crash', async () => {
    const bytes = new Uint8Array([
      ...new TextEncoder().encode('%PDF-1.7\n'),
      ...Array.from({ length: 4096 }, (_, i) => (i * 131 + 7) % 256),
    ]);
    const r = await parseReportAsync('garbage.pdf', bytes);
    expect(r.status).toBe('failed');
    expect(r.problems).toHaveLength(1);
    expect(r.problems[0]).toMatch(/PDF/);
  });

  it('a 500-page PDF is read up to the page limit and says so', async () => {
    const doc = await readDocumentAsync(pagedPdf(500));
    expect(doc.lines.length).toBe(MAX_PDF_PAGES);
    expect(doc.lines.at(-1)!.cells).toEqual([`Annual report page ${MAX_PDF_PAGES}`]);
    const r = await parseReportAsync('long.pdf', pagedPdf(500));
    expect(r.status).toBe('failed');
    expect(r.problems).toContain(`PDF has 500 pages: only the first ${MAX_PDF_PAGES} were read`);
  });

  it('a truncated PDF fails with a reason', async () => {
    const bytes = readFileSync(join(REPORTS, PDF)).subarray(0, 2000);
    const r = await parseReportAsync('truncated.pdf', bytes);
    expect(r.status).toBe('failed');
    expect(r.problems.join('; ')).toMatch(/PDF/);
  });
});
