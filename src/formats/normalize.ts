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

export function normalize(text: string): string {
  let t = text.normalize('NFKC');
  // Both residues start with a bracket most reports never write: look for it before running the patterns.
  if (t.includes('[')) t = t.replace(RESIDUE, '');
  if (t.includes('(')) t = t.replace(PINYIN_GLOSS, '');
  if (TRADITIONAL_HINT.test(t)) t = toSimplified(t);
  return t;
}

/** Label text as compared: no whitespace or table rules at all. */
export const compact = (s: string): string => s.replace(/[\s|\u200b\ufeff]+/g, '');
