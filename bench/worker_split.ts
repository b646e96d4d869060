// `npm run bench:threads`: does splitting a product across two threads pay here? A prototype of
// issue 14's item 5, measured against the single-thread wasm kernels.
//
// The kernel module (src/tensor/wasm/kernels.ts, assembled to import a shared memory) runs in
// the main thread and in one worker_threads Worker, both on one shared WebAssembly.Memory. A
// product copies A and B into it (main thread), then each thread packs half of B's column panels,
// the two meet at a barrier, each computes half of C's rows, and the main thread waits for the
// worker's half and copies C out. A row split keeps every output's summation order, so the result
// is the single-thread result bit for bit (checked below before timing).
//
// Variants, interleaved in rounds: copies (the copies in and out alone: the serial part), 1t (the
// same calls on the main thread alone), 2t-sleep (the threads sleep on Atomics.wait at every
// hand-off), 2t-spin (they poll a while first), 2t-dyn (the main thread packs all of B while the
// worker wakes, then both claim row blocks until none is left). Also the empty round trip (a job
// with no calls) in both hand-off modes. Pin to both cores: `taskset -c 0,1 npm run bench:threads`;
// GRPO_BENCH_ROUNDS (21) and GRPO_BENCH_BATCH_MS (4) set the rounds and the length of a batch.
import { Worker } from 'node:worker_threads';
import { performance } from 'node:perf_hooks';
import { cpus, loadavg } from 'node:os';
import { Rng, type MatrixView } from '../src/index.js';
import { WasmKernels } from '../src/tensor/wasm/runtime.js';
import { GEMM64_SHAPE, GEMM_SHAPE, kernelModuleBytes } from '../src/tensor/wasm/kernels.js';
import { CALL_SLOTS, claimBlocks, CONTROL_BYTES, kernelFunctions, MAX_CALLS, openClaim, sharedWasmHost, SLOT, waitFor, type KernelFunction, type KernelName, KERNEL_NAMES } from './split_protocol.js';

const PAGES = 512; // 32 MiB: room for the largest product below, so the memory never grows
const align16 = (bytes: number): number => (bytes + 15) & ~15;
const roundUp = (n: number, m: number): number => Math.ceil(n / m) * m;

/** A call as the control block holds it: a kernel and its arguments. */
interface Call {
  readonly kernel: KernelName;
  readonly args: readonly number[];
}

/** The element type of a product: its kernels and micro-kernel shape. */
interface ElementKernels {
  readonly bytes: 4 | 8;
  readonly shape: readonly [number, number];
  readonly pack: KernelName;
  readonly packRows: KernelName;
  readonly gemm: KernelName;
}
const F32: ElementKernels = { bytes: 4, shape: GEMM_SHAPE, pack: 'pack', packRows: 'pack_rows_16', gemm: 'gemm_2x16' };
const F64: ElementKernels = { bytes: 8, shape: GEMM64_SHAPE, pack: 'pack64', packRows: 'pack64_rows_8', gemm: 'gemm64_2x8' };

/** The main thread's side: the shared memory, its own instance of the kernels, the worker. */
class Splitter {
  private readonly ctl: Int32Array;
  private readonly f32: Float32Array;
  private readonly f64: Float64Array;
  private readonly fns: KernelFunction[];
  private seq = 0;

  private constructor(
    private readonly worker: Worker,
    buffer: SharedArrayBuffer,
    exports: Record<string, unknown>,
  ) {
    this.ctl = new Int32Array(buffer, 0, CONTROL_BYTES / 4);
    this.f32 = new Float32Array(buffer);
    this.f64 = new Float64Array(buffer);
    this.fns = kernelFunctions(exports);
  }

  static async create(): Promise<Splitter> {
    const wasm = sharedWasmHost();
    const memory = new wasm.Memory({ initial: PAGES, maximum: PAGES, shared: true });
    const module = new wasm.Module(kernelModuleBytes({ shared: true, maximum: PAGES }));
    const { exports } = new wasm.Instance(module, { env: { memory } });
    const worker = new Worker(new URL('./worker_split_worker.js', import.meta.url), { workerData: { module, memory } });
    const splitter = new Splitter(worker, memory.buffer, exports);
    await splitter.roundTrip(0); // the worker is up once it answers
    return splitter;
  }

