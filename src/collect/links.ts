/**
 * The links of a column's pages, and what each leads to: the list's other pages (下一页, page numbers,
 * `index_1.html`, `?page=2`, the `createPageHTML(…)` call of TRS sites that draws its pager in script), a report
 * (told by its title), or, on a report's page, the report's files (an extension, or a download address whose
 * response says what it is).
 */
import { Parser } from 'htmlparser2';
import { isAnnualReportTitle } from '../domain/report-title.js';
import { isChrome } from '../formats/html.js';

export interface Link {
  url: string;
  text: string;
  /** The `title` attribute, where lists keep the whole title of a shortened link text. */
  title: string;
  /** Inside navigation, sidebar or footer. */
  chrome: boolean;
}

const compact = (s: string) => s.replace(/\s+/g, '');

/** Every http(s) link of a page, absolute, without its fragment. */
export function linksOf(html: string, pageUrl: string): Link[] {
  let base = pageUrl;
  const links: Link[] = [];
  const chrome: boolean[] = [];
  let open: { href: string; title: string; text: string; chrome: boolean } | null = null;
  const parser = new Parser(
    {
      onopentag(name, attribs) {
        chrome.push(isChrome(name, attribs));
        if (name === 'base' && attribs.href) base = resolve(attribs.href, pageUrl) ?? base;
        if (name === 'a' && attribs.href)
          open = { href: attribs.href, title: attribs.title ?? '', text: '', chrome: chrome.includes(true) };
      },
      ontext(text) {
        if (open) open.text += text;
      },
      onclosetag(name) {
        chrome.pop();
        if (name !== 'a' || !open) return;
        const url = resolve(open.href, base);
        if (url) links.push({ url, text: compact(open.text), title: compact(open.title), chrome: open.chrome });
        open = null;
      },
    },
    { decodeEntities: true, lowerCaseTags: true },
  );
  parser.write(html);
  parser.end();
  return links;
}

function resolve(href: string, base: string): string | null {
  try {
    const u = new URL(href.trim(), base);
    if (u.protocol !== 'http:' && u.protocol !== 'https:') return null;
    u.hash = '';
    return u.href;
  } catch {
    return null;
  }
}

/** A link's title: the `title` attribute when the text is shortened ("…") or says less. */
export const linkTitle = (l: Link): string =>
  l.title.length > l.text.replace(/(?:…|\.{3})$/, '').length ? l.title : l.text;

export const reportLinks = (links: Link[]): Link[] => links.filter((l) => isAnnualReportTitle(linkTitle(l)));

const PAGER_TEXT =
  /^(?:下一?页|下页|上一?页|首页|尾页|末页|最后一页|next|prev|previous|last|first|[<>«»‹›]+|\[?\d{1,4}\]?)$/i;
const PAGER_URL =
  /(?:^|\/)index_\d+\.s?html?$|[?&](?:page|pageno|pageindex|pagenum|curpage|currentpage|pn|p)=\d+(?:&|$)/i;
const PAGER_SCRIPT = /createPageHTML\(\s*(\d+)\s*,\s*\d+\s*,\s*["']([\w-]+)["']\s*,\s*["'](\w+)["']/;

const folderOf = (url: string) => {
  const u = new URL(url);
  return u.origin + u.pathname.replace(/[^/]*$/, '');
};

/** The list's other pages a page links to, in the column's own folder. */
export function pagerLinks(html: string, pageUrl: string, links: Link[]): string[] {
  const folder = folderOf(pageUrl);
  const pages = links
    .filter((l) => folderOf(l.url) === folder && l.url !== pageUrl)
    .filter((l) => PAGER_TEXT.test(l.text) || PAGER_URL.test(new URL(l.url).pathname + new URL(l.url).search))
    .map((l) => l.url);
  // TRS writes `createPageHTML(pages, current, "index", "html")`: pages index.html, index_1.html, …
  const m = html.match(PAGER_SCRIPT);
  if (m)
    for (let i = 0; i < Math.min(Number(m[1]), 1000); i++)
      pages.push(new URL(i === 0 ? `${m[2]}.${m[3]}` : `${m[2]}_${i}.${m[3]}`, folder).href);
  return [...new Set(pages.map(pageKey))].filter((u) => u !== pageKey(pageUrl));
}

/** A column's folder and its index.html are one page. */
export const pageKey = (url: string): string => url.replace(/\/(?:index|default)\.s?html?$/, '/');

const FILE_EXT = /\.(pdf|docx?|wps|xlsx?|et|zip|rar|7z|ofd)$/i;
const DOWNLOAD_URL = /download|downfile|filedown|down\.|attach|fujian|getfile|file\.jsp|showfile/i;

/** Whether a URL names a file by its extension (a report linked straight from a list). */
export const isFileUrl = (url: string): boolean => FILE_EXT.test(new URL(url).pathname);

/** Links on a report's page that may be its files; a download address counts only if its response is a file. */
export const fileLinks = (links: Link[]): Link[] =>
  links.filter(
    (l) =>
      !l.chrome &&
      (isFileUrl(l.url) ||
        DOWNLOAD_URL.test(new URL(l.url).pathname + new URL(l.url).search) ||
        FILE_EXT.test(l.text) ||
        /附件|下载/.test(l.text)),
  );
