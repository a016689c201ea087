/** A body pages worker: writes the provinces the main thread hands it (src/site/bodies.ts, writeBodies), then reports. */
import { parentPort, workerData } from 'node:worker_threads';
import { writeProvinces, type BodiesOptions, type ProvinceToWrite } from './bodies.js';

const { options, shell } = workerData as { options: BodiesOptions; shell: string };
const port = parentPort!;
/** The next province, asked of the main thread; undefined when none is left. */
const next = () =>
  new Promise<ProvinceToWrite | undefined>((answer) => {
    port.once('message', (m: { next: ProvinceToWrite | null }) => answer(m.next ?? undefined));
    port.postMessage({ next: true });
  });
const written = await writeProvinces(
  options,
  shell,
  next,
  () => port.postMessage({ province: true }),
  (share) => port.postMessage({ offer: share }),
);
port.postMessage({ done: written });