  /** Polls this many times before sleeping at each hand-off (0: sleep at once). */
  set spin(iterations: number) {
    Atomics.store(this.ctl, SLOT.spin, iterations);
  }

  private run(call: Call): void {
    const a = call.args;
    this.fns[KERNEL_NAMES.indexOf(call.kernel)]!(a[0]!, a[1]!, a[2]!, a[3]!, a[4]!, a[5]!, a[6]!, a[7]!, a[8]!, a[9]!, a[10]!);
  }

  /** Hands the worker `pre` calls, a barrier (when `barrier`), and `post` calls; returns the job number. */
  private post(pre: readonly Call[], post: readonly Call[], barrier: boolean): number {
    const calls = [...pre, ...post];
    if (calls.length > MAX_CALLS) throw new Error(`worker_split: a job holds at most ${MAX_CALLS} calls, got ${calls.length}`);
    calls.forEach((call, i) => {
      const at = SLOT.calls + i * CALL_SLOTS;
      this.ctl[at] = KERNEL_NAMES.indexOf(call.kernel);
      call.args.forEach((x, j) => (this.ctl[at + 1 + j] = x));
    });
    this.ctl[SLOT.preCalls] = barrier ? pre.length : 0;
    this.ctl[SLOT.postCalls] = barrier ? post.length : calls.length;
    this.ctl[SLOT.barrier] = barrier ? 1 : 0;
    this.ctl[SLOT.mode] = 0;
    const seq = ++this.seq;
    Atomics.store(this.ctl, SLOT.seq, seq);
    Atomics.notify(this.ctl, SLOT.seq, 1);
    return seq;
  }

  /** An empty job and its answer: the hand-off cost. Async only for the first call (the worker's start-up). */
  async roundTrip(spin: number): Promise<void> {
    this.spin = spin;
    const seq = this.post([], [], false);
    if (seq === 1) {
      // The worker may still be starting: wait without blocking its start-up messages.
      while (Atomics.load(this.ctl, SLOT.done) !== seq) await new Promise((r) => setTimeout(r, 1));
      return;
    }
    waitFor(this.ctl, SLOT.done, seq, spin);
  }

  /** The empty round trip, synchronous (after {@link create}). */
  roundTripSync(): void {
    waitFor(this.ctl, SLOT.done, this.post([], [], false), Atomics.load(this.ctl, SLOT.spin));
  }

