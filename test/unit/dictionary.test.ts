import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { dictionaryMarkdown } from '../../src/pipeline/dictionary.js';
import { ALL_CELL_KEYS } from '../../src/domain/template.js';
import { ROOT } from '../fixtures/reports.js';

describe('docs/data.md', () => {
  it('is the generated dictionary (run npm run build:docs after changing the schema or template)', () => {
    expect(readFileSync(join(ROOT, 'docs/data.md'), 'utf8')).toBe(dictionaryMarkdown());
  });
  it('documents every cell key in both languages', () => {
    const md = dictionaryMarkdown();
    for (const k of ALL_CELL_KEYS) expect(md).toContain(`\`${k}\``);
    expect(md).toContain('本年新收政府信息公开申请数量');
    expect(md).toContain('New requests received');
  });
});
