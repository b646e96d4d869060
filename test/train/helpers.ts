// What the trainer tests share: temporary log dirs, byte-level comparisons of metrics and weights.
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadCheckpoint, WALL_CLOCK_TAGS, type MetricRecord } from '../../src/index.js';

/** A fresh temporary directory (a log dir per run). */
export const tmpDir = (prefix: string) => mkdtempSync(join(tmpdir(), `grpo-ts-${prefix}-`));

/** metrics.jsonl without the wall-clock records, as text (byte comparison). */
export const deterministicMetrics = (runDir: string) =>
  readFileSync(join(runDir, 'metrics.jsonl'), 'utf8').split('\n').filter((l) => l.length > 0 && !WALL_CLOCK_TAGS.some((t) => l.includes(`"tag":"${t}"`))).join('\n');

/** Every tensor of a checkpoint, by name: dtype, shape and bytes (hex), for byte-exact comparison. */
export const weightsOf = (path: string) =>
  Object.fromEntries(Object.entries(loadCheckpoint(path).tensors).map(([k, r]) => [k, `${r.dtype} [${r.shape.join(',')}] ${Buffer.from(r.data.buffer, r.data.byteOffset, r.data.byteLength).toString('hex')}`]));

/** The values of one tag, in order. */
export const valuesOf = (records: MetricRecord[], tag: string) => records.filter((r) => r.tag === tag).map((r) => r.value);

/** The values of one numeric tag, in order. */
export const numbersOf = (records: MetricRecord[], tag: string) => valuesOf(records, tag).map(Number);

export const mean = (v: number[]) => v.reduce((a, b) => a + b, 0) / v.length;
