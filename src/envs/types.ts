// Data types shared across src/envs/: step and reset results, infos, specs.

/**
 * An action: an integer for a `Discrete` action space; for a `Box` action space an array of the
 * action shape (`number[]`, `Float32Array` or `Float64Array`), or a plain number when the box has one component.
 */
export type Action = number | ArrayLike<number>;

/** Episode statistics written by `RecordEpisodeStatistics` into `info.episode` on an episode's last step. */
export interface EpisodeStatistics {
  /** The episode's return (sum of rewards). */
  r: number;
  /** The episode's length in steps. */
  l: number;
  /** Wall time of the episode, seconds (not deterministic). */
  t: number;
}

/** The perturbations the uncertainty wrapper applied on one step (all zeros/empty when a kind is off). */
export interface UncertaintyStepReport {
  /** Discrete: whether the agent's action was replaced by a random one. */
  actionReplaced: boolean;
  /** The action actually executed (after action noise). */
  executedAction: number | number[];
  /** Continuous: the Gaussian noise added to each action component (empty for discrete actions). */
  actionNoise: number[];
  /** Noise added to the applied force/torque (in the env's force units). */
  transitionNoise: number;
  /** The Gaussian noise added to each observation component (empty when off). */
  observationNoise: number[];
  /** Indices of the observation components masked to 0. */
  maskedComponents: number[];
  /** Gaussian noise added to this step's reward. */
  rewardNoise: number;
  /** The part of this step's (noisy) reward held back for later. */
  rewardHeld: number;
  /** Steps until the held reward is delivered (0 when none was held). */
  rewardDelay: number;
  /** Earlier held rewards delivered on this step. */
  rewardReleased: number;
  /** Total still held after this step (0 at an episode's end). */
  rewardPending: number;
  /** The physical parameter that drifted on this step, if any. */
  drift: { parameter: string; from: number; to: number } | null;
}

/**
 * The `info` dictionary of a step or reset. Known keys are typed; wrappers may add others.
 */
export interface StepInfo {
  /** Set by `RecordEpisodeStatistics` on the last step of an episode. */
  episode?: EpisodeStatistics;
  /** Set by the uncertainty wrapper on every step and reset. */
  uncertainty?: UncertaintyStepReport;
  /** Set by `MultiTaskEnv`: the index of the current task. */
  task?: number;
  [key: string]: unknown;
}

/** What `reset` returns. */
export interface ResetResult {
  /** The first observation (a fresh float32 array). */
  observation: Float32Array;
  info: StepInfo;
}

/**
 * What `step` returns: a fresh object each call (wrappers may adjust its fields in place before returning it).
 * `terminated`: the MDP reached a terminal state. `truncated`: the episode was cut (a time limit). Both may be true.
 */
export interface StepResult {
  /** The next observation (a fresh float32 array, owned by the caller). */
  observation: Float32Array;
  reward: number;
  terminated: boolean;
  truncated: boolean;
  info: StepInfo;
}

/** Reset options: environment-specific bounds of the initial-state distribution (e.g. `{low, high}`, Pendulum `{x_init, y_init}`). */
export type ResetOptions = Readonly<Record<string, unknown>>;

/** Arguments of `reset`. */
export interface ResetArgs {
  /** Re-seeds the environment's random streams (a non-negative integer); omitted: the streams continue. */
  seed?: number;
  options?: ResetOptions;
}

/** The registration of an environment, as Gymnasium's `EnvSpec`. */
export interface EnvSpec {
  readonly id: string;
  /** The TimeLimit `make` applies (undefined: none). */
  readonly maxEpisodeSteps: number | undefined;
  /** The average return over 100 episodes at which the task counts as solved (undefined: none). */
  readonly rewardThreshold: number | undefined;
}
