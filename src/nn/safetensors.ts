// The safetensors file format, bytes only: encode and decode (strictly validated). Reading and
// writing files is src/train/files.ts's job, so this layer also runs in a browser. Format (https://github.com/huggingface/safetensors):
//   [8 bytes: header length N, unsigned little-endian 64-bit]
//   [N bytes: UTF-8 JSON header, possibly padded with trailing spaces]
//   [data: raw little-endian tensor bytes, tensors back to back]
// The header maps each tensor name to {dtype, shape, data_offsets: [begin, end]} (offsets into
// the data section) and may hold "__metadata__", a string-to-string map.
// This file knows nothing about modules or tensors of the autodiff engine: see checkpoint.ts.

/** The element types this library reads and writes (safetensors dtype names). */
export type SafetensorsDtype = 'F64' | 'F32' | 'I64' | 'I32';

/** The typed array holding the values of each dtype. */
export interface SafetensorsArrays {
  F64: Float64Array;
  F32: Float32Array;
  I64: BigInt64Array;
  I32: Int32Array;
}

/** One tensor as stored in a file: its dtype, its shape and its flat row-major values. */
export type TensorRecord = {
  [D in SafetensorsDtype]: { readonly dtype: D; readonly shape: readonly number[]; readonly data: SafetensorsArrays[D] };
}[SafetensorsDtype];

/** The contents of a safetensors file: named tensors and a string-to-string metadata map. */
export interface SafetensorsContents {
  readonly tensors: Readonly<Record<string, TensorRecord>>;
  readonly metadata: Readonly<Record<string, string>>;
}

/** A malformed, truncated or mismatched checkpoint; the message names the file and the problem. */
export class CheckpointError extends Error {
  constructor(
    /** The file (or `<bytes>` for an in-memory buffer) the problem was found in. */
    readonly source: string,
    /** The problem, without the file name. */
    readonly problem: string,
  ) {
    super(`${source}: ${problem}`);
    this.name = 'CheckpointError';
  }
}

const BYTES_PER_ELEMENT: Readonly<Record<SafetensorsDtype, number>> = { F64: 8, F32: 4, I64: 8, I32: 4 };
const DTYPES: readonly SafetensorsDtype[] = ['F64', 'F32', 'I64', 'I32'];
/** NOTE: the same bound as the reference Rust implementation (100 MB): a header is a few KB. */
export const MAX_HEADER_BYTES = 100_000_000;
const METADATA_KEY = '__metadata__';
const LITTLE_ENDIAN_HOST = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;

function isDtype(value: unknown): value is SafetensorsDtype {
  return typeof value === 'string' && (DTYPES as readonly string[]).includes(value);
}

