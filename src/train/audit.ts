// The audit on disk: reading audit.jsonl, replaying an iteration from the checkpoint before it
// (an audited run checkpoints every iteration, and a resumed run replays bit for bit), verifying
// that every recorded number comes out again, and exporting one update as self-contained JSON.
import { copyFileSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { encodeAuditRecord, firstMismatch, type UpdateCapture } from '../eval/audit.js';
import { fieldsOf, isAlgo, type TrainConfig } from './config.js';
import { resolveConfig } from './config_fields.js';
import { TrainingError } from './errors.js';
import { loadCheckpoint } from './files.js';
import { train } from './train.js';

/** One line of audit.jsonl as read back: the parsed record and its identifying numbers. */
export interface StoredAuditRecord {
  readonly update: number;
  readonly iteration: number;
  readonly pass: number;
  readonly minibatch: number;
  /** The whole record, parsed (numbers compared bit for bit). */
  readonly value: Readonly<Record<string, unknown>>;
}

/** The path of a run's audit.jsonl. */
export function auditPathOf(runDir: string): string {
  return join(runDir, 'audit.jsonl');
}

function numberField(value: Readonly<Record<string, unknown>>, key: string, where: string): number {
  const v = value[key];
  if (typeof v !== 'number' || !Number.isInteger(v)) throw new TrainingError(`${where}: '${key}' must be an integer, received ${JSON.stringify(v)}`);
  return v;
}

/** Reads audit.jsonl; every line must be a record with integer update, iteration, pass and minibatch. */
export function readAuditRecords(runDir: string): StoredAuditRecord[] {
  const path = auditPathOf(runDir);
  const text = readFileSync(path, 'utf8');
  return text.split('\n').filter((l) => l.length > 0).map((line, i) => {
    const where = `${path}:${i + 1}`;
    let parsed: unknown;
    try {
      parsed = JSON.parse(line);
    } catch (error) {
      throw new TrainingError(`${where}: not valid JSON (${error instanceof Error ? error.message : String(error)})`);
    }
    if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) throw new TrainingError(`${where}: not a JSON object`);
    const value: Record<string, unknown> = Object.fromEntries(Object.entries(parsed));
    return { update: numberField(value, 'update', where), iteration: numberField(value, 'iteration', where), pass: numberField(value, 'pass', where), minibatch: numberField(value, 'minibatch', where), value };
  });
}

/** The run's config (config.json), resolved against its algorithm's field table. */
export function readRunConfig(runDir: string): TrainConfig {
  const path = join(runDir, 'config.json');
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(path, 'utf8'));
  } catch (error) {
    throw new TrainingError(`${path}: cannot read the run config (${error instanceof Error ? error.message : String(error)})`);
  }
  const values: Record<string, unknown> = raw !== null && typeof raw === 'object' && !Array.isArray(raw) ? Object.fromEntries(Object.entries(raw)) : {};
  const algo = values['algo'];
  if (!isAlgo(algo)) throw new TrainingError(`${path}: algo must be one of grpo, ppo, reinforce, received ${JSON.stringify(algo)}`);
  return resolveConfig(fieldsOf(algo), values, path);
}

/** A checkpoint of the run with the iterations and updates done before it. */
interface CheckpointAt {
  readonly path: string;
  readonly iteration: number;
  readonly updates: number;
}

