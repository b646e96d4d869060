// The adaptive KL-penalty coefficient of PPO's KL-penalty variant (Schulman et al. 2017, section 4):
// "if d < d_targ / 1.5, beta <- beta / 2; if d > d_targ * 1.5, beta <- beta * 2".

/** Options of {@link AdaptiveKLController}. */
export interface AdaptiveKLOptions {
  /** The starting coefficient (beta), > 0. */
  readonly initial: number;
  /** The target KL per update (d_targ), > 0. */
  readonly target: number;
  /** Multiplier applied when the KL leaves the band (2 in the paper), > 1. */
  readonly factor?: number;
  /** Width of the band around the target (1.5 in the paper), >= 1. */
  readonly tolerance?: number;
  /** Lower bound on the coefficient (default 0: no bound). */
  readonly min?: number;
  /** Upper bound on the coefficient (default Infinity: no bound). */
  readonly max?: number;
}

/** The serialisable state of an {@link AdaptiveKLController}. */
export interface AdaptiveKLState {
  readonly value: number;
}

/**
 * Adaptive KL coefficient: doubles when the measured KL exceeds `tolerance * target`, halves
 * when it is below `target / tolerance`, and stays within [min, max].
 * @example
 * const beta = new AdaptiveKLController({ initial: 0.04, target: 0.01 });
 * beta.update(0.05); // 0.08
 */
export class AdaptiveKLController {
  private current: number;
  readonly target: number;
  readonly factor: number;
  readonly tolerance: number;
  readonly min: number;
  readonly max: number;

  constructor(options: AdaptiveKLOptions) {
    const { initial, target, factor = 2, tolerance = 1.5, min = 0, max = Infinity } = options;
    const check = (name: string, ok: boolean, value: number, expected: string) => {
      if (!ok) throw new RangeError(`AdaptiveKLController: ${name} must be ${expected}, received ${value}`);
    };
    check('initial', Number.isFinite(initial) && initial > 0, initial, 'a finite number > 0');
    check('target', Number.isFinite(target) && target > 0, target, 'a finite number > 0');
    check('factor', Number.isFinite(factor) && factor > 1, factor, 'a finite number > 1');
    check('tolerance', Number.isFinite(tolerance) && tolerance >= 1, tolerance, 'a finite number >= 1');
    check('min', min >= 0 && min <= max, min, `>= 0 and <= max (${max})`);
    this.target = target;
    this.factor = factor;
    this.tolerance = tolerance;
    this.min = min;
    this.max = max;
    this.current = Math.min(max, Math.max(min, initial));
  }

  /** The coefficient to use now. */
  get value(): number {
    return this.current;
  }

  /** Adjusts the coefficient for the KL measured over the last update; returns the new value. */
  update(measuredKl: number): number {
    if (Number.isNaN(measuredKl)) throw new RangeError('AdaptiveKLController.update: measuredKl is NaN');
    if (measuredKl > this.target * this.tolerance) this.current *= this.factor;
    else if (measuredKl < this.target / this.tolerance) this.current /= this.factor;
    this.current = Math.min(this.max, Math.max(this.min, this.current));
    return this.current;
  }

  /** A snapshot of the coefficient, for checkpoints. */
  state(): AdaptiveKLState {
    return { value: this.current };
  }

  /** Restores a snapshot taken with {@link AdaptiveKLController.state}. */
  loadState(state: AdaptiveKLState): void {
    if (!(Number.isFinite(state.value) && state.value >= 0)) {
      throw new RangeError(`AdaptiveKLController.loadState: value must be a finite number >= 0, received ${state.value}`);
    }
    this.current = state.value;
  }
}