  /**
   * out = A [M, K] B [K, N] with the element type of `out`, on `threads` threads. A and B are
   * read through their strides, as WasmKernels.matmul reads them. threads = 0 does only the
   * copies in and out (the part that stays serial), to see what a split can save at best.
   */
  product(M: number, N: number, K: number, a: MatrixView, b: MatrixView, out: Float32Array | Float64Array, threads: 0 | 1 | 2, dynamic = false): void {
    const e = out instanceof Float32Array ? F32 : F64;
    const E = e.bytes;
    const [MR, NR] = e.shape;
    const spanA = (M - 1) * a.rowStride + (K - 1) * a.colStride + 1;
    const spanB = (K - 1) * b.rowStride + (N - 1) * b.colStride + 1;
    const rawA = CONTROL_BYTES;
    const rawB = rawA + align16(spanA * E);
    const pb = rawB + align16(spanB * E);
    const c = pb + align16(roundUp(N, NR) * K * E);
    const tiles = [c + align16(M * N * E), c + align16(M * N * E) + align16(MR * NR * E)];
    if (tiles[1]! + MR * NR * E > PAGES * 65536) throw new Error(`worker_split: [${M},${K}]x[${K},${N}] does not fit in ${PAGES} pages`);
    const mem = E === 4 ? this.f32 : this.f64;
    mem.set(a.data.subarray(a.offset, a.offset + spanA), rawA / E);
    mem.set(b.data.subarray(b.offset, b.offset + spanB), rawB / E);

    // Packing B's columns [j0, j1) (j0 a multiple of NR) into their panels.
    const pack = (j0: number, j1: number): Call[] => {
      if (j1 <= j0) return [];
      if (b.colStride !== 1) return [{ kernel: e.pack, args: [rawB + j0 * b.colStride * E, b.colStride, b.rowStride, j1 - j0, roundUp(j1 - j0, NR), K, NR, pb + j0 * K * E] }];
      const full = j0 + Math.floor((j1 - j0) / NR) * NR;
      const calls: Call[] = [];
      if (full > j0) calls.push({ kernel: e.packRows, args: [rawB + j0 * E, b.rowStride, K, full - j0, pb + j0 * K * E] });
      if (full < j1) calls.push({ kernel: e.pack, args: [rawB + full * E, 1, b.rowStride, j1 - full, NR, K, NR, pb + full * K * E] });
      return calls;
    };
    // C's rows [i0, i1), using tile t for edge blocks.
    const gemm = (i0: number, i1: number, t: number): Call[] =>
      i1 <= i0 ? [] : [{ kernel: e.gemm, args: [rawA + i0 * a.rowStride * E, a.rowStride * E, a.colStride * E, pb, c + i0 * N * E, i1 - i0, N, K, 0, 0, tiles[t]!] }];

    if (threads === 0) {
      // the copies alone
    } else if (threads === 1) {
      for (const call of [...pack(0, N), ...gemm(0, M, 0)]) this.run(call);
    } else if (dynamic) {
      // Wake the worker first (its wake-up overlaps the packing), pack B here, then open the row
      // blocks to both threads: a worker that is late or descheduled just takes fewer blocks.
      const rows = Math.max(MR, roundUp(Math.ceil(M / 16), MR));
      const blocks = Math.ceil(M / rows);
      const [whole] = gemm(0, M, 1);
      const seq = ++this.seq;
      this.ctl[SLOT.mode] = 1;
      this.ctl[SLOT.blocks] = blocks;
      this.ctl[SLOT.blockRows] = rows;
      this.ctl[SLOT.cRowBytes] = N * E;
      this.ctl[SLOT.calls] = KERNEL_NAMES.indexOf(whole!.kernel);
      whole!.args.forEach((x, j) => (this.ctl[SLOT.calls + 1 + j] = x));
      Atomics.store(this.ctl, SLOT.seq, seq);
      Atomics.notify(this.ctl, SLOT.seq, 1);
      for (const call of pack(0, N)) this.run(call);
      Atomics.store(this.ctl, SLOT.completed, 0);
      Atomics.store(this.ctl, SLOT.claim, openClaim(seq));
      Atomics.notify(this.ctl, SLOT.claim);
      claimBlocks(this.ctl, seq, this.fns, tiles[0]!);
      for (;;) {
        const done = Atomics.load(this.ctl, SLOT.completed);
        if (done === blocks) break;
        Atomics.wait(this.ctl, SLOT.completed, done);
      }
    } else {
      const splitCol = Math.min(N, roundUp(Math.ceil(N / 2), NR));
      const splitRow = Math.min(M, roundUp(Math.ceil(M / 2), MR));
      const seq = this.post(pack(splitCol, N), gemm(splitRow, M, 1), true);
      for (const call of pack(0, splitCol)) this.run(call);
      const spin = Atomics.load(this.ctl, SLOT.spin);
      Atomics.store(this.ctl, SLOT.mainPacked, seq);
      Atomics.notify(this.ctl, SLOT.mainPacked);
      waitFor(this.ctl, SLOT.workerPacked, seq, spin);
      for (const call of gemm(0, splitRow, 0)) this.run(call);
      waitFor(this.ctl, SLOT.done, seq, spin);
    }
    out.set(mem.subarray(c / E, c / E + M * N), 0);
  }

  async close(): Promise<void> {
    Atomics.store(this.ctl, SLOT.quit, 1);
    Atomics.store(this.ctl, SLOT.seq, ++this.seq);
    Atomics.notify(this.ctl, SLOT.seq);
    await this.worker.terminate();
  }
}

