/**
 * The font's @font-face rules (~200 KB of unicode ranges, src/styles/font.css) as a stylesheet added after the
 * page's load event rather than linked in the head: its chunks (~1 MB for a county page's characters, cached
 * across pages) then hold up neither the first paint, the first chart nor the load event. Until they arrive the
 * text shows in the reader's own fonts (font-display: swap); exports inline the chunks (export-font.ts).
 */
import fontCss from '../styles/font.css?url';

function addFont() {
  if (document.querySelector('link[data-font]')) return;
  const link = document.createElement('link');
  link.rel = 'stylesheet';
  link.href = fontCss;
  link.dataset.font = '';
  document.head.append(link);
}

if (document.readyState === 'complete') addFont();
else addEventListener('load', addFont, { once: true });
