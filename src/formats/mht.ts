/**
 * Saved web pages in MHTML (`.mht`, `.mhtml`: what browsers write for "save as single file"): the page's HTML
 * part taken out of the MIME container and decoded (quoted-printable or base64, in the charset it declares),
 * then read like any other HTML page.
 */
import iconv from 'iconv-lite';
import libmime from 'libmime';
import libqp from 'libqp';
import { msg } from '../domain/messages.js';
import { decode, UndecodableError, type Decoded } from './decode.js';

const HEAD_BYTES = 8192;
const BLANK_LINE = /\r?\n\r?\n/;

/** A MIME document whose top-level type is multipart/related: told from its first headers, not the file name. */
export function looksLikeMht(bytes: Uint8Array): boolean {
  const head = Buffer.from(bytes.buffer, bytes.byteOffset, Math.min(bytes.byteLength, HEAD_BYTES)).toString('latin1');
  const headers = head.split(BLANK_LINE)[0];
  return /^MIME-Version\s*:/im.test(headers) && /^Content-Type\s*:\s*multipart\/related/im.test(headers);
}

const headersOf = (block: string) => libmime.decodeHeaders(block);
const first = (headers: Record<string, unknown[]>, name: string): string => String(headers[name]?.[0] ?? '');

/** The HTML of the page, decoded. Throws UndecodableError when the container holds none. */
export function mhtToHtml(bytes: Uint8Array): Decoded {
  const raw = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('latin1');
  const top = raw.split(BLANK_LINE)[0];
  const boundary = libmime.parseHeaderValue(first(headersOf(top), 'content-type')).params.boundary;
  if (!boundary) throw new UndecodableError(msg('mht.no_boundary'));
  for (const part of raw.split(`--${boundary}`).slice(1)) {
    const split = part.search(BLANK_LINE);
    if (split < 0) continue;
    const headers = headersOf(part.slice(0, split).trim());
    const type = libmime.parseHeaderValue(first(headers, 'content-type'));
    if (type.value.toLowerCase() !== 'text/html') continue;
    const body = part.slice(split).replace(BLANK_LINE, '');
    const transfer = first(headers, 'content-transfer-encoding').trim().toLowerCase();
    const content =
      transfer === 'quoted-printable'
        ? libqp.decode(body)
        : transfer === 'base64'
          ? Buffer.from(body, 'base64')
          : Buffer.from(body, 'latin1');
    const charset = type.params.charset;
    if (charset && iconv.encodingExists(charset))
      return { text: iconv.decode(content, charset), encoding: charset.toUpperCase() };
    return decode(content);
  }
  throw new UndecodableError(msg('mht.no_html'));
}
