/**
 * Bytes → a document: the report's text as lines of cells, whatever form it came in. This is the one door the
 * parser reads through; a new format (PDF, Word, a saved page) is a reader added here, told by its content.
 */
import { decode } from './decode.js';
import { htmlToLines, looksLikeHtml } from './html.js';
import { textToLines, type Line } from './lines.js';
import { looksLikeMht, mhtToHtml } from './mht.js';
import { normalize } from './normalize.js';

export type { Line } from './lines.js';

export type DocumentFormat = 'html' | 'mht' | 'text';

export interface Document {
  /** Lines of cells in reading order, each with its line in the source for provenance. */
  lines: Line[];
  /** The text encoding the bytes were decoded from. */
  encoding: string;
  format: DocumentFormat;
}

/** Throws UndecodableError (from decode.ts) for bytes that are not a text or HTML report. */
export function readDocument(bytes: Uint8Array): Document {
  if (looksLikeMht(bytes)) {
    const { text, encoding } = mhtToHtml(bytes);
    return { lines: htmlToLines(normalize(text)), encoding, format: 'mht' };
  }
  const { text: raw, encoding } = decode(bytes);
  const text = normalize(raw);
  const format: DocumentFormat = looksLikeHtml(text) ? 'html' : 'text';
  return { lines: format === 'html' ? htmlToLines(text) : textToLines(text), encoding, format };
}
