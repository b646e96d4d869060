// Adam (Kingma & Ba 2015) and AdamW (Loshchilov & Hutter 2019), as PyTorch's torch.optim.Adam /
// AdamW compute them (non-amsgrad): the same defaults, bias corrections and eps placement.
import { adamStepWasm } from '../../tensor/backend.js';
import type { TypedArray } from '../../tensor/dtype.js';
import { copyBuffer, gradValues, hyperBoolean, hyperNumber, Optimizer, type OptimizerState, type ParamList } from './optimizer.js';

/** Options of {@link Adam} and {@link AdamW}. */
export interface AdamOptions {
  /** Learning rate. Default 1e-3. */
  readonly lr?: number;
  /** Decay rates of the first and second moment estimates. Default [0.9, 0.999]. */
  readonly betas?: readonly [number, number];
  /** Added to the denominator: 1e-8 by default; PPO implementations often use 1e-5. */
  readonly eps?: number;
  /** Weight decay: L2 added to the gradient (Adam) or decoupled (AdamW). Default 0 (Adam), 0.01 (AdamW). */
  readonly weightDecay?: number;
}

interface Moments {
  step: number;
  expAvg: TypedArray;
  expAvgSq: TypedArray;
}

/**
 * Adam. For each parameter p with gradient g, at its step t:
 *   g <- g + weightDecay * p                       (Adam's L2; AdamW instead p <- p (1 - lr wd))
 *   m <- b1 m + (1 - b1) g,  v <- b2 v + (1 - b2) g^2
 *   p <- p - (lr / (1 - b1^t)) m / (sqrt(v) / sqrt(1 - b2^t) + eps)
 *
 * NOTE: each element is updated in float64 and stored in the parameter's dtype; the moments are
 * kept in the parameter's dtype (as PyTorch does), so the state saved in a checkpoint is exact.
 * The step allocates nothing: it loops over the parameter, gradient and moment arrays in place.
 * @example
 * const opt = new Adam(agent.namedParameters(), { lr: 2.5e-4, eps: 1e-5 });
 * opt.zeroGrad(); loss.backward(); clipGradNorm(agent.parameters(), 0.5); opt.step();
 */
export class Adam extends Optimizer {
  beta1: number;
  beta2: number;
  eps: number;
  weightDecay: number;
  /** Whether weight decay is decoupled from the gradient (AdamW). */
  readonly decoupled: boolean;
  private readonly moments = new Map<string, Moments>();

  constructor(params: ParamList, options: AdamOptions = {}, decoupled = false) {
    const who = decoupled ? 'AdamW' : 'Adam';
    super(params, options.lr ?? 1e-3, who);
    const [beta1, beta2] = options.betas ?? [0.9, 0.999];
    const eps = options.eps ?? 1e-8;
    const weightDecay = options.weightDecay ?? (decoupled ? 0.01 : 0);
    for (const [name, value] of [['betas[0]', beta1], ['betas[1]', beta2]] as const) {
      if (!(value >= 0 && value < 1)) throw new RangeError(`${who}: ${name} must be in [0, 1), received ${value}`);
    }
    if (!(eps >= 0)) throw new RangeError(`${who}: eps must be >= 0, received ${eps}`);
    if (!(weightDecay >= 0)) throw new RangeError(`${who}: weightDecay must be >= 0, received ${weightDecay}`);
    this.beta1 = beta1;
    this.beta2 = beta2;
    this.eps = eps;
    this.weightDecay = weightDecay;
    this.decoupled = decoupled;
  }

  private get kind(): string {
    return this.decoupled ? 'adamw' : 'adam';
  }

  step(): void {
    const { lr, beta1, beta2, eps, weightDecay, decoupled } = this;
    for (const [name, param] of this.namedParams) {
      const g = gradValues(param);
      if (g === null) continue;
      let st = this.moments.get(name);
      if (st === undefined) {
        st = { step: 0, expAvg: copyBuffer(param, []), expAvgSq: copyBuffer(param, []) };
        this.moments.set(name, st);
      }
      st.step += 1;
      const stepSize = lr / (1 - beta1 ** st.step);
      const bias2Sqrt = Math.sqrt(1 - beta2 ** st.step);
      const l2 = decoupled ? 0 : weightDecay;
      const shrink = decoupled ? 1 - lr * weightDecay : 1;
      const p = param.data;
      const m = st.expAvg;
      const v = st.expAvgSq;
      if (adamStepWasm(p, g, m, v, { beta1, beta2, stepSize, bias2Sqrt, eps, l2, shrink })) continue;
      for (let i = 0; i < p.length; i++) {
        const pi = p[i]!;
        const gi = g[i]! + l2 * pi;
        const mi = beta1 * m[i]! + (1 - beta1) * gi;
        const vi = beta2 * v[i]! + (1 - beta2) * gi * gi;
        m[i] = mi;
        v[i] = vi;
        p[i] = pi * shrink - (stepSize * mi) / (Math.sqrt(vi) / bias2Sqrt + eps);
      }
    }
  }

  state(): OptimizerState {
    const params: Record<string, { step: number; buffers: Record<string, TypedArray> }> = {};
    for (const [name, param] of this.namedParams) {
      const st = this.moments.get(name);
      params[name] = st === undefined
        ? { step: 0, buffers: {} }
        : { step: st.step, buffers: { exp_avg: copyBuffer(param, st.expAvg), exp_avg_sq: copyBuffer(param, st.expAvgSq) } };
    }
    return {
      kind: this.kind,
      hyperparameters: { lr: this.lr, beta1: this.beta1, beta2: this.beta2, eps: this.eps, weightDecay: this.weightDecay, decoupled: this.decoupled },
      params,
    };
  }

  loadState(state: OptimizerState): void {
    const who = `${this.decoupled ? 'AdamW' : 'Adam'}.loadState`;
    this.checkState(state, this.kind, ['exp_avg', 'exp_avg_sq']);
    if (hyperBoolean(state, 'decoupled', who) !== this.decoupled) throw new TypeError(`${who}: decoupled weight decay differs`);
    const hyper = {
      lr: hyperNumber(state, 'lr', who),
      beta1: hyperNumber(state, 'beta1', who),
      beta2: hyperNumber(state, 'beta2', who),
      eps: hyperNumber(state, 'eps', who),
      weightDecay: hyperNumber(state, 'weightDecay', who),
    };
    const next = new Map<string, Moments>();
    for (const [name, param] of this.namedParams) {
      const s = state.params[name]!;
      const m = s.buffers['exp_avg'];
      const v = s.buffers['exp_avg_sq'];
      if (s.step === 0 && m === undefined && v === undefined) continue;
      if (m === undefined || v === undefined) throw new RangeError(`${who}: '${name}' at step ${s.step} needs both exp_avg and exp_avg_sq`);
      next.set(name, { step: s.step, expAvg: copyBuffer(param, m), expAvgSq: copyBuffer(param, v) });
    }
    Object.assign(this, hyper);
    this.moments.clear();
    for (const [name, st] of next) this.moments.set(name, st);
  }
}

/**
 * AdamW: Adam with decoupled weight decay p <- p (1 - lr * weightDecay) before the Adam update
 * (PyTorch's default weightDecay 0.01).
 */
export class AdamW extends Adam {
  constructor(params: ParamList, options: AdamOptions = {}) {
    super(params, options, true);
  }
}