function numel(shape: readonly number[]): number {
  let n = 1;
  for (const d of shape) n *= d;
  return n;
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Checks one record before writing; throws a TypeError/RangeError naming the tensor. */
function checkRecord(name: string, record: TensorRecord): void {
  if (name === METADATA_KEY || name.length === 0) {
    throw new RangeError(`encodeSafetensors: tensor name ${JSON.stringify(name)} is reserved or empty`);
  }
  if (!isDtype(record.dtype)) {
    throw new TypeError(`encodeSafetensors: tensor '${name}' has dtype ${JSON.stringify(record.dtype)}, expected one of ${DTYPES.join(', ')}`);
  }
  if (!Array.isArray(record.shape) || !record.shape.every((d) => Number.isSafeInteger(d) && d >= 0)) {
    throw new RangeError(`encodeSafetensors: tensor '${name}' has shape ${JSON.stringify(record.shape)}, expected non-negative integers`);
  }
  const expected = numel(record.shape);
  if (record.data.length !== expected) {
    throw new RangeError(`encodeSafetensors: tensor '${name}' has shape [${record.shape.join(', ')}] (${expected} elements) but ${record.data.length} values`);
  }
  const arrayOk =
    (record.dtype === 'F64' && record.data instanceof Float64Array) ||
    (record.dtype === 'F32' && record.data instanceof Float32Array) ||
    (record.dtype === 'I64' && record.data instanceof BigInt64Array) ||
    (record.dtype === 'I32' && record.data instanceof Int32Array);
  if (!arrayOk) {
    throw new TypeError(`encodeSafetensors: tensor '${name}' has dtype ${record.dtype} but its data is a ${record.data.constructor.name}`);
  }
}

/** Copies a record's values into `out` as little-endian bytes. */
function writeValues(record: TensorRecord, out: Uint8Array, at: number): void {
  const nbytes = record.data.length * BYTES_PER_ELEMENT[record.dtype];
  if (LITTLE_ENDIAN_HOST) {
    out.set(new Uint8Array(record.data.buffer, record.data.byteOffset, nbytes), at);
    return;
  }
  const view = new DataView(out.buffer, out.byteOffset + at, nbytes);
  for (let i = 0; i < record.data.length; i++) {
    if (record.dtype === 'F64') view.setFloat64(i * 8, record.data[i]!, true);
    else if (record.dtype === 'F32') view.setFloat32(i * 4, record.data[i]!, true);
    else if (record.dtype === 'I64') view.setBigInt64(i * 8, record.data[i]!, true);
    else view.setInt32(i * 4, record.data[i]!, true);
  }
}

/**
 * Serialises tensors and metadata to safetensors bytes.
 *
 * Tensors are laid out by element size (largest first), then by name, and the header is padded
 * with spaces to a multiple of 8 bytes, so every tensor starts at an offset aligned to its element
 * size (readers can map the file without copying), and the same contents always give the same bytes.
 */
export function encodeSafetensors(contents: SafetensorsContents): Uint8Array {
  const names = Object.keys(contents.tensors);
  for (const name of names) checkRecord(name, contents.tensors[name]!);
  for (const [key, value] of Object.entries(contents.metadata)) {
    if (typeof value !== 'string') {
      throw new TypeError(`encodeSafetensors: metadata['${key}'] must be a string, received ${typeof value}`);
    }
  }
  names.sort((a, b) => {
    const sizeOrder = BYTES_PER_ELEMENT[contents.tensors[b]!.dtype] - BYTES_PER_ELEMENT[contents.tensors[a]!.dtype];
    return sizeOrder !== 0 ? sizeOrder : a < b ? -1 : a > b ? 1 : 0;
  });
  // Null-prototype maps: a tensor named '__proto__' must stay an ordinary key.
  const header: Record<string, unknown> = Object.create(null);
  if (Object.keys(contents.metadata).length > 0) header[METADATA_KEY] = { ...contents.metadata };
  let offset = 0;
  for (const name of names) {
    const record = contents.tensors[name]!;
    const nbytes = record.data.length * BYTES_PER_ELEMENT[record.dtype];
    header[name] = { dtype: record.dtype, shape: [...record.shape], data_offsets: [offset, offset + nbytes] };
    offset += nbytes;
  }
  const json = new TextEncoder().encode(JSON.stringify(header));
  const headerLength = Math.ceil((8 + json.length) / 8) * 8 - 8;
  const out = new Uint8Array(8 + headerLength + offset);
  new DataView(out.buffer).setBigUint64(0, BigInt(headerLength), true);
  out.set(json, 8);
  out.fill(0x20, 8 + json.length, 8 + headerLength);
  const dataStart = 8 + headerLength;
  for (const name of names) {
    const record = contents.tensors[name]!;
    const [begin] = (header[name] as { data_offsets: [number, number] }).data_offsets;
    writeValues(record, out, dataStart + begin);
  }
  return out;
}

/** Reads `count` little-endian values of `dtype` from a copy of `bytes` (so alignment never matters). */
function readValues(dtype: SafetensorsDtype, bytes: Uint8Array, count: number): TensorRecord['data'] {
  // A fresh, 0-aligned copy: typed views need aligned offsets (and Buffer#slice would not copy).
  const copy = new Uint8Array(bytes);
  if (LITTLE_ENDIAN_HOST) {
    if (dtype === 'F64') return new Float64Array(copy.buffer, 0, count);
    if (dtype === 'F32') return new Float32Array(copy.buffer, 0, count);
    if (dtype === 'I64') return new BigInt64Array(copy.buffer, 0, count);
    return new Int32Array(copy.buffer, 0, count);
  }
  const view = new DataView(copy.buffer);
  if (dtype === 'F64') return Float64Array.from({ length: count }, (_, i) => view.getFloat64(i * 8, true));
  if (dtype === 'F32') return Float32Array.from({ length: count }, (_, i) => view.getFloat32(i * 4, true));
  if (dtype === 'I64') return BigInt64Array.from({ length: count }, (_, i) => view.getBigInt64(i * 8, true));
  return Int32Array.from({ length: count }, (_, i) => view.getInt32(i * 4, true));
}

function makeRecord(dtype: SafetensorsDtype, shape: number[], bytes: Uint8Array, count: number): TensorRecord {
  const data = readValues(dtype, bytes, count);
  // The dtype/array pairing is guaranteed by readValues; spell each case out for the type checker.
  if (dtype === 'F64' && data instanceof Float64Array) return { dtype, shape, data };
  if (dtype === 'F32' && data instanceof Float32Array) return { dtype, shape, data };
  if (dtype === 'I64' && data instanceof BigInt64Array) return { dtype, shape, data };
  if (dtype === 'I32' && data instanceof Int32Array) return { dtype, shape, data };
  throw new Error(`internal error: dtype ${dtype} read as ${data.constructor.name}`);
}

interface HeaderEntry {
  name: string;
  dtype: SafetensorsDtype;
  shape: number[];
  begin: number;
  end: number;
}

/** Validates one header entry; every failure is a CheckpointError naming the tensor. */
function parseEntry(source: string, name: string, value: unknown): HeaderEntry {
  const fail = (problem: string): never => {
    throw new CheckpointError(source, `tensor '${name}': ${problem}`);
  };
  if (!isPlainObject(value)) return fail(`header entry must be an object, received ${JSON.stringify(value)}`);
  for (const key of Object.keys(value)) {
    if (key !== 'dtype' && key !== 'shape' && key !== 'data_offsets') fail(`unexpected field '${key}' in header entry`);
  }
  const { dtype, shape, data_offsets: offsets } = value;
  if (!isDtype(dtype)) return fail(`unsupported dtype ${JSON.stringify(dtype)} (supported: ${DTYPES.join(', ')})`);
  if (!Array.isArray(shape) || !shape.every((d): d is number => Number.isSafeInteger(d) && d >= 0)) {
    return fail(`shape must be an array of non-negative integers, received ${JSON.stringify(shape)}`);
  }
  if (!Array.isArray(offsets) || offsets.length !== 2 || !offsets.every((o): o is number => Number.isSafeInteger(o) && o >= 0)) {
    return fail(`data_offsets must be two non-negative integers, received ${JSON.stringify(offsets)}`);
  }
  const [begin, end] = offsets as [number, number];
  if (end < begin) fail(`data_offsets [${begin}, ${end}] end before they begin`);
  const count = numel(shape);
  const expected = count * BYTES_PER_ELEMENT[dtype];
  if (!Number.isSafeInteger(count) || end - begin !== expected) {
    fail(`data_offsets [${begin}, ${end}] span ${end - begin} bytes, but ${dtype} shape [${shape.join(', ')}] needs ${expected}`);
  }
  return { name, dtype, shape: [...shape], begin, end };
}

/**
 * Parses and strictly validates safetensors bytes.
 *
 * Never trusts the input: checks the header length against the buffer and {@link MAX_HEADER_BYTES},
 * that the header is UTF-8 JSON of the right shape, every dtype, shape and offset, and that the
 * tensors tile the data section exactly (no overlaps, no gaps, nothing past the end or left over).
 * Values are copied out, so the result does not alias `bytes`.
 * @param source a name for error messages (the file path)
 * @throws CheckpointError naming `source` and the problem
 */
export function decodeSafetensors(bytes: Uint8Array, source = '<bytes>'): SafetensorsContents {
  const fail = (problem: string): never => {
    throw new CheckpointError(source, problem);
  };
  if (bytes.length < 8) fail(`truncated: ${bytes.length} bytes, but the header length alone takes 8`);
  const declared = new DataView(bytes.buffer, bytes.byteOffset, 8).getBigUint64(0, true);
  if (declared < 2n) fail(`header length ${declared} is too small to hold a JSON object`);
  if (declared > BigInt(MAX_HEADER_BYTES)) fail(`header length ${declared} exceeds the limit of ${MAX_HEADER_BYTES} bytes`);
  const headerLength = Number(declared);
  if (8 + headerLength > bytes.length) {
    fail(`truncated: header length ${headerLength} needs ${8 + headerLength} bytes, but the file has ${bytes.length}`);
  }
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true }).decode(bytes.subarray(8, 8 + headerLength));
  } catch {
    return fail('header is not valid UTF-8');
  }
  if (!text.startsWith('{')) fail(`header must be a JSON object starting with '{', found ${JSON.stringify(text.slice(0, 16))}`);
  let header: unknown;
  try {
    header = JSON.parse(text);
  } catch (error) {
    return fail(`header is not valid JSON (${error instanceof Error ? error.message : String(error)})`);
  }
  if (!isPlainObject(header)) return fail('header must be a JSON object');

  const metadata: Record<string, string> = Object.create(null);
  const entries: HeaderEntry[] = [];
  for (const [name, value] of Object.entries(header)) {
    if (name === METADATA_KEY) {
      if (!isPlainObject(value)) fail(`__metadata__ must be an object of strings, received ${JSON.stringify(value)}`);
      for (const [key, item] of Object.entries(value as Record<string, unknown>)) {
        if (typeof item !== 'string') fail(`__metadata__['${key}'] must be a string, received ${JSON.stringify(item)}`);
        metadata[key] = item as string;
      }
    } else {
      entries.push(parseEntry(source, name, value));
    }
  }

  // The tensors must tile the data section: sorted by offsets, each begins where the last ended.
  const dataStart = 8 + headerLength;
  const dataLength = bytes.length - dataStart;
  entries.sort((a, b) => a.begin - b.begin || a.end - b.end);
  let cursor = 0;
  for (const entry of entries) {
    if (entry.begin < cursor) {
      fail(`tensor '${entry.name}' data_offsets [${entry.begin}, ${entry.end}] overlap the previous tensor, which ends at ${cursor}`);
    }
    if (entry.begin > cursor) fail(`gap in the data: bytes [${cursor}, ${entry.begin}) belong to no tensor (next is '${entry.name}')`);
    if (entry.end > dataLength) {
      fail(`truncated: tensor '${entry.name}' data_offsets [${entry.begin}, ${entry.end}] run past the end of the data (${dataLength} bytes)`);
    }
    cursor = entry.end;
  }
  if (cursor !== dataLength) fail(`the data section has ${dataLength} bytes but the tensors cover ${cursor}: ${dataLength - cursor} trailing bytes`);

  const tensors: Record<string, TensorRecord> = Object.create(null);
  for (const entry of entries) {
    const slice = bytes.subarray(dataStart + entry.begin, dataStart + entry.end);
    tensors[entry.name] = makeRecord(entry.dtype, entry.shape, slice, numel(entry.shape));
  }
  return { tensors, metadata };
}
