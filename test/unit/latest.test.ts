import { describe, expect, it } from 'vitest';
import { latestOnly } from '../../src/client/latest';

/** A lookup whose answers the test releases in any order. */
function heldLookup() {
  const pending = new Map<string, (a: string) => void>();
  const ask = (q: string) => new Promise<string>((done) => pending.set(q, (a) => done(a)));
  return { ask, answer: (q: string) => pending.get(q)!(`list of ${q}`) };
}

describe('latestOnly', () => {
  it('shows the last question’s answer, not an earlier one that lands after it', async () => {
    const { ask, answer } = heldLookup();
    const shown: string[] = [];
    const lookUp = latestOnly(ask, (a: string) => shown.push(a));
    const first = lookUp('h');
    const last = lookUp('huaian');
    answer('huaian');
    await last;
    answer('h'); // the first letter's list arrives late
    await first;
    expect(shown).toEqual(['list of huaian']);
  });

  it('shows every answer of questions asked one after another', async () => {
    const { ask, answer } = heldLookup();
    const shown: string[] = [];
    const lookUp = latestOnly(ask, (a: string) => shown.push(a));
    const one = lookUp('h');
    answer('h');
    await one;
    const two = lookUp('hu');
    answer('hu');
    await two;
    expect(shown).toEqual(['list of h', 'list of hu']);
  });
});
