/** Links that respect the deployment base path (GONGKAI_BASE). */
export const base = (): string => import.meta.env.BASE_URL.replace(/\/?$/, '/');
export const href = (path: string): string => `${base()}${path.replace(/^\//, '')}`;
