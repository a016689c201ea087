// Lint, and the rooms of the house: which folder may import which (ARCHITECTURE.md says why).
import js from '@eslint/js';
import astro from 'eslint-plugin-astro';
import { defineConfig } from 'eslint/config';
import { createTypeScriptImportResolver } from 'eslint-import-resolver-typescript';
import importX from 'eslint-plugin-import-x';
import globals from 'globals';
import tseslint from 'typescript-eslint';

const SRC = [
  'domain',
  'charts',
  'render',
  'formats',
  'parse',
  'collect',
  'pipeline',
  'site',
  'client',
  'components',
  'pages',
  'styles',
];
/** A zone: code in `target` may import from no folder but `allowed` (within src), nor from scripts/ or test/. */
const only = (target, allowed, message) => ({
  target: `./src/${target}`,
  from: [
    ...SRC.filter((f) => f !== target && !allowed.includes(f)).map((f) => `./src/${f}`),
    './src/cli.ts',
    './scripts',
    './test',
  ],
  message,
});
const ROOMS = [
  only('domain', [], 'src/domain is the isomorphic core: it imports nothing else of the project.'),
  only(
    'charts',
    ['domain'],
    'src/charts draws from the domain only: the same code runs at build time and in the browser.',
  ),
  only(
    'render',
    ['domain'],
    'src/render writes HTML from the domain only: the same string at build time and in the browser.',
  ),
  only('formats', ['domain'], 'src/formats turns bytes into documents; it knows nothing of parsing or publishing.'),
  only('parse', ['domain', 'formats'], 'src/parse reads documents into reports; it does not publish them.'),
  only(
    'collect',
    ['domain', 'formats'],
    'src/collect fetches reports from the sites; it neither parses nor publishes them.',
  ),
  only(
    'pipeline',
    ['domain', 'formats', 'parse', 'collect'],
    'src/pipeline publishes reports as data; pages are not its business.',
  ),
  only(
    'site',
    ['domain', 'charts', 'render', 'formats', 'parse'],
    'src/site reads the published data for pages; it never runs the pipeline.',
  ),
  only(
    'client',
    // styles: a stylesheet's URL (the font's rules, loaded after the page: src/client/font.ts).
    ['domain', 'charts', 'render', 'styles'],
    'src/client runs in the reader’s browser: domain, charts and render only, never build code.',
  ),
  only(
    'components',
    ['domain', 'charts', 'render', 'site', 'client', 'components', 'styles'],
    'components render page data; they do not parse or build.',
  ),
  only(
    'pages',
    ['domain', 'charts', 'render', 'site', 'client', 'components', 'styles'],
    'pages render page data; they do not parse or build.',
  ),
];
/** Neither the core nor browser code may touch Node. */
const NO_NODE = {
  patterns: [
    {
      group: ['node:*', 'fs', 'path', 'os', 'crypto', 'child_process', 'worker_threads'],
      message: 'Node is not available here (isomorphic or browser code).',
    },
  ],
};

export default defineConfig(
  {
    ignores: [
      'dist/',
      'dist.retired/',
      'node_modules/',
      '.astro/',
      '.*-astro-cache/',
      'public/data/',
      'test-artifacts/',
      'bench-out/',
      'src/env.d.ts',
    ],
  },
  js.configs.recommended,
  tseslint.configs.recommended,
  astro.configs['flat/recommended'],
  {
    plugins: { 'import-x': importX },
    // Boundaries are checked on resolved paths: an import that does not resolve fails rather than slipping past.
    settings: { 'import-x/resolver-next': [createTypeScriptImportResolver({ project: 'tsconfig.json' })] },
    languageOptions: { globals: { ...globals.node } },
    rules: {
      'import-x/no-restricted-paths': [
        'error',
        { zones: [...ROOMS, { target: './scripts', from: './test', message: 'scripts may use src, never tests.' }] },
      ],
      'import-x/no-unresolved': ['error', { ignore: ['\\?url$', '^astro:'] }],
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
    },
  },
  {
    files: ['src/domain/**', 'src/charts/**', 'src/render/**', 'src/client/**'],
    rules: { 'no-restricted-imports': ['error', NO_NODE] },
  },
  {
    files: ['src/client/**', 'src/components/**', 'src/pages/**', 'test/e2e/**'],
    languageOptions: { globals: { ...globals.browser } },
  },
);
