// The six kinds of real-world uncertainty, as one wrapper usable on every environment.
import { Rng } from '../tensor/rng.js';
import { checkSeed, DEFAULT_SEED } from './base.js';
import { Wrapper, type Env } from './core.js';
import { describeValue } from './format.js';
import type { Box } from './spaces.js';
import { isRecord, type StateReader } from './state.js';
import type { Action, ResetArgs, ResetResult, StepResult, UncertaintyStepReport } from './types.js';

/**
 * How much of each kind of uncertainty to apply. All fields are non-negative; probabilities are in [0, 1].
 * Noise scales are relative, so one config means the same on every env.
 */
export interface UncertaintyConfig {
  /** 1. Observation noise: Gaussian std, as a fraction of each component's `observationScale`. */
  observationNoiseStd: number;
  /**
   * 2. Action execution noise. Discrete: the probability that the action is replaced by a uniformly random one.
   * Continuous: Gaussian std, as a fraction of the action space's half-range.
   */
  actionNoise: number;
  /** 3. Transition noise: Gaussian std of noise on the applied force/torque, as a fraction of `forceScale`. */
  transitionNoiseStd: number;
  /** 4a. Reward noise: Gaussian std, in reward units. */
  rewardNoiseStd: number;
  /** 4b. Reward delay: the probability that a step's reward is held back. */
  rewardDelayProbability: number;
  /** 4c. A held reward is delivered 1..rewardMaxDelay steps later (uniform), or on the episode's last step. */
  rewardMaxDelay: number;
  /** 5. Partial observability: the probability that each observation component is masked to 0. */
  maskProbability: number;
  /** 6a. Non-stationary dynamics: the probability per step that one physical parameter drifts. */
  driftProbability: number;
  /** 6b. A drift moves the parameter by Gaussian noise of std `driftStd * |nominal|`. */
  driftStd: number;
  /** 6c. Drifted parameters stay within `nominal * (1 ± driftBound)`. */
  driftBound: number;
}

/** The preset names of {@link UNCERTAINTY_PRESETS}. */
export type UncertaintyPreset = 'none' | 'low' | 'medium' | 'high';

/**
 * The presets (see the README's table). `none` applies nothing and draws nothing, so an env wrapped with it
 * behaves exactly like the bare env.
 */
export const UNCERTAINTY_PRESETS: Readonly<Record<UncertaintyPreset, Readonly<UncertaintyConfig>>> = Object.freeze({
  none: Object.freeze({
    observationNoiseStd: 0,
    actionNoise: 0,
    transitionNoiseStd: 0,
    rewardNoiseStd: 0,
    rewardDelayProbability: 0,
    rewardMaxDelay: 1,
    maskProbability: 0,
    driftProbability: 0,
    driftStd: 0,
    driftBound: 0,
  }),
  low: Object.freeze({
    observationNoiseStd: 0.01,
    actionNoise: 0.02,
    transitionNoiseStd: 0.02,
    rewardNoiseStd: 0.01,
    rewardDelayProbability: 0.05,
    rewardMaxDelay: 2,
    maskProbability: 0.01,
    driftProbability: 0.001,
    driftStd: 0.02,
    driftBound: 0.1,
  }),
  medium: Object.freeze({
    observationNoiseStd: 0.05,
    actionNoise: 0.05,
    transitionNoiseStd: 0.05,
    rewardNoiseStd: 0.05,
    rewardDelayProbability: 0.1,
    rewardMaxDelay: 5,
    maskProbability: 0.05,
    driftProbability: 0.005,
    driftStd: 0.05,
    driftBound: 0.25,
  }),
  high: Object.freeze({
    observationNoiseStd: 0.1,
    actionNoise: 0.1,
    transitionNoiseStd: 0.1,
    rewardNoiseStd: 0.1,
    rewardDelayProbability: 0.2,
    rewardMaxDelay: 10,
    maskProbability: 0.1,
    driftProbability: 0.01,
    driftStd: 0.1,
    driftBound: 0.5,
  }),
});

