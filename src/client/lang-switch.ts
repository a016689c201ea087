/** The language switch: Chinese first, English on request; the choice is remembered and kept in the URL. */
import { decodeView, encodeView } from '../domain/view-state';

const root = document.documentElement;

/**
 * Text that cannot hold the two language spans — a select's options — carries both in data-zh / data-en and is
 * set to the page's language now and whenever it changes.
 */
function labelOptions(): void {
  const en = root.classList.contains('en');
  for (const el of document.querySelectorAll<HTMLElement>('option[data-zh][data-en]'))
    el.textContent = (en ? el.dataset.en : el.dataset.zh) ?? el.textContent;
}
labelOptions();
new MutationObserver(labelOptions).observe(root, { attributes: true, attributeFilter: ['class'] });
document.getElementById('lang-switch')?.addEventListener('click', () => {
  const en = !root.classList.contains('en');
  root.classList.toggle('en', en);
  root.lang = en ? 'en' : 'zh-CN';
  try {
    localStorage.setItem('gongkai-lang', en ? 'en' : 'zh');
  } catch {
    /* private mode: the switch still works for this page */
  }
  const url = new URL(location.href);
  url.search = encodeView({ ...decodeView(url.searchParams), lang: en ? 'en' : 'zh' }).toString();
  history.replaceState(null, '', url);
});
