/**
 * Text normalisation before anything is located: NFKC (full-width digits, brackets and colons become their
 * ASCII forms), traditional → simplified characters (opencc-js), and removal of residue that is not report
 * text (Word bookmarks, editor annotations, pinyin glosses that some mirror sites insert after characters).
 */
import * as OpenCC from 'opencc-js';

const toSimplified = OpenCC.Converter({ from: 'hk', to: 'cn' });

// A mirror site's converter leaves readings behind a character: 區(qū), 數(shù).
// The class lists combining tone marks on purpose: a gloss may be written with them (ǎ as a + U+030C).
// eslint-disable-next-line no-misleading-character-class
const PINYIN_GLOSS = /(?<=[\u3400-\u9fff])\([a-z\u00e0-\u01dc\u0300-\u036f]{1,7}\)/g;
const RESIDUE = /\[(?:bookmark|source|note)\b[^\]]*\]/gi;
// Only run the converter when the text holds a character that the simplified set does not use; most
// reports are simplified, and conversion is the most expensive step of parsing.
const TRADITIONAL_HINT = /[與來們個這說為會國對時從動報處開關務門問間發條區數機據規範實單總計資應當]/;

// Both residues start with a bracket most reports never write: look for it before running the patterns.
function withoutResidue(text: string): string {
  let t = text;
  if (t.includes('[')) t = t.replace(RESIDUE, '');
  if (t.includes('(')) t = t.replace(PINYIN_GLOSS, '');
  return t;
}

export function normalize(text: string): string {
  const t = withoutResidue(text.normalize('NFKC'));
  return TRADITIONAL_HINT.test(t) ? toSimplified(t) : t;
}

/** Never in report text (XML forbids it): what keeps the texts of `normalizeAll` apart. */
const SEPARATOR = '\u0000';

/**
 * `normalize` of each text, done on all of them at once: an Office file's hundreds of cells cost one pass each
 * of NFKC, the traditional-character test and the converter, not hundreds. Residue is removed text by text, so
 * none is taken across two cells.
 */
export function normalizeAll(texts: string[]): string[] {
  if (texts.length < 2 || texts.some((t) => t.includes(SEPARATOR))) return texts.map(normalize);
  const pieces = texts.join(SEPARATOR).normalize('NFKC').split(SEPARATOR).map(withoutResidue);
  const clean = pieces.join(SEPARATOR);
  if (!TRADITIONAL_HINT.test(clean)) return pieces;
  const simplified = toSimplified(clean).split(SEPARATOR);
  return simplified.length === texts.length ? simplified : pieces.map((p) => normalize(p));
}

const SPACING = /[\s|\u200b\ufeff]/;
const SPACING_RUNS = new RegExp(`${SPACING.source}+`, 'g');
/**
 * Label text as compared: no whitespace or table rules at all. Most texts compacted are tokens, which hold none:
 * looking before replacing spares them a copy.
 */
export const compact = (s: string): string => (SPACING.test(s) ? s.replace(SPACING_RUNS, '') : s);