const PROBABILITIES: ReadonlySet<string> = new Set(['rewardDelayProbability', 'maskProbability', 'driftProbability']);

function isPreset(name: string): name is UncertaintyPreset {
  return Object.hasOwn(UNCERTAINTY_PRESETS, name);
}

/**
 * A full, validated config from a preset name or a partial config (missing fields from `none`).
 * @example resolveUncertainty({ ...UNCERTAINTY_PRESETS.medium, rewardNoiseStd: 0 })
 */
export function resolveUncertainty(spec: UncertaintyPreset | Partial<UncertaintyConfig>): UncertaintyConfig {
  if (typeof spec === 'string') {
    if (!isPreset(spec)) {
      throw new RangeError(`uncertainty: unknown preset ${describeValue(spec)}; expected one of ${Object.keys(UNCERTAINTY_PRESETS).join(', ')}`);
    }
    return { ...UNCERTAINTY_PRESETS[spec] };
  }
  if (!isRecord(spec)) throw new TypeError(`uncertainty: expected a preset name or a config object, received ${describeValue(spec)}`);
  const config: UncertaintyConfig = { ...UNCERTAINTY_PRESETS.none };
  for (const [key, value] of Object.entries(spec)) {
    if (!Object.hasOwn(config, key)) {
      throw new RangeError(`uncertainty: unknown field ${JSON.stringify(key)}; expected one of ${Object.keys(config).join(', ')}`);
    }
    if (value === undefined) continue;
    if (typeof value !== 'number' || !Number.isFinite(value) || value < 0) {
      throw new RangeError(`uncertainty: ${key} must be a finite number >= 0, received ${describeValue(value)}`);
    }
    if (PROBABILITIES.has(key) && value > 1) {
      throw new RangeError(`uncertainty: ${key} is a probability and must be <= 1, received ${value}`);
    }
    Object.assign(config, { [key]: value });
  }
  if (!Number.isInteger(config.rewardMaxDelay) || config.rewardMaxDelay < 1) {
    throw new RangeError(`uncertainty: rewardMaxDelay must be an integer >= 1, received ${describeValue(config.rewardMaxDelay)}`);
  }
  return config;
}

/** A running summary of the uncertainty applied so far, for logs. Magnitudes are mean absolute values. */
export interface UncertaintySummary {
  steps: number;
  episodes: number;
  /** Discrete actions replaced by random ones. */
  actionsReplaced: number;
  /** Mean |noise| added to continuous action components. */
  actionNoiseMeanAbs: number;
  /** Mean |noise| added to the applied force/torque. */
  transitionNoiseMeanAbs: number;
  /** Mean |noise| added to observation components. */
  observationNoiseMeanAbs: number;
  /** Observation components masked to 0. */
  componentsMasked: number;
  /** Mean |noise| added to rewards. */
  rewardNoiseMeanAbs: number;
  /** Rewards held back and delivered later. */
  rewardsDelayed: number;
  /** Mean delay of held rewards, in steps (flushes at an episode's end count their actual delay). */
  rewardDelayMean: number;
  /** Drift events of physical parameters. */
  driftEvents: number;
  /** Each physical parameter's current relative deviation from nominal (`value / nominal - 1`). */
  parameterDeviation: Record<string, number>;
}

/** Fresh accumulators behind {@link UncertaintySummary} (saved in snapshots). */
function newCounters() {
  return {
    steps: 0,
    episodes: 0,
    actionsReplaced: 0,
    actionNoiseCount: 0,
    actionNoiseAbs: 0,
    transitionNoiseCount: 0,
    transitionNoiseAbs: 0,
    observationNoiseCount: 0,
    observationNoiseAbs: 0,
    componentsMasked: 0,
    rewardNoiseCount: 0,
    rewardNoiseAbs: 0,
    rewardsDelayed: 0,
    delaySteps: 0,
    driftEvents: 0,
  };
}

/** One held reward: its amount, steps until it is due, and steps it has waited. */
interface HeldReward {
  amount: number;
  due: number;
  waited: number;
}

