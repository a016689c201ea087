import { describe, expect, it } from 'vitest';
import { renderMessage } from '../../src/domain/messages.js';
import { openingBody, resolveRegion } from '../../src/parse/region.js';
import { kindOf, Registry, registryCsv, type Body } from '../../src/pipeline/registry.js';
import { parseText } from '../fixtures/reports.js';

const cues = (c: Partial<Parameters<typeof resolveRegion>[0]>) =>
  resolveRegion({ agency: null, signedBy: null, publisher: null, opening: null, body: '', ...c });

describe('the region of a report, from the cues that name the body', () => {
  it('a functional zone is filed under the division that administers it, marked as a zone', () => {
    expect(cues({ agency: '平潭综合实验区交通与建设局' })).toMatchObject({
      code: '350128',
      source: 'agency',
      zone: '平潭综合实验区',
    });
  });

  it('a former division is filed under today’s code, with the code as written kept', () => {
    // 莱芜市 (371200) was merged into 济南市 in 2019 (国函〔2019〕4号).
    expect(cues({ agency: '山东省莱芜市商务局' })).toMatchObject({ code: '370100', asWritten: '371200' });
    expect(cues({ agency: '莱城区人民政府' })).toMatchObject({ code: '370116', asWritten: '371202' });
    // A name still in use is today's division, not a former one.
    expect(cues({ agency: '钢城区商务局' })).toMatchObject({ code: '370117' });
    expect(cues({ agency: '钢城区商务局' }).asWritten).toBeUndefined();
    const r = parseText('莱芜市商务局2018年政府信息公开工作年度报告\n一、总体情况');
    expect([r.region_code, r.region_code_as_written]).toEqual(['370100', '371200']);
  });

  it('a place the narrative mentions is never the region; a name with no place stays null', () => {
    const r = cues({ agency: '区商务局', body: '2023年，我局组织干部前往福安市调研学习政务公开工作。' });
    expect(r.code).toBeNull();
    expect(r.problem?.code).toBe('region.none');
    expect(renderMessage(r.problem!, 'contract')).toMatch(/names no division/);
    expect(renderMessage(r.problem!, 'zh')).toContain('区商务局');
  });

  it('the signature places a report whose title names no place', () => {
    expect(cues({ agency: '区商务局', signedBy: '凤泉区商务局' })).toMatchObject({
      code: '410704',
      source: 'signature',
    });
  });

  it('a title and a signature that name places apart leave the region null and say why', () => {
    const r = cues({ agency: '栖霞市商务局', signedBy: '五常市商务局' });
    expect(r.code).toBeNull();
    expect(r.problem?.code).toBe('region.conflict');
    expect(renderMessage(r.problem!, 'contract')).toMatch(/title names 栖霞市.*signature 五常市/);
  });

  it('a report without a title is placed by the body its first sentence names, not by other places', () => {
    const text =
      '一、总体情况\n2022年，抚远市自然资源局不断强化信息报送工作，按照《黑龙江省人民政府办公厅关于…》要求。';
    expect(openingBody(text)).toBe('抚远市自然资源局');
    expect(openingBody('一、总体情况\n根据《湖北省人民政府办公厅关于做好2020年…》要求，我局…')).toBeNull();
  });

  it('the parser reads the signature and uses it', () => {
    const r = parseText(
      [
        '区商务局2023年政府信息公开工作年度报告',
        '一、总体情况',
        '2023年，我局组织干部前往福安市调研学习。',
        '六、其他需要报告的事项',
        '本机关无其他需要报告的事项。',
        '凤泉区商务局',
        '2024年1月20日',
      ].join('\n'),
    );
    expect(r.signed_by).toBe('凤泉区商务局');
    expect(r.signed_on).toBe('2024-01-20');
    expect(r.region_code).toBe('410704');
  });
});

describe('the agency registry', () => {
  const entry = (id: string, name: string, region: string, variants: string[] = []): Body => ({
    id,
    name,
    variants,
    region_code: region,
    level: 'county',
    kind: kindOf(name),
    parent: null,
    first_year: null,
    last_year: null,
    note: '',
    proposed: false,
  });

  it('a renamed body keeps its id: every name it was written under resolves to it', () => {
    const reg = new Registry([
      entry('350128-touzicujinju', '平潭综合实验区投资促进局', '350128', ['平潭综合实验区国有资产管理局']),
    ]);
    expect(reg.resolve('平潭综合实验区国有资产管理局', '350128')?.id).toBe('350128-touzicujinju');
    expect(reg.resolve('平潭综合实验区投资促进局', '350128')?.id).toBe('350128-touzicujinju');
    expect(reg.resolve('平潭综合实验区 投资促进局', '350128')?.id).toBe('350128-touzicujinju');
    expect(reg.proposals).toEqual([]);
  });

  it('the same name in two counties is two bodies, never merged', () => {
    const reg = new Registry([entry('370686-shangwuju', '商务局', '370686')]);
    const other = reg.resolve('商务局', '230184')!;
    expect(other.id).not.toBe('370686-shangwuju');
    expect(other.proposed).toBe(true);
    expect(other.note).toMatch(/same name as 370686-shangwuju in another region/);
    // The proposal is made once and reused for that name and region.
    expect(reg.resolve('商务局', '230184')).toBe(other);
    expect(reg.proposals).toHaveLength(1);
  });

  it('an unseen name becomes a proposal with a readable id, written in the registry’s own columns', () => {
    const reg = new Registry([]);
    const b = reg.resolve('深圳市龙华区重点区域建设推进中心', '440309')!;
    expect(b).toMatchObject({ id: '440309-zhongdianquyujianshetuijinzhongxin', kind: 'department', level: 'county' });
    expect(reg.resolve('旅游与文化体育局', '350128')!.id).toBe('350128-lvyouyuwenhuatiyuju');
    expect(reg.resolve(null, '350128')).toBeNull();
    const csv = registryCsv(reg.proposals).split('\n');
    expect(registryCsv(reg.proposals)).not.toContain('\r');
    expect(csv[0]).toBe('id,name,variants,region_code,level,kind,parent,first_year,last_year,note');
    expect(csv[1]).toContain(
      '440309-zhongdianquyujianshetuijinzhongxin,深圳市龙华区重点区域建设推进中心,,440309,county',
    );
  });

  it('kinds by the end of the name', () => {
    expect(
      [
        '平潭综合实验区管理委员会',
        '淮安市人民政府',
        '渠北镇人民政府',
        '驼峰路街道办事处',
        '苏州工业园区管委会',
        '栖霞市商务局',
      ].map(kindOf),
    ).toEqual(['zone', 'government', 'township', 'township', 'zone', 'department']);
  });
});