/** The run's `checkpoint-<n>` files, oldest first, with their update counters. */
function checkpointsOf(runDir: string): CheckpointAt[] {
  const models = join(runDir, 'models');
  if (!existsSync(models)) return [];
  return readdirSync(models)
    .map((name) => /^checkpoint-(\d+)\.safetensors$/.exec(name))
    .filter((m): m is RegExpExecArray => m !== null)
    .map((m) => Number(m[1]))
    .sort((a, b) => a - b)
    .map((iteration) => {
      const path = join(models, `checkpoint-${iteration}.safetensors`);
      const raw = loadCheckpoint(path).metadata['trainer'];
      const parsed: unknown = raw === undefined ? null : JSON.parse(raw);
      const updates = parsed !== null && typeof parsed === 'object' && 'updates' in parsed && typeof parsed.updates === 'number' ? parsed.updates : 0;
      const counters: unknown = parsed !== null && typeof parsed === 'object' && 'counters' in parsed ? parsed.counters : null;
      const saved = counters !== null && typeof counters === 'object' && 'iteration' in counters ? counters.iteration : undefined;
      if (saved !== iteration) throw new TrainingError(`${path}: the checkpoint holds iteration ${JSON.stringify(saved)}, not ${iteration}; it does not belong to this run's audit`);
      return { path, iteration, updates };
    });
}

/** What a replay produced: the records its audit wrote, and the captured update (when asked). */
export interface Replay {
  /** The replayed start: a checkpoint path, or null for the run's beginning. */
  readonly from: string | null;
  readonly records: StoredAuditRecord[];
  readonly capture: { readonly capture: UpdateCapture; readonly lr: number } | null;
}

/**
 * Re-runs the trainer of `runDir` in a temporary directory from `start` (a checkpoint, or the
 * run's beginning) until `done` says so after an iteration, with the run's own config (its audit
 * settings included). A resumed run is bit-identical to the original, so its audit
 * records must be too.
 */
async function replay(runDir: string, start: CheckpointAt | null, done: (iteration: number, captured: boolean) => boolean, captureUpdate: number | null): Promise<Replay> {
  const config = readRunConfig(runDir);
  const temp = mkdtempSync(join(tmpdir(), 'grpo-audit-replay-'));
  let captured: Replay['capture'] = null;
  let completed = start?.iteration ?? 0;
  try {
    // A resumed run checks its logs against the checkpoint (and cuts them back to it): it gets copies.
    if (start !== null) {
      for (const name of ['metrics.jsonl', 'training.log', 'audit.jsonl']) if (existsSync(join(runDir, name))) copyFileSync(join(runDir, name), join(temp, name));
    }
    // The run's own config, unchanged: a resumed run may change only its budget.
    await train({ ...config }, {
      runDir: temp,
      ...(start === null ? {} : { resumeFrom: start.path }),
      onIteration: (report) => {
        completed = report.iteration;
      },
      shouldStop: () => done(completed, captured !== null),
      ...(captureUpdate === null ? {} : { capture: { update: captureUpdate, onCapture: (capture: UpdateCapture, lr: number) => { captured = { capture, lr }; } } }),
    });
    const records = existsSync(auditPathOf(temp)) ? readAuditRecords(temp) : [];
    return { from: start?.path ?? null, records, capture: captured };
  } finally {
    rmSync(temp, { recursive: true, force: true });
  }
}

/** The result of {@link verifyIteration}. */
export interface Verified {
  readonly from: string | null;
  /** The verified records (recorded = recomputed), in update order. */
  readonly records: StoredAuditRecord[];
}

/**
 * Replays iteration `iteration` (1-based) of an audited run from the newest checkpoint before it
 * and checks that every record of that iteration in audit.jsonl (or only update `update`) comes
 * out bit for bit. Throws a TrainingError naming the first number that differs.
 */
export async function verifyIteration(runDir: string, iteration: number, update: number | null = null): Promise<Verified> {
  const stored = readAuditRecords(runDir).filter((r) => r.iteration === iteration && (update === null || r.update === update));
  if (stored.length === 0) throw new TrainingError(`${auditPathOf(runDir)} has no record of iteration ${iteration}${update === null ? '' : ` and update ${update}`}`);
  const start = checkpointsOf(runDir).filter((c) => c.iteration < iteration).pop() ?? null;
  const result = await replay(runDir, start, (completed) => completed >= iteration, null);
  const recomputed = new Map(result.records.map((r) => [r.update, r]));
  for (const r of stored) {
    const again = recomputed.get(r.update);
    const where = `update ${r.update} (iteration ${r.iteration}, pass ${r.pass}, minibatch ${r.minibatch}), replayed from ${result.from ?? 'the start of the run'}`;
    if (again === undefined) throw new TrainingError(`${where}: the replay made no such update; the checkpoint does not match the audit`);
    const mismatch = firstMismatch(r.value, again.value);
    if (mismatch !== null) throw new TrainingError(`${where}: mismatch at ${mismatch}`);
  }
  return { from: result.from, records: stored };
}

