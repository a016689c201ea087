/**
 * Cite boxes (src/render/cite.ts) written again with the page's own address — the build may not know the
 * site's public origin — and the reader's date as the access date. The data version comes from the page's
 * `gongkai-data-version` meta (the build's, or a body's shard's).
 */
import type { DataVersion } from '../domain/citation';
import { citeBodyHtml, type CiteInput } from '../render/cite';

/** The page's data version, from its meta: `date parser hash`. */
export function pageVersion(): DataVersion | null {
  const [date, parser, hash] = (
    document.querySelector<HTMLMetaElement>('meta[name="gongkai-data-version"]')?.content ?? ''
  ).split(' ');
  return date && parser && hash ? { date, parser, hash } : null;
}

/** Writes one box again from its `data-cite`. */
export function refreshCite(box: HTMLElement) {
  const version = pageVersion();
  const json = box.dataset.cite;
  const body = box.querySelector('.cite-body');
  if (!version || !json || !body) return;
  const input = JSON.parse(json) as CiteInput;
  const base = document.querySelector<HTMLMetaElement>('meta[name="gongkai-base"]')?.content ?? '/';
  const permalink = new URL(input.path, new URL(base, location.href)).href;
  body.innerHTML = citeBodyHtml({ ...input, permalink, version, accessed: new Date().toISOString().slice(0, 10) });
}

export function setupCites(root: ParentNode = document) {
  for (const box of root.querySelectorAll<HTMLElement>('details.cite[data-cite]')) refreshCite(box);
}
