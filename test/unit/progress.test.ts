import { afterEach, describe, expect, it, vi } from 'vitest';
import { progress, rateText } from '../../scripts/progress.js';

/** A log file, as far as progress can tell: not a terminal, collects what is written. */
function logStream(): { stream: NodeJS.WriteStream; lines: string[] } {
  const lines: string[] = [];
  const stream = { isTTY: false, write: (s: string) => lines.push(s) } as unknown as NodeJS.WriteStream;
  return { stream, lines };
}

describe('progress', () => {
  afterEach(() => {
    vi.useRealTimers();
  });

  it('states a rate per second, or per minute when under one a second', () => {
    expect(rateText(1532.4)).toBe('1532/s');
    expect(rateText(2.25)).toBe('2.3/s');
    expect(rateText(0.05)).toBe('3.0/min');
  });

  it('writes a plain line at most every five seconds on a log, and always the last one', () => {
    vi.useFakeTimers({ toFake: ['performance'] });
    const { stream, lines } = logStream();
    const p = progress('body pages', 'provinces', stream);
    vi.advanceTimersByTime(6_000); // the work before the first update (listing the inputs) is not counted
    p.update(0, 32); // nothing done yet: no rate to tell the time left from
    vi.advanceTimersByTime(14_000);
    p.update(1, 32);
    vi.advanceTimersByTime(1_000);
    p.update(2, 32); // within five seconds of the last line: not written
    vi.advanceTimersByTime(1_000);
    p.update(32, 32); // the end is always written
    expect(lines).toEqual([
      'body pages: 0/32 provinces (0.0%) · 0.0/min · time left not known yet\n',
      'body pages: 1/32 provinces (3.1%) · 4.3/min · 434 s left\n',
      'body pages: 32/32 provinces (100.0%) · 2.0/s · 0 s left\n',
    ]);
  });
});
