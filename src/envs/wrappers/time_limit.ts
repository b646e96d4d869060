// TimeLimit: truncates an episode after a fixed number of steps.
import { Wrapper, type Env } from '../core.js';
import { describeValue } from '../format.js';
import type { StateReader } from '../state.js';
import type { Action, EnvSpec, ResetArgs, ResetResult, StepResult } from '../types.js';

/**
 * Sets `truncated` on the step at which the episode's step count reaches `maxEpisodeSteps` (even when the
 * same step also terminated, as Gymnasium does). Stepping after a truncation throws until `reset`.
 * `spec.maxEpisodeSteps` reports this limit.
 */
export class TimeLimit extends Wrapper {
  protected readonly name = 'TimeLimit';
  readonly maxEpisodeSteps: number;
  private elapsed = 0;
  private truncatedEpisode = false;
  private readonly ownSpec: EnvSpec;

  constructor(env: Env, maxEpisodeSteps: number) {
    super(env);
    if (!Number.isInteger(maxEpisodeSteps) || maxEpisodeSteps < 1) {
      throw new RangeError(`TimeLimit: maxEpisodeSteps must be a positive integer, received ${describeValue(maxEpisodeSteps)}`);
    }
    this.maxEpisodeSteps = maxEpisodeSteps;
    this.ownSpec = Object.freeze({ ...env.spec, maxEpisodeSteps });
  }

  override get spec(): EnvSpec {
    return this.ownSpec;
  }

  /** Steps taken in the current episode. */
  get elapsedSteps(): number {
    return this.elapsed;
  }

  override reset(args?: ResetArgs): ResetResult {
    const result = this.env.reset(args);
    this.elapsed = 0;
    this.truncatedEpisode = false;
    return result;
  }

  override step(action: Action): StepResult {
    if (this.truncatedEpisode) {
      throw new Error(
        `${this.spec.id}.step(${describeValue(action)}): the episode was truncated after ${this.elapsed} steps; call reset() before stepping again`,
      );
    }
    const result = this.env.step(action);
    this.elapsed++;
    if (this.elapsed >= this.maxEpisodeSteps) {
      result.truncated = true;
      this.truncatedEpisode = true;
    }
    return result;
  }

  protected saveOwnState(): Record<string, unknown> {
    return { elapsed: this.elapsed, truncated: this.truncatedEpisode };
  }

  protected loadOwnState(data: StateReader): void {
    this.elapsed = data.integer('elapsed');
    this.truncatedEpisode = data.boolean('truncated');
  }
}