/** The documented JSON of one exported update (see {@link exportUpdate}). */
export type UpdateExport = Readonly<Record<string, unknown>>;

/**
 * Replays the run up to update `update` (0-based, the audit's counter) from the newest checkpoint
 * before it and returns the update as self-contained JSON: the weights before, the minibatch, the
 * config values of the loss, the loss terms, every gradient and the weights after the step. When
 * audit.jsonl holds a record of the update, the replay must reproduce it bit for bit.
 */
export async function exportUpdate(runDir: string, update: number): Promise<UpdateExport> {
  const config = readRunConfig(runDir);
  const start = checkpointsOf(runDir).filter((c) => c.updates <= update).pop() ?? null;
  const result = await replay(runDir, start, (_iteration, captured) => captured, update);
  if (result.capture === null) throw new TrainingError(`update ${update}: the run has no such update (replayed from ${result.from ?? 'the start of the run'} to its end)`);
  const { capture, lr } = result.capture;
  const stored = existsSync(auditPathOf(runDir)) ? readAuditRecords(runDir).find((r) => r.update === update) : undefined;
  if (stored !== undefined) {
    const mismatch = firstMismatch(stored.value, JSON.parse(encodeAuditRecord(capture.record)));
    if (mismatch !== null) throw new TrainingError(`update ${update}: the replay does not reproduce audit.jsonl: ${mismatch}`);
  }
  const r = capture.record;
  return {
    format: 'grpo-ts update export, version 1',
    docs: {
      update: "the run's update counter (0-based); iteration is 1-based as in training.log; pass and minibatch are 0-based",
      network: 'the policy (and for PPO the value network): an MLP of Linear layers ([out, in] weights as PyTorch) with the activation between hidden layers; a categorical policy over logits for discrete actions, a diagonal Gaussian with a state-independent logStd for continuous ones',
      loss_settings: 'the config values that enter the loss (see the README for the formula of each algorithm)',
      minibatch: 'the inputs of the loss, flat row-major arrays; minibatch_docs gives each shape',
      loss: 'the loss and its parts as computed in float32: total = surrogate + kl_penalty - entropy_bonus + value',
      parameters: 'per parameter (optimiser order): shape, weights before the update, the gradient of the loss (before clipping), the gradient the optimiser applied (after clipping), the weights after the optimiser step',
      optimizer: 'Adam with this learning rate and eps; its moments are in the checkpoint, not here, so weights_after is recorded rather than recomputable from this file alone',
    },
    run: runDir,
    algo: config.algo,
    env: config.env,
    seed: config.seed,
    update: r.update,
    iteration: r.iteration,
    pass: r.pass,
    minibatch: r.minibatch,
    network: { hidden_sizes: config.hiddenSizes, activation: config.activation },
    loss_settings: capture.settings,
    optimizer: { name: 'adam', lr, eps: config.adamEps, max_grad_norm: config.maxGradNorm },
    minibatch_docs: capture.minibatchDocs,
    minibatch_data: capture.minibatch,
    loss: r.loss,
    grad_norm: r.grad_norm,
    parameters: Object.keys(capture.shapes).map((name) => ({
      name,
      shape: capture.shapes[name],
      weights_before: capture.weightsBefore[name],
      gradient: capture.gradients[name],
      applied_gradient: capture.appliedGradients[name],
      weights_after: capture.weightsAfter[name],
    })),
  };
}
