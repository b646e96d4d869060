// A small WebAssembly assembler: enough of the binary format (types, imports, functions, exports)
// and of the instruction set (i32, f32, f64, v128) to write our kernels as readable TypeScript.
// An instruction sequence is a plain array of bytes; helpers build and concatenate them, so a
// kernel reads as nested expressions, e.g. `f32x4.add(get(acc), f32x4.mul(get(a), get(b)))`.
// Reference: the WebAssembly core spec 2.0, section 5 (binary format), with fixed-width SIMD.

/** Bytes of one or more instructions. */
export type Code = readonly number[];

/** The value types our kernels use. */
export type ValType = 'i32' | 'f32' | 'f64' | 'v128';
const VALTYPE: Record<ValType, number> = { i32: 0x7f, f32: 0x7d, f64: 0x7c, v128: 0x7b };

/** Unsigned LEB128, the encoding of every count, index and offset. */
export function uleb(n: number): number[] {
  const out: number[] = [];
  do {
    let byte = n & 0x7f;
    n >>>= 7;
    if (n !== 0) byte |= 0x80;
    out.push(byte);
  } while (n !== 0);
  return out;
}

/** Signed LEB128 (i32.const immediates). */
export function sleb(n: number): number[] {
  const out: number[] = [];
  for (;;) {
    const byte = n & 0x7f;
    n >>= 7;
    const done = (n === 0 && (byte & 0x40) === 0) || (n === -1 && (byte & 0x40) !== 0);
    out.push(done ? byte : byte | 0x80);
    if (done) return out;
  }
}

/** Concatenates instruction sequences (a statement list). */
export function seq(...parts: Code[]): Code {
  return parts.flat();
}

// --- locals and constants ---------------------------------------------------------------------

/** A local variable (parameters first), by index. */
export interface Local {
  readonly index: number;
  readonly type: ValType;
}
export const get = (l: Local): Code => [0x20, ...uleb(l.index)];
export const set = (l: Local, value: Code): Code => [...value, 0x21, ...uleb(l.index)];
export const tee = (l: Local, value: Code): Code => [...value, 0x22, ...uleb(l.index)];

export const i32c = (n: number): Code => [0x41, ...sleb(n | 0)];
export function f32c(x: number): Code {
  const bytes = new Uint8Array(new Float32Array([x]).buffer);
  return [0x43, ...bytes];
}
export function f64c(x: number): Code {
  const bytes = new Uint8Array(new Float64Array([x]).buffer);
  return [0x44, ...bytes];
}

// --- control ----------------------------------------------------------------------------------

const EMPTY_BLOCK = 0x40;
/** `block ... end`: `br(depth)` to it jumps past its end. */
export const block = (...body: Code[]): Code => [0x02, EMPTY_BLOCK, ...seq(...body), 0x0b];
/** `loop ... end`: `br(depth)` to it jumps back to its start. */
export const loop = (...body: Code[]): Code => [0x03, EMPTY_BLOCK, ...seq(...body), 0x0b];
export const ifThen = (cond: Code, ...body: Code[]): Code => [...cond, 0x04, EMPTY_BLOCK, ...seq(...body), 0x0b];
export const ifElse = (cond: Code, then: Code, otherwise: Code): Code => [...cond, 0x04, EMPTY_BLOCK, ...then, 0x05, ...otherwise, 0x0b];
export const br = (depth: number): Code => [0x0c, ...uleb(depth)];
export const brIf = (depth: number, cond: Code): Code => [...cond, 0x0d, ...uleb(depth)];

/**
 * `for (i = from; i < to; i += step) body`, as `if (from < to) loop { body; i += step; br_if i < to }`.
 * Inside `body`, `br(1)` continues nothing and `br(0)` restarts without the increment: avoid both.
 */
export function forRange(i: Local, from: Code, to: Code, step: Code, ...body: Code[]): Code {
  return seq(
    set(i, from),
    ifThen(i32.lt_s(get(i), to), loop(...body, set(i, i32.add(get(i), step)), brIf(0, i32.lt_s(get(i), to)))),
  );
}

// --- i32 --------------------------------------------------------------------------------------

