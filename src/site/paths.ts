/**
 * Links that respect the deployment base path. The base comes from GONGKAI_BASE, the same variable
 * astro.config.mjs reads (Vite does not substitute BASE_URL in every server-side module).
 */
export const base = (): string => (process.env.GONGKAI_BASE ?? '/').replace(/\/?$/, '/');
export const href = (path: string): string => `${base()}${path.replace(/^\//, '')}`;

/**
 * The site's public origin (`GONGKAI_SITE=https://example.org`), for what must be absolute: share cards' QR
 * codes, `og:` URLs and citations. Unset, links stay root-relative (a local build has no public address).
 */
export const origin = (): string => (process.env.GONGKAI_SITE ?? '').replace(/\/+$/, '');
export const permalink = (path: string): string => `${origin()}${href(path)}`;
