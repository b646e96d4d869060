// A guard around each training env: a NaN or infinite observation or reward stops the run at the
// step that produced it, before the policy sees it or any update uses it.
import { TransparentWrapper, type Action, type Env, type ResetArgs, type ResetResult, type StepResult } from '../envs/index.js';

/** A non-finite value from an env; the harness adds the iteration and what is kept. */
export class NonFiniteEnvData extends Error {
  override readonly name = 'NonFiniteEnvData';
}

/**
 * Passes everything through, and throws NonFiniteEnvData naming the env index, the step of its
 * episode and the value when `reset` or `step` returns a non-finite observation or reward.
 * Invisible in snapshots: its state is the wrapped env's, so checkpoints are the same with or
 * without it.
 */
export class FiniteGuard extends TransparentWrapper {
  protected readonly name = 'FiniteGuard';
  private stepInEpisode = 0;

  constructor(
    env: Env,
    /** The env's index among the trainer's envs, for messages. */
    readonly index: number,
  ) {
    super(env);
  }

  override reset(args?: ResetArgs): ResetResult {
    const result = this.env.reset(args);
    this.stepInEpisode = 0;
    this.check(result.observation, 0);
    return result;
  }

  override step(action: Action): StepResult {
    const result = this.env.step(action);
    this.stepInEpisode++;
    this.check(result.observation, result.reward);
    return result;
  }


  private check(observation: Float32Array, reward: number): void {
    const where = `env ${this.index} (${this.spec.id})`;
    if (!Number.isFinite(reward)) throw new NonFiniteEnvData(`${where} returned a non-finite reward (${reward}) at step ${this.stepInEpisode} of its episode`);
    for (let i = 0; i < observation.length; i++) {
      if (!Number.isFinite(observation[i] as number)) {
        throw new NonFiniteEnvData(`${where} returned a non-finite observation (${observation[i]} at index ${i}) at step ${this.stepInEpisode} of its episode`);
      }
    }
  }
}