const bin = (op: number) => (a: Code, b: Code): Code => [...a, ...b, op];
export const i32 = {
  add: bin(0x6a),
  sub: bin(0x6b),
  mul: bin(0x6c),
  shl: bin(0x74),
  div_u: bin(0x6e),
  rem_u: bin(0x70),
  and: bin(0x71),
  eq: bin(0x46),
  ne: bin(0x47),
  lt_s: bin(0x48),
  gt_s: bin(0x4a),
  le_s: bin(0x4c),
  ge_s: bin(0x4e),
  eqz: (a: Code): Code => [...a, 0x45],
};
/** `cond ? a : b` (both evaluated). */
export const select = (a: Code, b: Code, cond: Code): Code => [...a, ...b, ...cond, 0x1b];

// --- memory -----------------------------------------------------------------------------------

/** A memory immediate: log2 of the alignment, then the constant offset. */
const memarg = (alignLog2: number, offset: number): number[] => [...uleb(alignLog2), ...uleb(offset)];
export const f32 = {
  load: (addr: Code, offset = 0): Code => [...addr, 0x2a, ...memarg(2, offset)],
  store: (addr: Code, value: Code, offset = 0): Code => [...addr, ...value, 0x38, ...memarg(2, offset)],
  /** An f64 rounded to the nearest f32 (ties to even), as a Float32Array store rounds in JS. */
  demote: (a: Code): Code => [...a, 0xb6],
};
export const f64 = {
  load: (addr: Code, offset = 0): Code => [...addr, 0x2b, ...memarg(3, offset)],
  store: (addr: Code, value: Code, offset = 0): Code => [...addr, ...value, 0x39, ...memarg(3, offset)],
  add: bin(0xa0),
  sub: bin(0xa1),
  mul: bin(0xa2),
  div: bin(0xa3),
  sqrt: (a: Code): Code => [...a, 0x9f],
  promote: (a: Code): Code => [...a, 0xbb],
};

const simd = (op: number): number[] => [0xfd, ...uleb(op)];
const vbin = (op: number) => (a: Code, b: Code): Code => [...a, ...b, ...simd(op)];
const vun = (op: number) => (a: Code): Code => [...a, ...simd(op)];
export const v128 = {
  load: (addr: Code, offset = 0): Code => [...addr, ...simd(0x00), ...memarg(4, offset)],
  /** Loads one f32 and copies it into all four lanes. */
  load32_splat: (addr: Code, offset = 0): Code => [...addr, ...simd(0x09), ...memarg(2, offset)],
  /** Loads one f64 and copies it into both lanes. */
  load64_splat: (addr: Code, offset = 0): Code => [...addr, ...simd(0x0a), ...memarg(3, offset)],
  /** Loads one f32 into lane 0 (the other lanes zero). */
  load32_zero: (addr: Code, offset = 0): Code => [...addr, ...simd(0x5c), ...memarg(2, offset)],
  /** Loads two f32 into the low lanes (high lanes zero). */
  load64_zero: (addr: Code, offset = 0): Code => [...addr, ...simd(0x5d), ...memarg(3, offset)],
  store: (addr: Code, value: Code, offset = 0): Code => [...addr, ...value, ...simd(0x0b), ...memarg(4, offset)],
  /** Stores the low two f32 lanes. */
  store64_lane0: (addr: Code, value: Code, offset = 0): Code => [...addr, ...value, ...simd(0x5b), ...memarg(3, offset), 0],
  and: vbin(0x4e),
  or: vbin(0x50),
  /** Lanes of `a` where `mask` bits are 1, else `b`'s. */
  bitselect: (a: Code, b: Code, mask: Code): Code => [...a, ...b, ...mask, ...simd(0x52)],
  zero: (): Code => [...simd(0x0c), ...new Array<number>(16).fill(0)],
  /** Byte i of the result is byte lanes[i] of a (0-15) or of b (16-31). */
  shuffle: (a: Code, b: Code, lanes: readonly number[]): Code => [...a, ...b, ...simd(0x0d), ...lanes],
};
export const f32x4 = {
  splat: vun(0x13),
  extract_lane: (a: Code, lane: number): Code => [...a, ...simd(0x1f), lane],
  ne: vbin(0x42),
  lt: vbin(0x43),
  gt: vbin(0x44),
  abs: vun(0xe0),
  sqrt: vun(0xe3),
  add: vbin(0xe4),
  sub: vbin(0xe5),
  mul: vbin(0xe6),
  div: vbin(0xe7),
  /** IEEE-style min: NaN if either lane is NaN. */
  min: vbin(0xe8),
  max: vbin(0xe9),
  /** Pseudo-min `b < a ? b : a` (one x86 instruction; a NaN in `a` is returned as is). */
  pmin: vbin(0xea),
  /** Pseudo-max `a < b ? b : a`. */
  pmax: vbin(0xeb),
  demote_f64x2_zero: vun(0x5e),
};
export const f64x2 = {
  splat: vun(0x14),
  gt: vbin(0x4a),
  add: vbin(0xf0),
  sub: vbin(0xf1),
  mul: vbin(0xf2),
  div: vbin(0xf3),
  sqrt: vun(0xef),
  promote_low_f32x4: vun(0x5f),
  extract_lane: (a: Code, lane: number): Code => [...a, ...simd(0x21), lane],
};

