import { Parser } from 'htmlparser2';
import { describe, expect, it } from 'vitest';
import { normalize, normalizeAll } from '../../src/formats/normalize.js';
import { localName, parseXml } from '../../src/formats/xml.js';

/** Every event parseXml gives, as text: `<name a=…>`, `"text"`, `</name>`. */
function events(xml: string, wanted: string[] = []): string[] {
  const out: string[] = [];
  parseXml(xml, {
    open: (name, attr) => out.push(`<${name}${wanted.map((a) => ` ${a}=${attr(a) ?? '∅'}`).join('')}>`),
    text: (data) => out.push(JSON.stringify(data)),
    close: (name) => out.push(`</${name}>`),
  });
  return out;
}

/** The same events from htmlparser2's Parser in XML mode, which the Office readers used before. */
function parserEvents(xml: string, wanted: string[] = []): string[] {
  const out: string[] = [];
  const attr = (attribs: Record<string, string>, name: string) =>
    Object.entries(attribs).find(([k]) => localName(k) === name)?.[1];
  const parser = new Parser(
    {
      onopentag: (name, attribs) =>
        out.push(`<${localName(name)}${wanted.map((a) => ` ${a}=${attr(attribs, a) ?? '∅'}`).join('')}>`),
      ontext: (data) => out.push(JSON.stringify(data)),
      onclosetag: (name) => out.push(`</${localName(name)}>`),
    },
    { xmlMode: true, decodeEntities: true },
  );
  parser.write(xml);
  parser.end();
  return out;
}

/** Adjacent text events joined: the two readers may cut one text in different places. */
const joined = (list: string[]) =>
  list.reduce<string[]>((acc, e) => {
    const last = acc.at(-1);
    if (e.startsWith('"') && last?.startsWith('"'))
      acc[acc.length - 1] = JSON.stringify(JSON.parse(last) + JSON.parse(e));
    else acc.push(e);
    return acc;
  }, []);

describe('Office XML events (formats/xml.ts)', () => {
  it('gives local names, attributes by local name and entity-decoded text and attribute values', () => {
    expect(
      events(
        '<?xml version="1.0"?><w:p><w:gridSpan w:val="3"/><w:t xml:space="preserve">A &amp; B &#x4E00;</w:t><c r="B&lt;2" t="s"/></w:p>',
        ['val', 'r', 'space'],
      ),
    ).toEqual([
      '<p val=∅ r=∅ space=∅>',
      '<gridSpan val=3 r=∅ space=∅>',
      '</gridSpan>',
      '<t val=∅ r=∅ space=preserve>',
      '"A "',
      '"&"',
      '" B "',
      '"一"',
      '</t>',
      '<c val=∅ r=B<2 space=∅>',
      '</c>',
      '</p>',
    ]);
  });

  it('the first of a repeated attribute wins; CDATA is text; comments and instructions are not', () => {
    expect(events('<a x="1" x="2"><!-- no --><![CDATA[1 < 2]]><?pi no?></a>', ['x'])).toEqual([
      '<a x=1>',
      '"1 < 2"',
      '</a>',
    ]);
  });

  it('a damaged part closes what it left open, as htmlparser2 Parser does', () => {
    const damaged = [
      '<w:tbl><w:tr><w:tc><w:p><w:t>1</w:t></w:tr></w:tbl><w:p><w:t>x',
      '<a><b></c></b>text</a></a>',
      '<w:t>unclosed',
      '<a><b><a>inner</a>after</b></a>',
      '<a><b x="1"<c>text</c></a>',
    ];
    for (const xml of damaged) expect(joined(events(xml, ['x']))).toEqual(joined(parserEvents(xml, ['x'])));
  });
});

describe('normalizeAll', () => {
  const texts = [
    '２０２３年 全角数字（一）',
    '區(qū)數(shù)據 traditional 與 gloss',
    'text [bookmark: _Toc1] kept',
    '[note a',
    'b] not across cells',
    '',
    '   ',
    'e\u0301 composed',
    '\u0301 a mark at the start',
    '公开 plain',
  ];

  it('is normalize of each text, residue never taken across two texts', () => {
    expect(normalizeAll(texts)).toEqual(texts.map(normalize));
    expect(normalizeAll(texts)[3]).toBe('[note a');
  });

  it('texts that hold the separator are normalised one by one, and an empty list stays empty', () => {
    const odd = ['a\u0000b', '數'];
    expect(normalizeAll(odd)).toEqual(odd.map(normalize));
    expect(normalizeAll([])).toEqual([]);
  });
});
