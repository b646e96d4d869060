// The audit of one gradient update, pure: what the loss was made of, its ratios and advantages,
// the gradient and weight norms per parameter before and after the optimiser step, and (when
// asked) a float64 central-difference check of random gradient entries. It only reads: it never
// draws from a training stream and leaves the gradients as it found them. Node's harness writes
// its records to audit.jsonl; the teaching page shows them.
import { noGrad, type Tensor } from '../autograd/index.js';
import type { MinibatchArrays, NamedParams, UpdateContext, UpdateProbe, UpdateView } from '../algos/update.js';
import type { Rng } from '../tensor/rng.js';

/** mean, population std, min and max of a list of values (NaN for an empty list). */
export interface Summary {
  readonly mean: number;
  readonly std: number;
  readonly min: number;
  readonly max: number;
}

/** One parameter after an update. */
export interface ParamAudit {
  /** The optimiser's name of the parameter (`policy.net.layers.0.weight`). */
  readonly name: string;
  /** L2 norm of the loss's gradient (before clipping). */
  readonly grad_norm: number;
  /** L2 norm of the weights after the optimiser step. */
  readonly weight_norm: number;
  /** L2 norm of the change the step made. */
  readonly update_norm: number;
  /** update_norm / weight_norm (the update-to-weight ratio; ~1e-3 is the usual healthy scale). */
  readonly update_ratio: number;
}

/** One entry of the finite-difference check. */
export interface FdEntry {
  readonly param: string;
  /** Flat (row-major) index into the parameter. */
  readonly index: number;
  /** The float32 gradient the update used (before clipping). */
  readonly analytic: number;
  /** The same gradient from the float64 copy of the loss (backward in float64). */
  readonly analytic_f64: number;
  /** (L(w + eps) - L(w - eps)) / (2 eps) in float64. */
  readonly numerical: number;
  /** |analytic - numerical| / max(|analytic|, |numerical|, 1e-8). */
  readonly rel_error: number;
}

/** The finite-difference check of one update. */
export interface FdCheck {
  readonly eps: number;
  readonly entries: readonly FdEntry[];
  readonly max_rel_error: number;
}

/** One line of audit.jsonl. Numbers are JSON numbers; NaN and infinities are written as strings. */
export interface AuditRecord {
  /** The run's update counter (0-based, over every iteration). */
  readonly update: number;
  /** The iteration (1-based, as training.log and checkpoint-<n> count them). */
  readonly iteration: number;
  /** The pass over the iteration's batch (0-based; PPO's epoch). */
  readonly pass: number;
  /** The minibatch within the pass (0-based). */
  readonly minibatch: number;
  /** The run's env steps and finished episodes when the update ran. */
  readonly global_step: number;
  readonly episodes: number;
  /** Steps and whole episodes in the minibatch (episodes null for PPO). */
  readonly minibatch_steps: number;
  readonly minibatch_episodes: number | null;
  /** The loss and its parts, each as it enters the loss (total = surrogate + kl_penalty - entropy_bonus + value). */
  readonly loss: { readonly total: number; readonly surrogate: number; readonly kl_penalty: number | null; readonly entropy_bonus: number | null; readonly value: number | null };
  readonly ratio: Summary | null;
  readonly advantage: Summary;
  readonly clip_frac: { readonly low: number | null; readonly high: number | null; readonly total: number } | null;
  /** The global gradient norm before and after clipping to maxGradNorm. */
  readonly grad_norm: { readonly before_clip: number; readonly after_clip: number };
  readonly params: readonly ParamAudit[];
  readonly fd: FdCheck | null;
}

/** Where an update ran (the run's counters). */
export interface AuditWhere {
  readonly update: number;
  readonly iteration: number;
  readonly globalStep: number;
  readonly episodes: number;
}

/** Everything of one update, for an export: weights, minibatch, loss parts, gradients. */
export interface UpdateCapture {
  readonly record: AuditRecord;
  readonly settings: Readonly<Record<string, number | string | boolean>>;
  readonly minibatch: MinibatchArrays;
  readonly minibatchDocs: Readonly<Record<string, string>>;
  readonly shapes: Readonly<Record<string, readonly number[]>>;
  readonly weightsBefore: Readonly<Record<string, number[]>>;
  /** The loss's gradients (before clipping). */
  readonly gradients: Readonly<Record<string, number[]>>;
  /** The gradients the optimiser applied (after clipping). */
  readonly appliedGradients: Readonly<Record<string, number[]>>;
  readonly weightsAfter: Readonly<Record<string, number[]>>;
}

