// PPO's rollout: numSteps steps of a vector env with next-step autoreset, into fixed step-major
// buffers [T * N] (row t * N + i is copy i at step t), with the state that carries over from one
// rollout to the next (the envs, their observations, pending resets, running episode statistics).
import { Tensor } from '../autograd/index.js';
import type { EnvState, VectorEnv } from '../envs/index.js';
import type { Rng } from '../tensor/rng.js';
import type { Policy } from './policy.js';

/** An episode that ended during a rollout. */
export interface FinishedEpisode {
  /** Real env steps taken in this rollout up to and including the episode's last step. */
  readonly stepInRollout: number;
  /** The episode's return: `info.episode.r` when the copy reports it (RecordEpisodeStatistics), else the sum of the rewards seen. */
  readonly episodicReturn: number;
  readonly length: number;
}

/** What carries over between rollouts, as plain data (for checkpoints). */
export interface VectorRolloutState {
  readonly envs: EnvState;
  readonly observations: number[];
  readonly resetPending: number[];
  readonly episodeReturn: number[];
  readonly episodeLength: number[];
}

/**
 * A rollout as PPO's batch reads it: step-major buffers [T * N] (row t * N + i is column i at
 * step t). Rows that are not real transitions (reset rows, padding) are marked terminated, ended
 * and `real = 0`, and hold the observation of the step before them, so that a row ending an
 * episode finds its final observation in the next row (or in `observations` after the last row).
 */
export interface RolloutBuffers {
  readonly numEnvs: number;
  readonly numSteps: number;
  readonly obsDim: number;
  /** Observations [T * N, obsDim]. */
  readonly observationBuffer: Float32Array;
  /** Sampled actions [T * N, actionWidth]. */
  readonly actionBuffer: Float64Array;
  readonly rewards: Float64Array;
  /** 1 where the MDP ended on the row (and on rows that are not real). */
  readonly terminated: Uint8Array;
  /** 1 where the episode ended on the row (and on rows that are not real). */
  readonly episodeEnds: Uint8Array;
  /** 1 on rows that are real transitions. */
  readonly real: Uint8Array;
  /** The observations after the last row [N, obsDim] (for the bootstrap). */
  readonly observations: Float32Array;
}

/**
 * The buffers of one rollout and the state between rollouts.
 *
 * NOTE: the vector env autoresets on the next step (Gymnasium 1.x): the step after an episode
 * ends only resets that copy (its action is ignored, reward 0). Such reset steps are kept in the
 * buffers so GAE runs over fixed columns, marked terminated and ended (so GAE neither bootstraps
 * through them nor carries the next episode's advantages into them) and `real = 0`, so that the
 * training batch, the statistics and the step count leave them out.
 */
export class VectorRollout implements RolloutBuffers {
  // The buffers, as RolloutBuffers documents them; the rows that are not real are the reset rows.
  readonly numEnvs: number;
  readonly numSteps: number;
  readonly obsDim: number;
  readonly actionWidth: number;
  readonly observationBuffer: Float32Array;
  readonly actionBuffer: Float64Array;
  readonly rewards: Float64Array;
  readonly terminated: Uint8Array;
  readonly episodeEnds: Uint8Array;
  readonly real: Uint8Array;
  observations: Float32Array;
  private readonly resetPending: Uint8Array;
  private readonly episodeReturn: Float64Array;
  private readonly episodeLength: Float64Array;
  private readonly envActions: Float64Array;

  constructor(
    readonly vec: VectorEnv,
    numSteps: number,
    private readonly policy: Policy,
  ) {
    const N = vec.numEnvs;
    this.numEnvs = N;
    this.numSteps = numSteps;
    this.obsDim = vec.obsDim;
    this.actionWidth = policy.action.kind === 'discrete' ? 1 : policy.action.dim;
    const B = numSteps * N;
    this.observationBuffer = new Float32Array(B * this.obsDim);
    this.actionBuffer = new Float64Array(B * this.actionWidth);
    this.rewards = new Float64Array(B);
    this.terminated = new Uint8Array(B);
    this.episodeEnds = new Uint8Array(B);
    this.real = new Uint8Array(B);
    this.observations = new Float32Array(N * this.obsDim);
    this.resetPending = new Uint8Array(N);
    this.episodeReturn = new Float64Array(N);
    this.episodeLength = new Float64Array(N);
    this.envActions = new Float64Array(N * this.actionWidth);
  }

