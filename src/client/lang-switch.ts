/** The language switch: Chinese first, English on request; the choice is remembered and kept in the URL. */
import { decodeView, encodeView } from '../domain/view-state';

const root = document.documentElement;
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