/**
 * Applies the six kinds of real-world uncertainty to any environment:
 *
 * 1. observation noise (Gaussian), 2. action execution noise (random replacement / Gaussian), 3. transition
 * noise (on the applied force/torque, through `unwrapped.actuatorNoise`), 4. reward noise and delays (a held
 * reward is delivered 1..rewardMaxDelay steps later, and whatever is still held when the episode ends is
 * delivered on its last step: the episode's total is kept), 5. partial observability (components masked to 0),
 * 6. non-stationary dynamics (physical parameters drift within bounds around their nominal values).
 *
 * Every draw comes from the wrapper's own stream, separate from the env's reset stream:
 * `reset({seed})` seeds it as `new Rng(seed).fork('uncertainty')` (seed 0 by default), and
 * {@link UncertaintyWrapper.reseed} changes the noise alone, so one start state can be replayed under
 * different noise. A kind set to 0 draws nothing.
 *
 * A seeded reset restores the nominal parameters; drift persists across unseeded resets (the world keeps
 * changing). Rewards still held when an episode is abandoned by `reset` mid-episode are dropped.
 *
 * Each step's perturbations are in `info.uncertainty` ({@link UncertaintyStepReport}); {@link summary} gives
 * running totals. Place it outside `TimeLimit` (as `make` does) so truncation flushes held rewards.
 */
export class UncertaintyWrapper extends Wrapper {
  protected readonly name = 'Uncertainty';
  readonly config: Readonly<UncertaintyConfig>;
  private rng = new Rng(DEFAULT_SEED).fork('uncertainty');
  private held: HeldReward[] = [];
  private active = false;
  private readonly counters = newCounters();

  constructor(env: Env, config: UncertaintyPreset | Partial<UncertaintyConfig> = 'medium') {
    super(env);
    this.config = Object.freeze(resolveUncertainty(config));
    if (env.actionSpace.kind === 'discrete' && this.config.actionNoise > 1) {
      throw new RangeError(`UncertaintyWrapper: actionNoise is a probability for the discrete actions of ${env.spec.id} and must be <= 1, received ${this.config.actionNoise}`);
    }
  }

  /** Re-seeds the uncertainty stream alone (e.g. after `setState`, to replay one start state under new noise). */
  reseed(seed: number | string): void {
    this.rng = new Rng(seed).fork('uncertainty');
  }

  /** The reward currently held back, not yet delivered. */
  get pendingReward(): number {
    let total = 0;
    for (const h of this.held) total += h.amount;
    return total;
  }

  override reset(args: ResetArgs = {}): ResetResult {
    if (args.seed !== undefined) {
      this.rng = new Rng(checkSeed(this.name, args.seed)).fork('uncertainty');
      const base = this.unwrapped;
      for (const [name, value] of Object.entries(base.nominalParameters)) base.setParameter(name, value);
    }
    const result = this.env.reset(args);
    this.held = [];
    this.active = true;
    this.counters.episodes++;
    const report = emptyReport();
    result.observation = this.perturbObservation(result.observation, report);
    result.info = { ...result.info, uncertainty: report };
    return result;
  }

