// Stochastic gradient descent with momentum, as PyTorch's torch.optim.SGD computes it.
import type { TypedArray } from '../../tensor/dtype.js';
import { copyBuffer, gradValues, hyperBoolean, hyperNumber, Optimizer, type OptimizerState, type ParamList } from './optimizer.js';

/** Options of {@link SGD}. */
export interface SGDOptions {
  /** Learning rate (required: there is no good default). */
  readonly lr: number;
  /** Momentum factor mu. Default 0. */
  readonly momentum?: number;
  /** Dampening of the momentum. Default 0. */
  readonly dampening?: number;
  /** L2 penalty added to the gradient. Default 0. */
  readonly weightDecay?: number;
  /** Nesterov momentum. Default false. */
  readonly nesterov?: boolean;
}

/**
 * SGD. For each parameter p with gradient g:
 *   g <- g + weightDecay * p
 *   b <- g at the first step, else mu b + (1 - dampening) g     (when momentum mu > 0)
 *   g <- g + mu b (Nesterov) or b
 *   p <- p - lr g
 */
export class SGD extends Optimizer {
  momentum: number;
  dampening: number;
  weightDecay: number;
  nesterov: boolean;
  private readonly buffers = new Map<string, { step: number; momentum: TypedArray | null }>();

  constructor(params: ParamList, options: SGDOptions) {
    super(params, options.lr, 'SGD');
    this.momentum = options.momentum ?? 0;
    this.dampening = options.dampening ?? 0;
    this.weightDecay = options.weightDecay ?? 0;
    this.nesterov = options.nesterov ?? false;
    if (!(this.momentum >= 0)) throw new RangeError(`SGD: momentum must be >= 0, received ${this.momentum}`);
    if (!(this.weightDecay >= 0)) throw new RangeError(`SGD: weightDecay must be >= 0, received ${this.weightDecay}`);
    if (this.nesterov && (this.momentum <= 0 || this.dampening !== 0)) {
      throw new RangeError(`SGD: nesterov needs momentum > 0 and dampening 0, received momentum=${this.momentum}, dampening=${this.dampening}`);
    }
  }

  step(): void {
    const { lr, momentum, dampening, weightDecay, nesterov } = this;
    for (const [name, param] of this.namedParams) {
      const g = gradValues(param);
      if (g === null) continue;
      let st = this.buffers.get(name);
      if (st === undefined) {
        st = { step: 0, momentum: null };
        this.buffers.set(name, st);
      }
      const first = st.momentum === null;
      if (momentum > 0 && st.momentum === null) st.momentum = copyBuffer(param, []);
      const b = st.momentum;
      st.step += 1;
      const p = param.data;
      for (let i = 0; i < p.length; i++) {
        let gi = g[i]! + weightDecay * p[i]!;
        if (b !== null) {
          const bi = first ? gi : momentum * b[i]! + (1 - dampening) * gi;
          b[i] = bi;
          gi = nesterov ? gi + momentum * bi : bi;
        }
        p[i] = p[i]! - lr * gi;
      }
    }
  }

  state(): OptimizerState {
    const params: Record<string, { step: number; buffers: Record<string, TypedArray> }> = {};
    for (const [name, param] of this.namedParams) {
      const st = this.buffers.get(name);
      params[name] = {
        step: st?.step ?? 0,
        buffers: st?.momentum ? { momentum_buffer: copyBuffer(param, st.momentum) } : {},
      };
    }
    return {
      kind: 'sgd',
      hyperparameters: { lr: this.lr, momentum: this.momentum, dampening: this.dampening, weightDecay: this.weightDecay, nesterov: this.nesterov },
      params,
    };
  }

  loadState(state: OptimizerState): void {
    const who = 'SGD.loadState';
    this.checkState(state, 'sgd', ['momentum_buffer']);
    const hyper = {
      lr: hyperNumber(state, 'lr', who),
      momentum: hyperNumber(state, 'momentum', who),
      dampening: hyperNumber(state, 'dampening', who),
      weightDecay: hyperNumber(state, 'weightDecay', who),
      nesterov: hyperBoolean(state, 'nesterov', who),
    };
    Object.assign(this, hyper);
    this.buffers.clear();
    for (const [name, param] of this.namedParams) {
      const s = state.params[name]!;
      const b = s.buffers['momentum_buffer'];
      if (s.step > 0 || b !== undefined) this.buffers.set(name, { step: s.step, momentum: b === undefined ? null : copyBuffer(param, b) });
    }
  }
}
