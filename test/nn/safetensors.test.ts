import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import {
  CheckpointError,
  decodeSafetensors,
  encodeSafetensors,
  type SafetensorsContents,
  type TensorRecord,
} from '../../src/nn/safetensors.js';
import { loadCheckpoint, saveCheckpoint } from '../../src/train/files.js';

const dir = mkdtempSync(join(tmpdir(), 'grpo-ts-safetensors-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Builds a file by hand: header JSON (unpadded) and raw data. */
function rawFile(header: unknown, data: Uint8Array = new Uint8Array(0), declaredLength?: number): Uint8Array {
  const json = new TextEncoder().encode(typeof header === 'string' ? header : JSON.stringify(header));
  const out = new Uint8Array(8 + json.length + data.length);
  new DataView(out.buffer).setBigUint64(0, BigInt(declaredLength ?? json.length), true);
  out.set(json, 8);
  out.set(data, 8 + json.length);
  return out;
}

const sample: SafetensorsContents = {
  tensors: {
    'policy.layers.0.weight': { dtype: 'F32', shape: [2, 3], data: new Float32Array([1, 2, 3, 4, 5, 6]) },
    'policy.layers.0.bias': { dtype: 'F32', shape: [2], data: new Float32Array([-0.5, 0.25]) },
    'optim.adam.step': { dtype: 'I64', shape: [], data: new BigInt64Array([7n]) },
    counts: { dtype: 'I32', shape: [3], data: new Int32Array([-1, 0, 2147483647]) },
    precise: { dtype: 'F64', shape: [1, 2], data: new Float64Array([Math.PI, -1e-300]) },
    empty: { dtype: 'F32', shape: [0, 4], data: new Float32Array(0) },
  },
  metadata: { config: JSON.stringify({ lr: 3e-4 }), format: 'pt' },
};

describe('safetensors encode/decode', () => {
  it('round-trips every dtype, scalars and empty tensors, with metadata', () => {
    const bytes = encodeSafetensors(sample);
    const back = decodeSafetensors(bytes);
    expect(Object.keys(back.tensors).sort()).toEqual(Object.keys(sample.tensors).sort());
    for (const [name, record] of Object.entries(sample.tensors)) {
      const got = back.tensors[name]!;
      expect(got.dtype).toBe(record.dtype);
      expect(got.shape).toEqual(record.shape);
      expect(got.data).toEqual(record.data);
      expect(got.data.constructor).toBe(record.data.constructor);
    }
    expect({ ...back.metadata }).toEqual(sample.metadata);
  });

  it('writes the documented layout: u64 LE header length, space-padded JSON, 8-byte aligned data', () => {
    const bytes = encodeSafetensors(sample);
    const n = Number(new DataView(bytes.buffer).getBigUint64(0, true));
    expect((8 + n) % 8).toBe(0);
    const header = JSON.parse(new TextDecoder().decode(bytes.subarray(8, 8 + n)));
    expect(header.__metadata__).toEqual(sample.metadata);
    expect(header['policy.layers.0.weight']).toEqual({ dtype: 'F32', shape: [2, 3], data_offsets: expect.any(Array) });
    // Every tensor is aligned to its element size, 8-byte types first.
    for (const [name, entry] of Object.entries(header)) {
      if (name === '__metadata__') continue;
      const { dtype, data_offsets } = entry as { dtype: string; data_offsets: [number, number] };
      expect(data_offsets[0] % (dtype.endsWith('64') ? 8 : 4)).toBe(0);
    }
    // Raw little-endian float32 values of the weight.
    const [begin] = header['policy.layers.0.weight'].data_offsets as [number, number];
    const view = new DataView(bytes.buffer, 8 + n + begin);
    expect(view.getFloat32(4, true)).toBe(2);
  });

  it('is deterministic: the same contents give the same bytes whatever the key order', () => {
    const reversed: Record<string, TensorRecord> = {};
    for (const name of Object.keys(sample.tensors).reverse()) reversed[name] = sample.tensors[name]!;
    expect(encodeSafetensors({ tensors: reversed, metadata: sample.metadata })).toEqual(encodeSafetensors(sample));
  });

  it('keeps NaN, infinities and -0 bit for bit', () => {
    const data = new Float32Array([NaN, Infinity, -Infinity, -0]);
    const back = decodeSafetensors(encodeSafetensors({ tensors: { x: { dtype: 'F32', shape: [4], data } }, metadata: {} }));
    expect(new Uint32Array(back.tensors.x!.data.buffer)).toEqual(new Uint32Array(data.buffer));
  });

  it('treats a tensor named __proto__ as an ordinary name', () => {
    const tensors: Record<string, TensorRecord> = JSON.parse('{"__proto__": 1}');
    tensors['__proto__'] = { dtype: 'F32', shape: [1], data: new Float32Array([3]) };
    const back = decodeSafetensors(encodeSafetensors({ tensors, metadata: {} }));
    expect(Object.keys(back.tensors)).toEqual(['__proto__']);
  });

  it('rejects bad records on write, naming the tensor', () => {
    const bad = (record: TensorRecord) => () => encodeSafetensors({ tensors: { w: record }, metadata: {} });
    expect(bad({ dtype: 'F32', shape: [3], data: new Float32Array(2) })).toThrow(/'w' has shape \[3\] \(3 elements\) but 2 values/);
    expect(bad({ dtype: 'F32', shape: [-1], data: new Float32Array(0) })).toThrow(/'w' has shape/);
    const mismatched = { dtype: 'F64', shape: [1], data: new Float32Array(1) } as unknown as TensorRecord;
    expect(bad(mismatched)).toThrow(/'w' has dtype F64 but its data is a Float32Array/);
    expect(() => encodeSafetensors({ tensors: { __metadata__: sample.tensors.counts! }, metadata: {} })).toThrow(/reserved/);
  });
});

describe('safetensors validation names the problem', () => {
  const f32 = (n: number) => new Uint8Array(new Float32Array(n).buffer);
  const cases: Array<[string, Uint8Array, RegExp]> = [
    ['too short for the length', new Uint8Array(5), /truncated: 5 bytes/],
    ['header length past the end', rawFile({}, new Uint8Array(0), 100), /truncated: header length 100/],
    ['huge header length', rawFile({}, new Uint8Array(0), 2 ** 40), /exceeds the limit/],
    ['tiny header length', rawFile({}, new Uint8Array(0), 1), /too small/],
    ['not JSON', rawFile('{nope'), /not valid JSON/],
    ['not an object', rawFile('[1, 2]'), /must be a JSON object/],
    ['invalid UTF-8', (() => { const b = rawFile('{"a" }'); b[10] = 0xff; return b; })(), /not valid UTF-8/],
    ['metadata not strings', rawFile({ __metadata__: { a: 1 } }), /__metadata__\['a'\] must be a string/],
    ['metadata not an object', rawFile({ __metadata__: [] }), /__metadata__ must be an object/],
    ['unknown dtype', rawFile({ w: { dtype: 'F16', shape: [1], data_offsets: [0, 2] } }, new Uint8Array(2)), /tensor 'w': unsupported dtype "F16"/],
    ['bad shape', rawFile({ w: { dtype: 'F32', shape: [1.5], data_offsets: [0, 4] } }, f32(1)), /tensor 'w': shape must be/],
    ['bad offsets', rawFile({ w: { dtype: 'F32', shape: [1], data_offsets: [0] } }, f32(1)), /tensor 'w': data_offsets must be two/],
    ['reversed offsets', rawFile({ w: { dtype: 'F32', shape: [0], data_offsets: [4, 0] } }, f32(1)), /end before they begin/],
    ['size mismatch', rawFile({ w: { dtype: 'F32', shape: [2], data_offsets: [0, 4] } }, f32(1)), /needs 8/],
    ['extra field', rawFile({ w: { dtype: 'F32', shape: [1], data_offsets: [0, 4], x: 1 } }, f32(1)), /unexpected field 'x'/],
    ['entry not an object', rawFile({ w: 3 }), /tensor 'w': header entry must be an object/],
    [
      'overlap',
      rawFile({ a: { dtype: 'F32', shape: [2], data_offsets: [0, 8] }, b: { dtype: 'F32', shape: [2], data_offsets: [4, 12] } }, f32(3)),
      /'b' data_offsets \[4, 12\] overlap/,
    ],
    ['gap', rawFile({ a: { dtype: 'F32', shape: [1], data_offsets: [4, 8] } }, f32(2)), /gap in the data: bytes \[0, 4\)/],
    ['past the end', rawFile({ a: { dtype: 'F32', shape: [3], data_offsets: [0, 12] } }, f32(2)), /run past the end/],
    ['trailing bytes', rawFile({ a: { dtype: 'F32', shape: [1], data_offsets: [0, 4] } }, f32(2)), /4 trailing bytes/],
  ];
  it.each(cases)('%s', (_label, bytes, pattern) => {
    let caught: unknown;
    try {
      decodeSafetensors(bytes, 'ckpt.safetensors');
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(CheckpointError);
    expect((caught as Error).message).toMatch(/^ckpt\.safetensors: /);
    expect((caught as Error).message).toMatch(pattern);
  });

  it('accepts a file written by hand the way the reference implementation writes it', () => {
    const data = new Uint8Array(new Float32Array([1.5, -2]).buffer);
    const back = decodeSafetensors(rawFile({ w: { dtype: 'F32', shape: [2], data_offsets: [0, 8] }, __metadata__: { format: 'pt' } }, data));
    expect(back.tensors.w!.data).toEqual(new Float32Array([1.5, -2]));
    expect(back.metadata.format).toBe('pt');
  });
});

// Arbitrary valid contents: a few tensors of each dtype with small shapes.
const arbRecord: fc.Arbitrary<TensorRecord> = fc
  .tuple(fc.constantFrom('F64', 'F32', 'I64', 'I32'), fc.array(fc.integer({ min: 0, max: 3 }), { maxLength: 3 }), fc.integer())
  .map(([dtype, shape, seed]): TensorRecord => {
    const n = shape.reduce((a, b) => a * b, 1);
    const values = Array.from({ length: n }, (_, i) => ((seed + i * 7919) % 1000) / 7);
    if (dtype === 'F64') return { dtype, shape, data: Float64Array.from(values) };
    if (dtype === 'F32') return { dtype, shape, data: Float32Array.from(values) };
    if (dtype === 'I64') return { dtype, shape, data: BigInt64Array.from(values, (v) => BigInt(Math.round(v))) };
    return { dtype: 'I32', shape, data: Int32Array.from(values, (v) => Math.round(v)) };
  });
const arbContents: fc.Arbitrary<SafetensorsContents> = fc.record({
  tensors: fc.dictionary(fc.string({ minLength: 1, maxLength: 6 }).filter((s) => s !== '__metadata__'), arbRecord, { maxKeys: 5 }),
  metadata: fc.dictionary(fc.string({ maxLength: 6 }), fc.string({ maxLength: 8 }), { maxKeys: 3 }),
});

describe('safetensors loader properties (fast-check)', () => {
  it('round-trips arbitrary contents', () => {
    fc.assert(
      fc.property(arbContents, (contents) => {
        const back = decodeSafetensors(encodeSafetensors(contents));
        expect(encodeSafetensors(back)).toEqual(encodeSafetensors(contents));
      }),
      { numRuns: 200 },
    );
  });

  it('rejects every truncation with a CheckpointError', () => {
    fc.assert(
      fc.property(arbContents, fc.nat(), (contents, cut) => {
        const bytes = encodeSafetensors(contents);
        const length = cut % bytes.length; // strictly shorter than the file
        expect(() => decodeSafetensors(bytes.subarray(0, length))).toThrow(CheckpointError);
      }),
      { numRuns: 300 },
    );
  });

  it('never crashes on corrupted bytes: either a CheckpointError or a consistent result', () => {
    fc.assert(
      fc.property(arbContents, fc.array(fc.tuple(fc.nat(), fc.integer({ min: 0, max: 255 })), { minLength: 1, maxLength: 4 }), (contents, flips) => {
        const bytes = encodeSafetensors(contents).slice();
        for (const [at, value] of flips) bytes[at % bytes.length] = value;
        let decoded: SafetensorsContents | undefined;
        try {
          decoded = decodeSafetensors(bytes);
        } catch (error) {
          expect(error).toBeInstanceOf(CheckpointError);
          return;
        }
        // A corruption that still parses (e.g. in the values) must give a self-consistent file.
        for (const record of Object.values(decoded.tensors)) {
          expect(record.data.length).toBe(record.shape.reduce((a, b) => a * b, 1));
        }
        expect(() => encodeSafetensors(decoded)).not.toThrow();
      }),
      { numRuns: 500 },
    );
  });

  it('rejects arbitrary garbage with a CheckpointError, never another exception', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 64 }), (bytes) => {
        try {
          decodeSafetensors(bytes);
        } catch (error) {
          expect(error).toBeInstanceOf(CheckpointError);
        }
      }),
      { numRuns: 500 },
    );
  });
});