/** Options of {@link UpdateAuditor}. */
export interface AuditorOptions {
  /** Run the finite-difference check on this many random entries drawn from `rng` (null: no check). */
  readonly fd: { readonly entries: number; readonly rng: Rng; readonly eps?: number } | null;
  /** Keep the weights, gradients and minibatch for an export. */
  readonly capture?: boolean;
}

/** mean, population std, min, max of `values` (NaN when empty), accumulated in float64. */
export function summarize(values: ArrayLike<number>): Summary {
  const n = values.length;
  if (n === 0) return { mean: NaN, std: NaN, min: NaN, max: NaN };
  let sum = 0;
  let min = Infinity;
  let max = -Infinity;
  for (let i = 0; i < n; i++) {
    const v = values[i] as number;
    sum += v;
    if (v < min) min = v;
    if (v > max) max = v;
  }
  const mean = sum / n;
  let sq = 0;
  for (let i = 0; i < n; i++) sq += ((values[i] as number) - mean) ** 2;
  return { mean, std: Math.sqrt(sq / n), min, max };
}

/** The L2 norm of `values`, accumulated in float64. */
export function l2(values: ArrayLike<number>): number {
  let s = 0;
  for (let i = 0; i < values.length; i++) s += (values[i] as number) ** 2;
  return Math.sqrt(s);
}

function gradOf(p: Tensor): ArrayLike<number> {
  return p.grad === null ? new Float64Array(p.size) : p.grad.toTypedArray();
}

/** The relative error of the finite-difference check: |a - n| / max(|a|, |n|, 1e-8). */
export function relativeError(analytic: number, numerical: number): number {
  return Math.abs(analytic - numerical) / Math.max(Math.abs(analytic), Math.abs(numerical), 1e-8);
}

/**
 * Float64 central differences of `fl.loss()` at `entries` random parameter entries, drawn from
 * `rng` uniformly over all of the parameters' elements, beside the float32 gradient `analyticOf`
 * gives and the float64 gradient of one backward pass through the copy.
 */
export function finiteDifferenceCheck(view: UpdateView, analyticOf: (name: string, index: number) => number, entries: number, rng: Rng, eps = 1e-6): FdCheck {
  const fl = view.float64();
  const total = fl.named.reduce((n, [, p]) => n + p.size, 0);
  const picks: Array<{ param: string; tensor: Tensor; index: number }> = [];
  for (let k = 0; k < entries; k++) {
    let flat = rng.int(total);
    for (const [name, p] of fl.named) {
      if (flat < p.size) {
        picks.push({ param: name, tensor: p, index: flat });
        break;
      }
      flat -= p.size;
    }
  }
  fl.loss().backward();
  const out = picks.map(({ param, tensor, index }): FdEntry => {
    const data = tensor.data;
    const saved = data[index] as number;
    const [plus, minus] = noGrad(() => {
      data[index] = saved + eps;
      const p = fl.loss().item();
      data[index] = saved - eps;
      const m = fl.loss().item();
      data[index] = saved;
      return [p, m];
    });
    const numerical = (plus - minus) / (2 * eps);
    const analytic = analyticOf(param, index);
    return { param, index, analytic, analytic_f64: tensor.grad === null ? 0 : (tensor.grad.toTypedArray()[index] as number), numerical, rel_error: relativeError(analytic, numerical) };
  });
  return { eps, entries: out, max_rel_error: out.reduce((m, e) => Math.max(m, e.rel_error), 0) };
}

/**
 * Audits one update as an {@link UpdateProbe}: hand it to `applyUpdate`, then read `record` (and
 * `capture` when asked). Reads the gradients after backward (before clipping) and the weights
 * before and after the step; never writes to the trainer's tensors.
 */
export class UpdateAuditor implements UpdateProbe {
  private view: UpdateView | null = null;
  private before = new Map<string, Float64Array>();
  private gradNorms = new Map<string, number>();
  private grads = new Map<string, number[]>();
  private fd: FdCheck | null = null;
  private result: AuditRecord | null = null;
  private captured: UpdateCapture | null = null;

  constructor(
    private readonly where: AuditWhere,
    private readonly context: UpdateContext,
    private readonly loss: Tensor,
    private readonly options: AuditorOptions,
  ) {}

  afterBackward(named: NamedParams): void {
    const view = this.context.view();
    this.view = view;
    for (const [name, p] of named) {
      const g = gradOf(p);
      this.gradNorms.set(name, l2(g));
      this.before.set(name, Float64Array.from(p.toTypedArray()));
      if (this.options.capture) this.grads.set(name, Array.from(g));
    }
    const fd = this.options.fd;
    if (fd !== null && fd.entries > 0) {
      const byName = new Map(named.map(([n, p]) => [n, p]));
      this.fd = finiteDifferenceCheck(view, (name, index) => gradOf(byName.get(name)!)[index] as number, fd.entries, fd.rng, fd.eps);
    }
  }

