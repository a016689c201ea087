/**
 * GB/T 2260 division codes and their levels. A code's digits say where it sits: `PP0000` a province, `PPCC00` a
 * prefecture, anything else a county. Every place that needs a level, a parent or a code prefix asks here.
 */

export type Level = 'province' | 'city' | 'county';

export const isDivisionCode = (code: string): boolean => /^\d{6}$/.test(code);

export const levelOf = (code: string): Level =>
  code.endsWith('0000') ? 'province' : code.endsWith('00') ? 'city' : 'county';

/** 1 for a province, 2 for a prefecture, 3 for a county. */
export const depthOf = (code: string): 1 | 2 | 3 => (code.endsWith('0000') ? 1 : code.endsWith('00') ? 2 : 3);

/** The province, prefecture and county codes a division belongs to (null where it stands above that level). */
export const levelCodes = (
  code: string | null,
): { province: string | null; city: string | null; county: string | null } => {
  if (!code) return { province: null, city: null, county: null };
  return {
    province: `${code.slice(0, 2)}0000`,
    city: code.slice(2, 4) !== '00' ? `${code.slice(0, 4)}00` : null,
    county: code.slice(4, 6) !== '00' ? code : null,
  };
};

/** The 6-digit codes of a division's ancestors, itself included. */
export const chainOf = (code: string): string[] =>
  [`${code.slice(0, 2)}0000`, `${code.slice(0, 4)}00`, code].filter((c, i, a) => a.indexOf(c) === i);

/** The significant digits of a code: every code below the division starts with them. */
export const prefixOf = (code: string): string => code.slice(0, 2 * depthOf(code));

/** The dataset column that holds a division's code at its level (`province_code`, `city_code`, `county_code`). */
export const levelColumn = (code: string): `${Level}_code` => `${levelOf(code)}_code`;
