/**
 * The font's @font-face rules (~200 KB of unicode ranges, src/styles/font.css) as a stylesheet added once the
 * page is parsed rather than linked in the head, so they never hold up the first paint or the first chart: the
 * text shows in the reader's own fonts until the chunks it needs arrive (font-display: swap).
 */
import fontCss from '../styles/font.css?url';

if (!document.querySelector('link[data-font]')) {
  const link = document.createElement('link');
  link.rel = 'stylesheet';
  link.href = fontCss;
  link.dataset.font = '';
  document.head.append(link);
}
