/** A body pages worker: one share of the provinces (src/site/bodies.ts, writeBodies), written, then reported. */
import { parentPort, workerData } from 'node:worker_threads';
import { writeProvinces, type BodiesOptions } from './bodies.js';

const { options, shell, provinces } = workerData as { options: BodiesOptions; shell: string; provinces: string[] };
const written = await writeProvinces(options, shell, provinces, () => parentPort!.postMessage({ province: true }));
parentPort!.postMessage({ done: written });
