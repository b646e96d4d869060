// The worker of bench/worker_split.ts: instantiates the kernel module on the shared memory it is
// handed, then runs jobs from the control block (bench/split_protocol.ts) until told to quit.
import { workerData } from 'node:worker_threads';
import { claimBlocks, kernelFunctions, openClaim, runCalls, sharedWasmHost, SLOT, waitFor } from './split_protocol.js';

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
  if (ctl[SLOT.mode] === 1) {
    // Wait for the main thread to pack B and open the claims (or to have moved on), then help.
    const open = openClaim(seq);
    for (let s = 0; ; s++) {
      const word = Atomics.load(ctl, SLOT.claim);
      if ((word & ~0xffff) === open || Atomics.load(ctl, SLOT.seq) !== seq) break;
      if (s >= spin) Atomics.wait(ctl, SLOT.claim, word);
    }
    claimBlocks(ctl, seq, fns, ctl[SLOT.calls + 11]!);
    continue;
  }
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