  afterStep(named: NamedParams, normBeforeClip: number): void {
    const view = this.view;
    if (view === null) throw new Error('UpdateAuditor: afterStep before afterBackward');
    let clippedSq = 0;
    const params = named.map(([name, p]): ParamAudit => {
      const after = p.toTypedArray();
      const before = this.before.get(name)!;
      let delta = 0;
      for (let i = 0; i < after.length; i++) delta += ((after[i] as number) - (before[i] as number)) ** 2;
      const g = gradOf(p);
      for (let i = 0; i < g.length; i++) clippedSq += (g[i] as number) ** 2;
      const weightNorm = l2(after);
      const updateNorm = Math.sqrt(delta);
      return { name, grad_norm: this.gradNorms.get(name)!, weight_norm: weightNorm, update_norm: updateNorm, update_ratio: updateNorm / weightNorm };
    });
    const { where, context } = this;
    const t = view.terms;
    this.result = {
      update: where.update,
      iteration: where.iteration,
      pass: context.pass,
      minibatch: context.minibatch,
      global_step: where.globalStep,
      episodes: where.episodes,
      minibatch_steps: view.steps,
      minibatch_episodes: view.episodes,
      loss: { total: this.loss.item(), surrogate: t.surrogate, kl_penalty: t.klPenalty, entropy_bonus: t.entropyBonus, value: t.value },
      ratio: view.ratios === null ? null : summarize(view.ratios),
      advantage: summarize(view.advantages),
      clip_frac: view.clip === null ? null : { low: view.clip.low, high: view.clip.high, total: view.clip.total },
      grad_norm: { before_clip: normBeforeClip, after_clip: Math.sqrt(clippedSq) },
      params,
      fd: this.fd,
    };
    if (this.options.capture) {
      const record = this.result;
      this.captured = {
        record,
        settings: view.settings,
        minibatch: view.minibatch(),
        minibatchDocs: view.minibatchDocs,
        shapes: Object.fromEntries(named.map(([n, p]) => [n, p.shape.slice()])),
        weightsBefore: Object.fromEntries([...this.before].map(([n, v]) => [n, Array.from(v)])),
        gradients: Object.fromEntries(this.grads),
        appliedGradients: Object.fromEntries(named.map(([n, p]) => [n, Array.from(gradOf(p))])),
        weightsAfter: Object.fromEntries(named.map(([n, p]) => [n, Array.from(p.toTypedArray())])),
      };
    }
  }

  /** The record of the audited update (after `afterStep`). */
  get record(): AuditRecord {
    if (this.result === null) throw new Error('UpdateAuditor: the update has not run yet');
    return this.result;
  }

  /** The captured update (with `capture: true`, after `afterStep`). */
  get capture(): UpdateCapture | null {
    return this.captured;
  }
}

/** A record as one JSON line: NaN and infinities become the strings "NaN", "Infinity", "-Infinity". */
export function encodeAuditRecord(record: AuditRecord): string {
  return JSON.stringify(record, (_key, value: unknown) => (typeof value === 'number' && !Number.isFinite(value) ? String(value) : value));
}

/**
 * The first place two JSON values differ (a path such as `params[2].grad_norm` with both
 * values), or null when they are identical; numbers are compared bit for bit (Object.is).
 */
export function firstMismatch(expected: unknown, actual: unknown, path = ''): string | null {
  const show = (v: unknown) => JSON.stringify(v)?.slice(0, 60) ?? String(v);
  if (typeof expected !== typeof actual || Array.isArray(expected) !== Array.isArray(actual) || (expected === null) !== (actual === null)) {
    return `${path || 'record'}: recorded ${show(expected)}, recomputed ${show(actual)}`;
  }
  if (Array.isArray(expected) && Array.isArray(actual)) {
    if (expected.length !== actual.length) return `${path}: recorded ${expected.length} entries, recomputed ${actual.length}`;
    for (let i = 0; i < expected.length; i++) {
      const m = firstMismatch(expected[i], actual[i], `${path}[${i}]`);
      if (m !== null) return m;
    }
    return null;
  }
  if (expected !== null && typeof expected === 'object' && actual !== null && typeof actual === 'object') {
    const e = new Map<string, unknown>(Object.entries(expected));
    const a = new Map<string, unknown>(Object.entries(actual));
    for (const k of new Set([...e.keys(), ...a.keys()])) {
      const m = firstMismatch(e.get(k), a.get(k), path === '' ? k : `${path}.${k}`);
      if (m !== null) return m;
    }
    return null;
  }
  return Object.is(expected, actual) ? null : `${path || 'record'}: recorded ${show(expected)}, recomputed ${show(actual)}`;
}
