import { describe, expect, it } from 'vitest';
import { underPrefix } from '../../src/site/data.js';

describe('the agencies of a region, found by halving', () => {
  it('agrees with a pass over every agency, for every prefix, with unplaced bodies last', () => {
    const codes = ['110101', '110102', '110102', '110200', '120101', '320100', '320102', '320102', '320583', '350128'];
    const list = [...codes.map((region_code, i) => ({ id: `b${i}`, region_code })), { id: 'x', region_code: null }];
    const prefixes = ['11', '1101', '110102', '12', '13', '32', '3201', '320583', '35', '350128', '65', '1', '3'];
    for (const prefix of prefixes)
      expect(underPrefix(list, prefix), prefix).toEqual(list.filter((a) => a.region_code?.startsWith(prefix)));
    expect(underPrefix(list, '32').map((a) => a.id)).toEqual(['b5', 'b6', 'b7', 'b8']);
  });
});
