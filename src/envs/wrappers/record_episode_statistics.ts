// RecordEpisodeStatistics: episode return, length and wall time in info.episode.
// `performance` is the global of Node and browsers alike, so this file runs in the browser entry too.
import { Wrapper, type Env } from '../core.js';
import { describeValue } from '../format.js';
import type { StateReader } from '../state.js';
import type { Action, EpisodeStatistics, ResetArgs, ResetResult, StepResult } from '../types.js';

/**
 * On the last step of every episode (terminated or truncated) writes `info.episode = {r, l, t}`: the return,
 * the length in steps and the wall time in seconds, as Gymnasium does. The last `bufferLength` episodes are
 * kept in `returnQueue`/`lengthQueue`/`timeQueue` for running averages.
 *
 * NOTE: `t` is wall time and not deterministic; snapshots keep the elapsed time and restart the clock on restore.
 */
export class RecordEpisodeStatistics extends Wrapper {
  protected readonly name = 'RecordEpisodeStatistics';
  readonly bufferLength: number;
  /** Returns of the last `bufferLength` episodes, oldest first. */
  returnQueue: number[] = [];
  /** Lengths of the last `bufferLength` episodes, oldest first. */
  lengthQueue: number[] = [];
  /** Wall times (s) of the last `bufferLength` episodes, oldest first. */
  timeQueue: number[] = [];
  /** Episodes completed so far. */
  episodeCount = 0;
  private episodeReturn = 0;
  private episodeLength = 0;
  private startTime = performance.now();

  constructor(env: Env, bufferLength = 100) {
    super(env);
    if (!Number.isInteger(bufferLength) || bufferLength < 1) {
      throw new RangeError(`RecordEpisodeStatistics: bufferLength must be a positive integer, received ${describeValue(bufferLength)}`);
    }
    this.bufferLength = bufferLength;
  }

  override reset(args?: ResetArgs): ResetResult {
    const result = this.env.reset(args);
    this.episodeReturn = 0;
    this.episodeLength = 0;
    this.startTime = performance.now();
    return result;
  }

  override step(action: Action): StepResult {
    const result = this.env.step(action);
    this.episodeReturn += result.reward;
    this.episodeLength++;
    if (result.terminated || result.truncated) {
      const episode: EpisodeStatistics = {
        r: this.episodeReturn,
        l: this.episodeLength,
        t: Math.round((performance.now() - this.startTime) * 1000) / 1e6,
      };
      result.info = { ...result.info, episode };
      this.push(this.returnQueue, episode.r);
      this.push(this.lengthQueue, episode.l);
      this.push(this.timeQueue, episode.t);
      this.episodeCount++;
    }
    return result;
  }

  private push(queue: number[], value: number): void {
    queue.push(value);
    if (queue.length > this.bufferLength) queue.shift();
  }

  protected saveOwnState(): Record<string, unknown> {
    return {
      episodeReturn: this.episodeReturn,
      episodeLength: this.episodeLength,
      elapsedMs: performance.now() - this.startTime,
      episodeCount: this.episodeCount,
      returnQueue: [...this.returnQueue],
      lengthQueue: [...this.lengthQueue],
      timeQueue: [...this.timeQueue],
    };
  }

  protected loadOwnState(data: StateReader): void {
    const episodeReturn = data.number('episodeReturn');
    const episodeLength = data.integer('episodeLength');
    const elapsedMs = data.number('elapsedMs');
    const episodeCount = data.integer('episodeCount');
    const returnQueue = data.numbers('returnQueue');
    const lengthQueue = data.numbers('lengthQueue');
    const timeQueue = data.numbers('timeQueue');
    this.episodeReturn = episodeReturn;
    this.episodeLength = episodeLength;
    this.startTime = performance.now() - elapsedMs;
    this.episodeCount = episodeCount;
    this.returnQueue = returnQueue;
    this.lengthQueue = lengthQueue;
    this.timeQueue = timeQueue;
  }
}
