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

export function progress(label: string, unit: string, stream: NodeJS.WriteStream = process.stderr): Progress {
  if (stream.isTTY) {
    const bar = new SingleBar(
      {
        format: `${label} [{bar}] {percentage}% · {value}/{total} ${unit} · {rate}/s · {eta_formatted} left`,
        stream,
        etaBuffer: 50,
        hideCursor: true,
      },
      Presets.shades_classic,
    );
    let started = false;
    const t0 = performance.now();
    return {
      update: (done, total) => {
        const rate = Math.round(done / Math.max(0.001, (performance.now() - t0) / 1000));
        if (!started) bar.start(total, done, { rate });
        started = true;
        bar.setTotal(total);
        bar.update(done, { rate });
      },
      stop: () => started && bar.stop(),
    };
  }
  const t0 = performance.now();
  let last = 0;
  return {
    update: (done, total) => {
      const now = performance.now();
      if (now - last < PLAIN_EVERY_MS && done < total) return;
      last = now;
      const seconds = (now - t0) / 1000;
      const rate = done / Math.max(seconds, 0.001);
      const left = rate > 0 ? (total - done) / rate : 0;
      stream.write(
        `${label}: ${done}/${total} ${unit} (${((100 * done) / Math.max(total, 1)).toFixed(1)}%) · ${rate.toFixed(rate < 10 ? 1 : 0)}/s · ${left.toFixed(0)} s left\n`,
      );
    },
    stop: () => {},
  };
}