  /** Resets every copy (copy i seeded seed + i) for a fresh run. */
  reset(seed: number): void {
    this.observations = this.vec.reset({ seed }).observations;
  }

  /**
   * Fills the buffers with one rollout; copy i samples its actions from `actRngs[i]`.
   * @returns the real env steps taken and the episodes that ended, in the order they ended
   */
  collect(actRngs: readonly Rng[]): { steps: number; finished: FinishedEpisode[] } {
    const { numEnvs: N, numSteps: T, obsDim, actionWidth, policy } = this;
    const finished: FinishedEpisode[] = [];
    let steps = 0;
    for (let t = 0; t < T; t++) {
      this.observationBuffer.set(this.observations, t * N * obsDim);
      const actions = policy.act(new Tensor(this.observations, [N, obsDim]), actRngs);
      this.actionBuffer.set(actions, t * N * actionWidth);
      for (let i = 0; i < N; i++) {
        const a = policy.envAction(actions, i);
        if (typeof a === 'number') this.envActions[i] = a;
        else this.envActions.set(a, i * actionWidth);
      }
      const result = this.vec.step(this.envActions);
      for (let i = 0; i < N; i++) {
        const k = t * N + i;
        if (this.resetPending[i]) {
          this.resetPending[i] = 0;
          this.real[k] = 0;
          this.rewards[k] = 0;
          this.terminated[k] = 1;
          this.episodeEnds[k] = 1;
          continue;
        }
        const done = result.terminated[i] === 1 || result.truncated[i] === 1;
        this.real[k] = 1;
        this.rewards[k] = result.rewards[i]!;
        this.terminated[k] = result.terminated[i]!;
        this.episodeEnds[k] = done ? 1 : 0;
        steps++;
        this.episodeReturn[i] += result.rewards[i]!;
        this.episodeLength[i]++;
        if (done) {
          // A RecordEpisodeStatistics under a reward transform (NormalizeReward) reports the raw return.
          const raw = result.infos[i]?.episode;
          finished.push({ stepInRollout: steps, episodicReturn: raw === undefined ? this.episodeReturn[i]! : raw.r, length: this.episodeLength[i]! });
          this.episodeReturn[i] = 0;
          this.episodeLength[i] = 0;
          this.resetPending[i] = 1;
        }
      }
      this.observations = result.observations;
    }
    return { steps, finished };
  }

  /** The state between rollouts, as plain data. */
  getState(): VectorRolloutState {
    return {
      envs: this.vec.getState(),
      observations: Array.from(this.observations),
      resetPending: Array.from(this.resetPending),
      episodeReturn: Array.from(this.episodeReturn),
      episodeLength: Array.from(this.episodeLength),
    };
  }

  /** Restores a state from {@link getState} (lengths checked). */
  setState(state: VectorRolloutState): void {
    const N = this.numEnvs;
    for (const [name, values, length] of [
      ['observations', state.observations, N * this.obsDim], ['resetPending', state.resetPending, N],
      ['episodeReturn', state.episodeReturn, N], ['episodeLength', state.episodeLength, N],
    ] as const) {
      if (values.length !== length) throw new RangeError(`VectorRollout.setState: ${name} must have ${length} entries, received ${values.length}`);
    }
    this.vec.setState(state.envs);
    this.observations = Float32Array.from(state.observations);
    this.resetPending.set(state.resetPending);
    this.episodeReturn.set(state.episodeReturn);
    this.episodeLength.set(state.episodeLength);
  }
}
