/** `npm run build:docs`: regenerate docs/data.md from the schema and template. */
import { writeFileSync } from 'node:fs';
import { dictionaryMarkdown } from '../src/pipeline/dictionary.js';

writeFileSync('docs/data.md', dictionaryMarkdown());
console.log('wrote docs/data.md');
