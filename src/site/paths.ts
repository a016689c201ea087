/**
 * Links that respect the deployment base path. The base comes from GONGKAI_BASE, the same variable
 * astro.config.mjs reads (Vite does not substitute BASE_URL in every server-side module).
 */
export const base = (): string => (process.env.GONGKAI_BASE ?? '/').replace(/\/?$/, '/');
export const href = (path: string): string => `${base()}${path.replace(/^\//, '')}`;
