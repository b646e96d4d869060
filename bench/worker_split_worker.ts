// The worker of bench/worker_split.ts: instantiates the kernel module on the shared memory it is
// handed, then runs jobs from the control block (bench/split_protocol.ts) until told to quit.
import { workerData } from 'node:worker_threads';
import { kernelFunctions, runCalls, sharedWasmHost, SLOT, waitFor } from './split_protocol.js';

const data: { module: object; memory: { buffer: SharedArrayBuffer } } = workerData;
const { module, memory } = data;
const wasm = sharedWasmHost();
const fns = kernelFunctions(new wasm.Instance(module, { env: { memory } }).exports);
const ctl = new Int32Array(memory.buffer, 0, 256);

let seen = 0; // jobs count from 1; job 1 may be posted before this worker starts
for (;;) {
  const spin = Atomics.load(ctl, SLOT.spin);
  // The next job: poll for a while (a product usually follows another at once), then sleep.
  let seq = seen;
  for (let s = 0; s < spin && seq === seen; s++) seq = Atomics.load(ctl, SLOT.seq);
  while (seq === seen) {
    Atomics.wait(ctl, SLOT.seq, seen);
    seq = Atomics.load(ctl, SLOT.seq);
  }
  seen = seq;
  if (Atomics.load(ctl, SLOT.quit) !== 0) break;
  const pre = ctl[SLOT.preCalls]!;
  runCalls(ctl, 0, pre, fns);
  if (ctl[SLOT.barrier] !== 0) {
    Atomics.store(ctl, SLOT.workerPacked, seq);
    Atomics.notify(ctl, SLOT.workerPacked);
    waitFor(ctl, SLOT.mainPacked, seq, spin);
  }
  runCalls(ctl, pre, ctl[SLOT.postCalls]!, fns);
  Atomics.store(ctl, SLOT.done, seq);
  Atomics.notify(ctl, SLOT.done);
}