describe('saveCheckpoint / loadCheckpoint', () => {
  it('saves and loads a file, leaving no temp files behind', () => {
    const path = join(dir, 'a.safetensors');
    saveCheckpoint(path, sample);
    const back = loadCheckpoint(path);
    expect(back.tensors['policy.layers.0.weight']!.data).toEqual(sample.tensors['policy.layers.0.weight']!.data);
    expect(readdirSync(dir).filter((f) => f.endsWith('.tmp'))).toEqual([]);
  });

  it('replaces an existing file atomically and keeps it when a write fails', () => {
    const path = join(dir, 'b.safetensors');
    saveCheckpoint(path, sample);
    const before = readFileSync(path);
    const bad = { dtype: 'F32', shape: [2], data: new Float32Array(1) } as const;
    expect(() => saveCheckpoint(path, { tensors: { w: bad } })).toThrow(RangeError);
    expect(readFileSync(path)).toEqual(before);
    // A write into a missing directory fails before touching anything.
    expect(() => saveCheckpoint(join(dir, 'missing', 'c.safetensors'), sample)).toThrow();
    saveCheckpoint(path, { tensors: {}, metadata: { only: 'metadata' } });
    expect({ ...loadCheckpoint(path).metadata }).toEqual({ only: 'metadata' });
    expect(readdirSync(dir).filter((f) => f.endsWith('.tmp'))).toEqual([]);
  });

  it('names the file when it is missing or corrupt', () => {
    const missing = join(dir, 'nope.safetensors');
    expect(() => loadCheckpoint(missing)).toThrow(new RegExp(`${missing}: cannot read the file`));
    const torn = join(dir, 'torn.safetensors');
    writeFileSync(torn, encodeSafetensors(sample).subarray(0, 50));
    expect(() => loadCheckpoint(torn)).toThrow(CheckpointError);
    expect(() => loadCheckpoint(torn)).toThrow(new RegExp(`^${torn}: truncated`));
    expect(existsSync(torn)).toBe(true);
  });
});