  override step(action: Action): StepResult {
    if (!this.active) {
      throw new Error(`${this.spec.id}.step(${describeValue(action)}): call reset() first (before the first step and after an episode ends)`);
    }
    const c = this.config;
    const rng = this.rng;
    const base = this.unwrapped;
    const report = emptyReport();

    if (c.driftProbability > 0 && rng.uniform() < c.driftProbability) {
      const names = Object.keys(base.nominalParameters);
      const name = names[rng.int(names.length)]!;
      const nominal = base.nominalParameters[name]!;
      const from = base.parameters[name]!;
      const width = c.driftBound * Math.abs(nominal);
      const to = Math.min(Math.max(from + rng.normal(0, c.driftStd * Math.abs(nominal)), nominal - width), nominal + width);
      base.setParameter(name, to);
      report.drift = { parameter: name, from, to };
      this.counters.driftEvents++;
    }

    const executed = this.perturbAction(action, report);

    if (c.transitionNoiseStd > 0) {
      const noise = rng.normal(0, c.transitionNoiseStd * base.forceScale);
      base.actuatorNoise = noise;
      report.transitionNoise = noise;
      this.counters.transitionNoiseCount++;
      this.counters.transitionNoiseAbs += Math.abs(noise);
    }

    const result = this.env.step(executed);
    const ended = result.terminated || result.truncated;

    let reward = result.reward;
    if (c.rewardNoiseStd > 0) {
      const noise = rng.normal(0, c.rewardNoiseStd);
      reward += noise;
      report.rewardNoise = noise;
      this.counters.rewardNoiseCount++;
      this.counters.rewardNoiseAbs += Math.abs(noise);
    }
    let released = 0;
    const still: HeldReward[] = [];
    for (const h of this.held) {
      h.waited++;
      if (h.waited >= h.due || ended) {
        released += h.amount;
        this.counters.delaySteps += h.waited;
      } else {
        still.push(h);
      }
    }
    let delivered = reward;
    if (c.rewardDelayProbability > 0 && rng.uniform() < c.rewardDelayProbability) {
      const due = 1 + rng.int(c.rewardMaxDelay);
      report.rewardHeld = reward;
      report.rewardDelay = due;
      this.counters.rewardsDelayed++;
      if (ended) {
        // The episode ends now: a reward held back would be lost, so it is delivered at once (delay 0).
        report.rewardDelay = 0;
        released += reward;
      } else {
        still.push({ amount: reward, due, waited: 0 });
      }
      delivered = 0;
    }
    this.held = still;
    report.rewardReleased = released;
    report.rewardPending = this.pendingReward;
    result.reward = delivered + released;

    result.observation = this.perturbObservation(result.observation, report);
    result.info = { ...result.info, uncertainty: report };
    this.counters.steps++;
    if (ended) this.active = false;
    return result;
  }

  /** The action to execute: the agent's, validated, after action noise. */
  private perturbAction(action: Action, report: UncertaintyStepReport): Action {
    const space = this.actionSpace;
    if (space.kind === 'discrete') {
      if (!space.contains(action)) {
        throw new RangeError(`${this.spec.id}.step: action must be an integer in [0, ${space.n}) (${space}), received ${describeValue(action)}`);
      }
      let executed = action;
      if (this.config.actionNoise > 0 && this.rng.uniform() < this.config.actionNoise) {
        executed = space.sample(this.rng);
        report.actionReplaced = true;
        this.counters.actionsReplaced++;
      }
      report.executedAction = executed;
      return executed;
    }
    const values = continuousAction(action, space, this.spec.id);
    if (this.config.actionNoise > 0) {
      const noisy = action instanceof Float32Array ? new Float32Array(values.length) : new Float64Array(values.length);
      for (let i = 0; i < values.length; i++) {
        const halfRange = (space.high[i]! - space.low[i]!) / 2;
        const noise = this.rng.normal(0, this.config.actionNoise * (Number.isFinite(halfRange) ? halfRange : 1));
        noisy[i] = values[i]! + noise;
        report.actionNoise.push(noise);
        this.counters.actionNoiseCount++;
        this.counters.actionNoiseAbs += Math.abs(noise);
      }
      report.executedAction = Array.from(noisy);
      return noisy;
    }
    report.executedAction = Array.from(values);
    return action;
  }

  /** A perturbed copy of an observation: Gaussian noise, then masking. */
  private perturbObservation(observation: Float32Array, report: UncertaintyStepReport): Float32Array {
    const c = this.config;
    if (c.observationNoiseStd === 0 && c.maskProbability === 0) return observation;
    const out = Float32Array.from(observation);
    const scale = this.unwrapped.observationScale;
    if (c.observationNoiseStd > 0) {
      for (let i = 0; i < out.length; i++) {
        const noise = this.rng.normal(0, c.observationNoiseStd * (scale[i] ?? 1));
        out[i] = out[i]! + noise;
        report.observationNoise.push(noise);
        this.counters.observationNoiseCount++;
        this.counters.observationNoiseAbs += Math.abs(noise);
      }
    }
    if (c.maskProbability > 0) {
      for (let i = 0; i < out.length; i++) {
        if (this.rng.uniform() < c.maskProbability) {
          out[i] = 0;
          report.maskedComponents.push(i);
          this.counters.componentsMasked++;
        }
      }
    }
    return out;
  }

