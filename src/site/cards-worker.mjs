// Worker entry: the site code is TypeScript, so the worker registers tsx's loader before importing it.
import { register } from 'tsx/esm/api';

register();
await import('./cards-worker.ts');
