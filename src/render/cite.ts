/**
 * The "cite this" box of a chart or a body page: GB/T 7714 and APA, written at build time and again in the
 * browser (src/client/cite.ts) with the page's own address and the reader's date.
 */
import { apa, gbt7714, type Citation } from '../domain/citation';
import { escapeHtml } from '../domain/format';
import { t } from './bilingual';

/** What a page knows of a citation; the permalink is resolved against the page's address in the browser. */
export type CiteInput = Omit<Citation, 'permalink' | 'accessed' | 'version'> & {
  /** A path under the site's base (`region/350128/#chart-requests`), or an absolute URL. */
  path: string;
};

export const citeTexts = (c: Citation): { gbt: string; apa: string } => ({ gbt: gbt7714(c), apa: apa(c) });

/** The inside of the box: both styles, each in a copyable block. */
export function citeBodyHtml(c: Citation): string {
  const { gbt, apa: apaText } = citeTexts(c);
  return (
    `<p class="mt-1"><span class="font-semibold">GB/T 7714</span> <span data-style="gbt" class="select-all">${escapeHtml(gbt)}</span></p>` +
    `<p class="mt-1"><span class="font-semibold">APA</span> <span data-style="apa" class="select-all" lang="en">${escapeHtml(apaText)}</span></p>`
  );
}

/**
 * The whole box; `data-cite` keeps what the browser needs to write it again. Without `c` the box is left for
 * the browser to fill (body pages, whose every byte counts at national scale and whose tables need JavaScript).
 */
export function citeHtml(input: CiteInput, c: Citation | null): string {
  return (
    `<details class="cite" data-cite="${escapeHtml(JSON.stringify(input))}">` +
    `<summary>${t('引用', 'Cite this')}</summary>` +
    `<div class="cite-body">${c ? citeBodyHtml(c) : ''}</div></details>`
  );
}
