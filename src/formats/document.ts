/**
 * Bytes → a document: the report's text as lines of cells, whatever form it came in. This is the one door the
 * parser reads through; a new format (PDF, Word, a saved page) is a reader added here, told by its content.
 */
import { decode, UndecodableError } from './decode.js';
import { htmlToLines, looksLikeHtml } from './html.js';
import { textToLines, type Line } from './lines.js';
import { looksLikeMht, mhtToHtml } from './mht.js';
import { normalize } from './normalize.js';
import { isOffice, readOffice } from './office.js';
import { isPdf, pdfToLines } from './pdf.js';

export type { Line } from './lines.js';

export type DocumentFormat = 'html' | 'mht' | 'text' | 'pdf' | 'docx' | 'xlsx' | 'doc';

export interface Document {
  /** Lines of cells in reading order, each with its line in the source for provenance. */
  lines: Line[];
  /** The text encoding the bytes were decoded from. */
  encoding: string;
  format: DocumentFormat;
}

/**
 * Synchronous reader for text, HTML, saved pages, Word and Excel. Throws UndecodableError (from decode.ts) for
 * bytes that are none of these, and for a PDF: PDF is read asynchronously, by `readDocumentAsync`.
 */
export function readDocument(bytes: Uint8Array): Document {
  if (isPdf(bytes)) throw new UndecodableError('PDF: read with readDocumentAsync (the PDF reader is asynchronous)');
  if (isOffice(bytes)) return { ...readOffice(bytes), encoding: 'UTF-8' };
  if (looksLikeMht(bytes)) {
    const { text, encoding } = mhtToHtml(bytes);
    return { lines: htmlToLines(normalize(text)), encoding, format: 'mht' };
  }
  const { text: raw, encoding } = decode(bytes);
  const text = normalize(raw);
  const format: DocumentFormat = looksLikeHtml(text) ? 'html' : 'text';
  return { lines: format === 'html' ? htmlToLines(text) : textToLines(text), encoding, format };
}

/** Any format: PDF (by its `%PDF-` magic) through the asynchronous PDF reader, everything else as `readDocument`. */
export async function readDocumentAsync(bytes: Uint8Array): Promise<Document> {
  if (!isPdf(bytes)) return readDocument(bytes);
  return { lines: await pdfToLines(bytes), encoding: 'PDF', format: 'pdf' };
}
