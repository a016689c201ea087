// Worker entry: the parser is TypeScript, so the worker registers tsx's loader before importing it.
import { register } from 'tsx/esm/api';

register();
await import('./parse-worker.ts');