// --- functions and modules --------------------------------------------------------------------

/** A function under construction: typed parameters, extra locals handed out by name, a body. */
export class FunctionBuilder {
  readonly params: Local[];
  private readonly extra: ValType[] = [];

  constructor(
    readonly name: string,
    paramTypes: readonly ValType[],
    readonly results: readonly ValType[] = [],
  ) {
    this.params = paramTypes.map((type, index) => ({ index, type }));
  }

  /** A new local of `type`. */
  local(type: ValType): Local {
    this.extra.push(type);
    return { index: this.params.length + this.extra.length - 1, type };
  }

  /** `count` new locals of `type`. */
  locals(type: ValType, count: number): Local[] {
    return Array.from({ length: count }, () => this.local(type));
  }

  /** The encoded function body: local declarations (one group per local), code, `end`. */
  encode(body: Code): number[] {
    const groups = this.extra.flatMap((t) => [1, VALTYPE[t]]);
    const bytes = [...uleb(this.extra.length), ...groups, ...body, 0x0b];
    return [...uleb(bytes.length), ...bytes];
  }

  signature(): number[] {
    return [0x60, ...uleb(this.params.length), ...this.params.map((p) => VALTYPE[p.type]), ...uleb(this.results.length), ...this.results.map((t) => VALTYPE[t])];
  }
}

function section(id: number, contents: number[]): number[] {
  return [id, ...uleb(contents.length), ...contents];
}

function name(text: string): number[] {
  const bytes = [...new TextEncoder().encode(text)];
  return [...uleb(bytes.length), ...bytes];
}

/** How a module imports its memory: shared memory (threads) must declare itself shared, with a maximum. */
export interface MemoryImport {
  readonly shared: true;
  /** The largest size in 64 KiB pages. */
  readonly maximum: number;
}

/**
 * A module that imports its memory as `env.memory` and exports each function under its name.
 * Every function gets its own type entry (duplicates are harmless and keep this short).
 * With `memory`, the import is of a shared memory (limits flag 0x03: min 1 page, a maximum),
 * which a memory created with `shared: true` must be imported as.
 */
export function assembleModule(functions: ReadonlyArray<{ fn: FunctionBuilder; body: Code }>, memory?: MemoryImport): Uint8Array {
  const n = functions.length;
  const types = section(1, [...uleb(n), ...functions.flatMap(({ fn }) => fn.signature())]);
  // import "env" "memory" (memory, min 1 page; no max, or shared with a max)
  const limits = memory === undefined ? [0x00, 1] : [0x03, 1, ...uleb(memory.maximum)];
  const imports = section(2, [1, ...name('env'), ...name('memory'), 0x02, ...limits]);
  const funcs = section(3, [...uleb(n), ...functions.flatMap((_, i) => uleb(i))]);
  const exports = section(7, [...uleb(n), ...functions.flatMap(({ fn }, i) => [...name(fn.name), 0x00, ...uleb(i)])]);
  const code = section(10, [...uleb(n), ...functions.flatMap(({ fn, body }) => fn.encode(body))]);
  return new Uint8Array([0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00, ...types, ...imports, ...funcs, ...exports, ...code]);
}
