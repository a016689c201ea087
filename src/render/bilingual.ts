/**
 * A label in both languages as the pages write it (`<T zh en>` in src/components/T.astro): CSS shows the one the
 * reader chose. Rendered HTML outside Astro uses this so a label looks and switches the same everywhere.
 */
import { escapeHtml } from '../domain/format';

export const t = (zh: string, en: string): string => tHtml(escapeHtml(zh), escapeHtml(en));

/** The same from HTML already escaped (a message with its quoted details marked as code). */
export const tHtml = (zh: string, en: string): string => `<t-zh>${zh}</t-zh><t-en lang="en">${en}</t-en>`;