/** A product to time: shapes as the trainers make them, A and B read through strides. */
interface Shape {
  readonly name: string;
  readonly M: number;
  readonly N: number;
  readonly K: number;
  /** A stored transposed ([K, M] in memory), B stored transposed ([N, K]). */
  readonly aT: boolean;
  readonly bT: boolean;
}
const SHAPES: Shape[] = [
  { name: '[64,256]x[256,256]^T (2x256 forward, minibatch 64)', M: 64, N: 256, K: 256, aT: false, bT: true },
  { name: '[256,64]^T x[64,256] (2x256 weight grad, mb 64)', M: 256, N: 256, K: 64, aT: true, bT: false },
  { name: '[1024,64]x[64,64] (64x64 layer, batch 1024)', M: 1024, N: 64, K: 64, aT: false, bT: false },
  { name: '256^3', M: 256, N: 256, K: 256, aT: false, bT: false },
  // Smaller ones, to see where the hand-off stops paying.
  { name: '[64,64]x[64,64]^T (64x64 layer, minibatch 64)', M: 64, N: 64, K: 64, aT: false, bT: true },
  { name: '[128,128]x[128,128]^T', M: 128, N: 128, K: 128, aT: false, bT: true },
];

function view(data: Float32Array | Float64Array, rows: number, cols: number, transposed: boolean): MatrixView {
  return transposed ? { data, offset: 0, rowStride: 1, colStride: rows } : { data, offset: 0, rowStride: cols, colStride: 1 };
}

function median(xs: readonly number[]): number {
  const s = [...xs].sort((x, y) => x - y);
  const m = s.length >> 1;
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
}

/** Mean time of one call over `calls` calls, microseconds. */
function time(calls: number, f: () => void): number {
  const start = performance.now();
  for (let i = 0; i < calls; i++) f();
  return ((performance.now() - start) * 1000) / calls;
}

const ROUNDS = Number(process.env['GRPO_BENCH_ROUNDS'] ?? 21);
const BATCH_MS = Number(process.env['GRPO_BENCH_BATCH_MS'] ?? 4);
const SPIN = 20000; // polls before sleeping in the 2t-spin variant (some tens of microseconds)

