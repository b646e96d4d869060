// The hand-off between the main thread and the one worker of bench/worker_split.ts: a control
// block of int32 slots at the start of the shared WebAssembly memory. The main thread writes a
// job (a list of kernel calls before a barrier, a list after it), bumps SEQ and notifies; the
// worker runs the calls, meeting the main thread at the barrier (both have packed their panels
// of B), and stores SEQ into DONE when its rows are done.

/** Slots of the control block (int32 indices). */
export const SLOT = {
  /** Job number; the main thread bumps it to hand a job over. */
  seq: 0,
  /** The last job the worker finished. */
  done: 1,
  /** The last job whose pre-barrier calls the worker finished. */
  workerPacked: 2,
  /** The last job whose pre-barrier calls the main thread finished. */
  mainPacked: 3,
  /** Calls before the barrier, and after it. */
  preCalls: 4,
  postCalls: 5,
  /** Non-zero: the worker exits. */
  quit: 6,
  /** Iterations to poll a slot before sleeping on it (0: sleep at once). */
  spin: 7,
  /** Non-zero: the threads meet after the pre-barrier calls (the worker's gemm needs the main thread's panels). */
  barrier: 8,
  /** 0: a static job (call lists around a barrier); 1: a dynamic one (row blocks claimed one at a time). */
  mode: 9,
  /** Dynamic jobs: (job number mod 2^15) << 16 | the next unclaimed row block; the main thread opens it once B is packed. */
  claim: 10,
  /** Dynamic jobs: row blocks finished, by either thread. */
  completed: 11,
  /** Dynamic jobs: the number of row blocks, and rows per block. The gemm call over all rows is call 0. */
  blocks: 12,
  blockRows: 13,
  /** Dynamic jobs: bytes per row of C. */
  cRowBytes: 14,
  /** The calls, CALL_SLOTS each: a function id, then its arguments. */
  calls: 16,
} as const;

/** Int32 slots per call: the function id and up to 11 arguments (gemm has 11). */
export const CALL_SLOTS = 12;
/** Bytes the control block takes; operands start after it. */
export const CONTROL_BYTES = 1024;
/** Calls a job can hold. */
export const MAX_CALLS = Math.floor((CONTROL_BYTES / 4 - SLOT.calls) / CALL_SLOTS);

/** The kernels a job may call, by id (the float32 and float64 products, as the runtime binds them). */
export const KERNEL_NAMES = ['pack', 'pack_rows_16', 'gemm_2x16', 'pack64', 'pack64_rows_8', 'gemm64_2x8'] as const;
export type KernelName = (typeof KERNEL_NAMES)[number];

/** A kernel call: the function, then its integer arguments. */
export type KernelFunction = (...args: number[]) => unknown;

/** The parts of the host's WebAssembly API the prototype uses (the library compiles without DOM types). */
export interface SharedWasmHost {
  Module: new (bytes: Uint8Array) => object;
  Instance: new (module: object, imports: Record<string, Record<string, unknown>>) => { readonly exports: Record<string, unknown> };
  Memory: new (descriptor: { initial: number; maximum: number; shared: true }) => { readonly buffer: SharedArrayBuffer };
}

function isHost(api: unknown): api is SharedWasmHost {
  const has = (key: string): boolean => typeof api === 'object' && api !== null && typeof Reflect.get(api, key) === 'function';
  return has('Module') && has('Instance') && has('Memory');
}

/** The host's WebAssembly API; throws where there is none. */
export function sharedWasmHost(): SharedWasmHost {
  const api: unknown = Reflect.get(globalThis, 'WebAssembly');
  if (!isHost(api)) throw new Error('worker_split: this runtime has no WebAssembly');
  return api;
}

/** The kernels of an instance, indexed by {@link KERNEL_NAMES}. */
export function kernelFunctions(exports: Record<string, unknown>): KernelFunction[] {
  return KERNEL_NAMES.map((name) => {
    const f = exports[name];
    if (typeof f !== 'function') throw new Error(`worker_split: the module exports no function '${name}'`);
    return (...args: number[]) => f(...args);
  });
}

/** Runs `count` calls of the control block starting at call `first`. */
export function runCalls(ctl: Int32Array, first: number, count: number, fns: readonly KernelFunction[]): void {
  for (let c = first; c < first + count; c++) {
    const at = SLOT.calls + c * CALL_SLOTS;
    const fn = fns[ctl[at]!]!;
    fn(ctl[at + 1]!, ctl[at + 2]!, ctl[at + 3]!, ctl[at + 4]!, ctl[at + 5]!, ctl[at + 6]!, ctl[at + 7]!, ctl[at + 8]!, ctl[at + 9]!, ctl[at + 10]!, ctl[at + 11]!);
  }
}

/** The claim word that opens job `seq`'s first row block. */
export const openClaim = (seq: number): number => (seq & 0x7fff) << 16;

/**
 * Claims row blocks of dynamic job `seq` until none is left, computing each with call 0's gemm on
 * those rows (using `tile` for edge blocks). A compare-and-swap that carries the job number makes a
 * late thread's claim on a finished job fail, so each block is computed exactly once.
 */
export function claimBlocks(ctl: Int32Array, seq: number, fns: readonly KernelFunction[], tile: number): void {
  const arg = (i: number): number => ctl[SLOT.calls + 1 + i]!;
  const gemm = fns[ctl[SLOT.calls]!]!;
  const [a, aRowBytes, aKBytes, pb, c, M, N, K] = [arg(0), arg(1), arg(2), arg(3), arg(4), arg(5), arg(6), arg(7)];
  const blocks = ctl[SLOT.blocks]!;
  const rows = ctl[SLOT.blockRows]!;
  const cRowBytes = ctl[SLOT.cRowBytes]!;
  const open = openClaim(seq);
  for (;;) {
    const word = Atomics.load(ctl, SLOT.claim);
    if ((word & ~0xffff) !== open || (word & 0xffff) >= blocks) return;
    if (Atomics.compareExchange(ctl, SLOT.claim, word, word + 1) !== word) continue;
    const i0 = (word & 0xffff) * rows;
    gemm(a + i0 * aRowBytes, aRowBytes, aKBytes, pb, c + i0 * cRowBytes, Math.min(rows, M - i0), N, K, 0, 0, tile);
    if (Atomics.add(ctl, SLOT.completed, 1) === blocks - 1) Atomics.notify(ctl, SLOT.completed);
  }
}

/** Waits until `ctl[index] === value`: polls `spin` times, then sleeps on the slot (Atomics.wait). */
export function waitFor(ctl: Int32Array, index: number, value: number, spin: number): void {
  for (let s = 0; s < spin; s++) if (Atomics.load(ctl, index) === value) return;
  for (;;) {
    const now = Atomics.load(ctl, index);
    if (now === value) return;
    Atomics.wait(ctl, index, now);
  }
}
