/** The page's language as the reader chose it: the `en` class on <html> is the one source of truth at runtime. */
import type { Lang } from '../domain/view-state';

export const pageLang = (): Lang => (document.documentElement.classList.contains('en') ? 'en' : 'zh');

/** Calls `redraw` whenever the reader switches language. */
export const onLangChange = (redraw: () => void): void =>
  new MutationObserver(redraw).observe(document.documentElement, { attributes: true, attributeFilter: ['class'] });