async function main(): Promise<void> {
  const splitter = await Splitter.create();
  const single = WasmKernels.create();
  const rng = new Rng('bench/worker_split');
  console.log(`node ${process.version}, ${cpus().length} cpus (${cpus()[0]?.model ?? '?'}), load average ${loadavg().map((x) => x.toFixed(2)).join(' ')}`);

  type Variant = { name: string; spin: number; threads: 0 | 1 | 2; dynamic?: boolean };
  const variants: Variant[] = [
    { name: 'copies', spin: 0, threads: 0 },
    { name: '1t', spin: 0, threads: 1 },
    { name: '2t-sleep', spin: 0, threads: 2 },
    { name: '2t-spin', spin: SPIN, threads: 2 },
    { name: '2t-dyn', spin: 0, threads: 2, dynamic: true },
  ];
  interface Case {
    readonly name: string;
    readonly flops: number;
    /** The variants this case runs in. */
    readonly variants: readonly Variant[];
    readonly run: (v: Variant) => void;
    calls: number;
    readonly times: Map<string, number[]>;
  }
  const cases: Case[] = [];
  for (const v of variants.slice(2, 4)) {
    cases.push({ name: `empty round trip (${v.name})`, flops: 0, variants: [v], calls: 1, times: new Map(), run: () => splitter.roundTripSync() });
  }
  for (const s of SHAPES) {
    for (const bytes of [4, 8] as const) {
      const make = (n: number): Float32Array | Float64Array => {
        const x = bytes === 4 ? new Float32Array(n) : new Float64Array(n);
        for (let i = 0; i < n; i++) x[i] = rng.normal();
        return x;
      };
      const a = view(make(s.M * s.K), s.M, s.K, s.aT);
      const b = view(make(s.K * s.N), s.K, s.N, s.bT);
      const out = bytes === 4 ? new Float32Array(s.M * s.N) : new Float64Array(s.M * s.N);
      // Bit-identical to the library's single-thread kernel, on one thread and on two.
      const reference = bytes === 4 ? new Float32Array(s.M * s.N) : new Float64Array(s.M * s.N);
      if (reference instanceof Float32Array) single.matmul(s.M, s.N, s.K, a, b, reference, 0);
      else single.matmul64(s.M, s.N, s.K, a, b, reference, 0);
      for (const v of variants.slice(1)) {
        splitter.spin = v.spin;
        out.fill(NaN);
        splitter.product(s.M, s.N, s.K, a, b, out, v.threads, v.dynamic);
        for (let i = 0; i < out.length; i++) {
          if (!Object.is(out[i], reference[i])) throw new Error(`worker_split: ${s.name} float${bytes * 8} ${v.name}: out[${i}] = ${out[i]}, single-thread kernel ${reference[i]}`);
        }
      }
      cases.push({ name: `${s.name} f${bytes * 8}`, flops: 2 * s.M * s.N * s.K, variants, calls: 1, times: new Map(), run: (v) => splitter.product(s.M, s.N, s.K, a, b, out, v.threads, v.dynamic) });
    }
  }
  console.log('all products bit-identical to WasmKernels.matmul / matmul64 (1t, 2t-sleep, 2t-spin, 2t-dyn)');

  // Warm every variant up and size a batch of about BATCH_MS per case (from its first variant).
  for (const c of cases) {
    for (const v of c.variants) {
      splitter.spin = v.spin;
      for (let i = 0; i < 20; i++) c.run(v);
    }
    const first = c.variants.find((v) => v.threads > 0)!;
    splitter.spin = first.spin;
    c.calls = Math.max(1, Math.round((BATCH_MS * 1000) / time(20, () => c.run(first))));
  }
  for (let round = 0; round < ROUNDS; round++) {
    for (const c of cases) {
      // Alternate the order of the variants between rounds, so none always goes first.
      for (const v of round % 2 === 0 ? c.variants : [...c.variants].reverse()) {
        splitter.spin = v.spin;
        const list = c.times.get(v.name) ?? [];
        list.push(time(c.calls, () => c.run(v)));
        c.times.set(v.name, list);
      }
    }
  }
  splitter.spin = 0;

  const rows: string[][] = [['product', ...variants.flatMap((v) => [`${v.name} med us`, 'min', ...(v.threads > 0 ? ['GFLOP/s'] : [])]), '2t-sleep/1t', '2t-spin/1t', '2t-dyn/1t', 'bound']];
  for (const c of cases) {
    const row = [c.name];
    const med = new Map<string, number>();
    for (const v of variants) {
      const t = c.times.get(v.name);
      const gflops = v.threads > 0 ? [t !== undefined && c.flops > 0 ? (c.flops / (median(t) * 1000)).toFixed(1) : ''] : [];
      if (t === undefined) {
        row.push('', '', ...gflops);
        continue;
      }
      med.set(v.name, median(t));
      row.push(median(t).toFixed(1), Math.min(...t).toFixed(1), ...gflops);
    }
    const one = med.get('1t');
    const copies = med.get('copies');
    row.push(...['2t-sleep', '2t-spin', '2t-dyn'].map((n) => (one !== undefined && med.has(n) ? `${(one / med.get(n)!).toFixed(2)}x` : '')));
    // Amdahl: the copies stay serial, the rest halves (hand-off free).
    row.push(one !== undefined && copies !== undefined ? `${(one / (copies + (one - copies) / 2)).toFixed(2)}x` : '');
    rows.push(row);
  }
  const widths = rows[0]!.map((_, i) => Math.max(...rows.map((r) => (r[i] ?? '').length)));
  console.log(rows.map((r) => r.map((cell, i) => (i === 0 ? cell.padEnd(widths[i]!) : cell.padStart(widths[i]!))).join('  ')).join('\n'));
  console.log(`${ROUNDS} interleaved rounds of ~${BATCH_MS} ms per case and variant; medians and minimums of the per-call means; speedup = 1t median / 2t median; copies = the serial copies in and out alone; bound = 1t / (copies + (1t - copies) / 2). Load average after: ${loadavg().map((x) => x.toFixed(2)).join(' ')}`);
  await splitter.close();
}

await main();
