/**
 * Bytes → a document: the report's text as lines of cells, whatever form it came in. This is the one door the
 * parser reads through; a new format (PDF, Word, a saved page) is a reader added here, told by its content.
 */
import { msg, type Message } from '../domain/messages.js';
import { decode, UndecodableError } from './decode.js';
import { htmlToLines, looksLikeHtml } from './html.js';
import { textToLines, type Line } from './lines.js';
import { looksLikeMht, mhtToHtml } from './mht.js';
import { normalize } from './normalize.js';
import { isOffice, isOle, isZip, readOffice } from './office.js';
import { isPdf, pdfToLines } from './pdf.js';

export type { Line } from './lines.js';

export type DocumentFormat = 'html' | 'mht' | 'text' | 'pdf' | 'pdf-scan' | 'docx' | 'xlsx' | 'doc' | 'wps' | 'xls';

/** What an unreadable file was, as far as its first bytes tell: a scanned PDF, an archive, an OLE container. */
export type SniffedFormat = DocumentFormat | 'zip' | 'ole';

/** The format of a file no reader could read, told from its magic bytes and the reader's reason, or null. */
export function sniffFormat(bytes: Uint8Array, reason: string): SniffedFormat | null {
  if (isPdf(bytes)) return reason.startsWith('scanned PDF') ? 'pdf-scan' : 'pdf';
  if (looksLikeMht(bytes)) return 'mht';
  if (isZip(bytes)) return 'zip';
  if (isOle(bytes)) return 'ole';
  return null;
}

export interface Document {
  /** Lines of cells in reading order, each with its line in the source for provenance. */
  lines: Line[];
  /** The text encoding the bytes were decoded from. */
  encoding: string;
  format: DocumentFormat;
  /** What the reader left out or could not read (pages past a limit), for the report's problems. */
  notes?: Message[];
  /** Numbers read in doubt (OCR readings that disagree): the report is at best partial. */
  doubtful?: number;
}

/**
 * Synchronous reader for text, HTML, saved pages, Word and Excel. Throws UndecodableError (from decode.ts) for
 * bytes that are none of these, and for a PDF: PDF is read asynchronously, by `readDocumentAsync`.
 */
export function readDocument(bytes: Uint8Array): Document {
  if (isPdf(bytes)) throw new UndecodableError(msg('pdf.async_only'));
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
  const { lines, ocr, notes, doubtful } = await pdfToLines(bytes);
  return { lines, encoding: ocr ? 'OCR' : 'PDF', format: ocr ? 'pdf-scan' : 'pdf', notes, doubtful };
}
