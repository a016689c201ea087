/**
 * An exported chart carries its font: the page's @font-face chunks of Noto Sans SC that hold the chart's
 * characters, inlined as data URLs in the SVG's own <style>, so the SVG — and the PNG rasterised from it — looks
 * the same on a machine without CJK fonts (an SVG drawn as an image may load nothing from outside itself).
 */
import {
  FONT_FAMILY,
  FONT_WEIGHTS,
  chunksFor,
  formatUnicodeRange,
  parseUnicodeRange,
  type FontChunk,
} from '../domain/fonts';

/** The page's chunks of the font, with their URLs resolved against their stylesheet. */
function pageChunks(): FontChunk[] {
  const chunks: FontChunk[] = [];
  for (const sheet of document.styleSheets) {
    let rules: CSSRuleList;
    try {
      rules = sheet.cssRules;
    } catch {
      continue; // a sheet from another origin (there should be none)
    }
    const walk = (list: CSSRuleList) => {
      for (const r of list) {
        if (r instanceof CSSFontFaceRule) {
          if (!r.style.getPropertyValue('font-family').includes(FONT_FAMILY)) continue;
          const url = r.style.getPropertyValue('src').match(/url\("?([^")]+)"?\)/)?.[1];
          if (!url) continue;
          chunks.push({
            weight: Number(r.style.getPropertyValue('font-weight')) || 400,
            ranges: parseUnicodeRange(r.style.getPropertyValue('unicode-range') || 'U+0-10FFFF'),
            url: new URL(url, sheet.href ?? location.href).href,
          });
        } else if ('cssRules' in r) walk((r as CSSGroupingRule).cssRules);
      }
    };
    walk(rules);
  }
  return chunks;
}

const dataUrls = new Map<string, Promise<string>>();
function dataUrl(url: string): Promise<string> {
  // The build inlines the smallest chunks in the stylesheet already (and the page's policy would refuse fetching them).
  if (url.startsWith('data:')) return Promise.resolve(url);
  if (!dataUrls.has(url))
    dataUrls.set(
      url,
      fetch(url)
        .then((r) => r.blob())
        .then(
          (b) =>
            new Promise<string>((ok, fail) => {
              const reader = new FileReader();
              reader.onload = () => ok(String(reader.result));
              reader.onerror = fail;
              reader.readAsDataURL(b);
            }),
        ),
    );
  return dataUrls.get(url)!;
}

/** The characters an SVG shows (its text nodes, titles included). */
const textOf = (svg: string) => new DOMParser().parseFromString(svg, 'image/svg+xml').documentElement.textContent ?? '';

/** `svg` with the font chunks its text needs inlined; unchanged when the page has no such font. */
export async function withFont(svg: string): Promise<string> {
  const chunks = chunksFor(textOf(svg), pageChunks(), FONT_WEIGHTS);
  if (!chunks.length) return svg;
  const faces = await Promise.all(
    chunks.map(
      async (c) =>
        `@font-face{font-family:'${FONT_FAMILY}';font-weight:${c.weight};src:url(${await dataUrl(c.url)}) format('woff2');unicode-range:${formatUnicodeRange(c.ranges)}}`,
    ),
  );
  // Inside the root element, first: the rules apply to everything the SVG draws.
  return svg.replace(/<svg\b[^>]*>/, (open) => `${open}<style>${faces.join('')}</style>`);
}