  /** Running totals of the uncertainty applied since construction. */
  summary(): UncertaintySummary {
    const k = this.counters;
    const mean = (sum: number, count: number): number => (count > 0 ? sum / count : 0);
    const base = this.unwrapped;
    const current = base.parameters;
    const parameterDeviation: Record<string, number> = {};
    for (const [name, nominal] of Object.entries(base.nominalParameters)) {
      parameterDeviation[name] = nominal === 0 ? current[name]! - nominal : current[name]! / nominal - 1;
    }
    return {
      steps: k.steps,
      episodes: k.episodes,
      actionsReplaced: k.actionsReplaced,
      actionNoiseMeanAbs: mean(k.actionNoiseAbs, k.actionNoiseCount),
      transitionNoiseMeanAbs: mean(k.transitionNoiseAbs, k.transitionNoiseCount),
      observationNoiseMeanAbs: mean(k.observationNoiseAbs, k.observationNoiseCount),
      componentsMasked: k.componentsMasked,
      rewardNoiseMeanAbs: mean(k.rewardNoiseAbs, k.rewardNoiseCount),
      rewardsDelayed: k.rewardsDelayed,
      rewardDelayMean: mean(k.delaySteps, k.rewardsDelayed),
      driftEvents: k.driftEvents,
      parameterDeviation,
    };
  }

  protected saveOwnState(): Record<string, unknown> {
    return {
      rng: this.rng.getState(),
      held: this.held.map((h) => [h.amount, h.due, h.waited]),
      active: this.active,
      counters: { ...this.counters },
    };
  }

  protected loadOwnState(data: StateReader): void {
    const rng = data.rng('rng');
    const raw = data.raw('held');
    const held: HeldReward[] = [];
    if (!Array.isArray(raw)) throw new TypeError(`${this.name}.setState: field "held" must be an array, received ${describeValue(raw)}`);
    for (const entry of raw) {
      if (!Array.isArray(entry) || entry.length !== 3 || !entry.every((v) => typeof v === 'number')) {
        throw new TypeError(`${this.name}.setState: field "held" must hold [amount, due, waited] triples, received ${describeValue(entry)}`);
      }
      held.push({ amount: Number(entry[0]), due: Number(entry[1]), waited: Number(entry[2]) });
    }
    const counters = data.numberRecord('counters', this.counters);
    this.active = data.boolean('active');
    this.rng = Rng.fromState(rng);
    this.held = held;
    Object.assign(this.counters, counters);
  }
}

/** Reads a continuous action as an array of the box's size, or throws naming the value. */
function continuousAction(action: Action, space: Box, owner: string): ArrayLike<number> {
  const values = typeof action === 'number' ? [action] : action;
  let ok = values !== null && typeof values === 'object' && values.length === space.size;
  for (let i = 0; ok && i < space.size; i++) ok = typeof values[i] === 'number' && Number.isFinite(values[i]);
  if (!ok) {
    throw new RangeError(`${owner}.step: action must be an array of ${space.size} finite numbers (${space}), received ${describeValue(action)}`);
  }
  return values;
}

function emptyReport(): UncertaintyStepReport {
  return {
    actionReplaced: false,
    executedAction: [],
    actionNoise: [],
    transitionNoise: 0,
    observationNoise: [],
    maskedComponents: [],
    rewardNoise: 0,
    rewardHeld: 0,
    rewardDelay: 0,
    rewardReleased: 0,
    rewardPending: 0,
    drift: null,
  };
}
