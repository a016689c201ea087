/**
 * Progress of long work (parsing, page writing, the benchmark): a live bar with rate and time left on a
 * terminal (cli-progress), and on a log — CI, cron, a file — a plain line at most every five seconds, since
 * a bar's control codes would fill it with noise.
 */
import { SingleBar, Presets } from 'cli-progress';

export interface Progress {
  update: (done: number, total: number) => void;
  stop: () => void;
}

const PLAIN_EVERY_MS = 5000;

/**
 * A rate as a reader takes it in: per second, or per minute for work counted in big units (the body pages go a
 * province at a time, ~20 s each), where "0.0/s" would say nothing.
 */
export function rateText(perSecond: number): string {
  if (perSecond >= 10) return `${Math.round(perSecond)}/s`;
  if (perSecond >= 1) return `${perSecond.toFixed(1)}/s`;
  return `${(perSecond * 60).toFixed(1)}/min`;
}

/**
 * Rate and time left from the start, the same on the bar and the plain line. Not cli-progress's own estimate: it
 * works from the last few updates, and with one update (a province at a time) has none and prints garbage.
 */
function pace(done: number, total: number, startedAt: number): { rate: string; left: string } {
  const perSecond = done / Math.max((performance.now() - startedAt) / 1000, 0.001);
  return {
    rate: rateText(perSecond),
    left: perSecond > 0 ? `${((total - done) / perSecond).toFixed(0)} s left` : 'time left not known yet',
  };
}

export function progress(label: string, unit: string, stream: NodeJS.WriteStream = process.stderr): Progress {
  // From the first update, not from creation: a build lists and compares its inputs before it parses any, and a
  // rate counting that time read 97/s at the start of an incremental build parsing at 1,000/s.
  let startedAt: number | null = null;
  if (stream.isTTY) {
    const bar = new SingleBar(
      {
        format: `${label} [{bar}] {percentage}% · {value}/{total} ${unit} · {rate} · {left}`,
        stream,
        hideCursor: true,
      },
      Presets.shades_classic,
    );
    let started = false;
    return {
      update: (done, total) => {
        const payload = pace(done, total, (startedAt ??= performance.now()));
        if (!started) bar.start(total, done, payload);
        started = true;
        bar.setTotal(total);
        bar.update(done, payload);
      },
      stop: () => started && bar.stop(),
    };
  }
  let last = 0;
  return {
    update: (done, total) => {
      const now = performance.now();
      startedAt ??= now;
      if (now - last < PLAIN_EVERY_MS && done < total) return;
      last = now;
      const { rate, left } = pace(done, total, startedAt);
      stream.write(
        `${label}: ${done}/${total} ${unit} (${((100 * done) / Math.max(total, 1)).toFixed(1)}%) · ${rate} · ${left}\n`,
      );
    },
    stop: () => {},
  };
}
