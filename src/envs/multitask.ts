// MultiTaskEnv: one task (env id + parameters + uncertainty) sampled per episode.
import { Rng } from '../tensor/rng.js';
import { checkSeed, DEFAULT_SEED } from './base.js';
import type { BaseEnv, Env } from './core.js';
import { describeValue } from './format.js';
import { make } from './registry.js';
import type { Box, Space } from './spaces.js';
import { expectAnyState, expectState, StateReader, type EnvState } from './state.js';
import type { Action, EnvSpec, ResetArgs, ResetResult, StepResult } from './types.js';
import type { UncertaintyConfig, UncertaintyPreset } from './uncertainty.js';

/** One task of a {@link MultiTaskEnv}. */
export interface TaskSpec {
  /** A registered env id, e.g. `'CartPole-v1'`. */
  id: string;
  /** A label for logs (defaults to the id and parameters). */
  name?: string;
  /** Physical parameters, as `make`'s `parameters`. */
  parameters?: Readonly<Record<string, number>>;
  /** Uncertainty, as `make`'s `uncertainty`. */
  uncertainty?: UncertaintyPreset | Partial<UncertaintyConfig>;
  /** Overrides the registered time limit (`null`: none). */
  maxEpisodeSteps?: number | null;
  /** Relative probability of sampling this task (1). */
  weight?: number;
}

/** The task of the current episode. */
export interface CurrentTask {
  index: number;
  name: string;
  task: Readonly<TaskSpec>;
}

/**
 * Several tasks behind one env: each `reset` samples a task (by `weight`) from the task stream and runs the
 * episode in that task's env (built by `make`, kept across episodes). Every task must have the same
 * observation and action spaces. `info.task` is the current task's index on every reset and step.
 *
 * Seeding: `reset({seed})` sets the task stream to `new Rng(seed).fork('task')` and seeds each task's env with
 * `seed` at its next episode; unseeded, the first reset uses seed 0.
 */
export class MultiTaskEnv implements Env {
  readonly tasks: readonly Readonly<TaskSpec>[];
  readonly envs: readonly Env[];
  readonly spec: EnvSpec;
  private readonly weights: number[];
  private taskRng = new Rng(DEFAULT_SEED).fork('task');
  private current = -1;
  private pendingSeeds: (number | null)[];

  constructor(tasks: readonly TaskSpec[]) {
    if (tasks.length < 1) throw new RangeError(`MultiTaskEnv: needs at least one task, received ${tasks.length}`);
    this.tasks = tasks.map((t) => Object.freeze({ ...t }));
    this.envs = tasks.map((t) =>
      make(t.id, {
        ...(t.parameters === undefined ? {} : { parameters: t.parameters }),
        ...(t.uncertainty === undefined ? {} : { uncertainty: t.uncertainty }),
        ...(t.maxEpisodeSteps === undefined ? {} : { maxEpisodeSteps: t.maxEpisodeSteps }),
      }),
    );
    this.weights = tasks.map((t, i) => {
      const w = t.weight ?? 1;
      if (!(w >= 0) || !Number.isFinite(w)) throw new RangeError(`MultiTaskEnv: tasks[${i}].weight must be a finite number >= 0, received ${describeValue(w)}`);
      return w;
    });
    const first = this.envs[0]!;
    this.envs.forEach((e, i) => {
      if (String(e.observationSpace) !== String(first.observationSpace) || String(e.actionSpace) !== String(first.actionSpace)) {
        throw new TypeError(
          `MultiTaskEnv: every task needs the same spaces; task 0 (${tasks[0]!.id}) has ${first.observationSpace} / ${first.actionSpace}, task ${i} (${tasks[i]!.id}) has ${e.observationSpace} / ${e.actionSpace}`,
        );
      }
    });
    const steps = this.envs.map((e) => e.spec.maxEpisodeSteps);
    this.spec = Object.freeze({
      id: `MultiTask[${tasks.map((t) => t.id).join(',')}]`,
      maxEpisodeSteps: steps.every((s) => s === steps[0]) ? steps[0] : undefined,
      rewardThreshold: undefined,
    });
    this.pendingSeeds = tasks.map(() => null);
  }

  /** The observation space, shared by every task (they share one env id). */
  get observationSpace(): Box {
    return this.envs[0]!.observationSpace;
  }

  /** The action space, shared by every task. */
  get actionSpace(): Space {
    return this.envs[0]!.actionSpace;
  }

  /** The current task's base env (task 0's before the first reset). */
  get unwrapped(): BaseEnv {
    return this.envs[Math.max(this.current, 0)]!.unwrapped;
  }

  /** The task of the current episode; throws before the first reset. */
  currentTask(): CurrentTask {
    if (this.current < 0) throw new Error('MultiTaskEnv.currentTask: no task yet; call reset() first');
    const task = this.tasks[this.current]!;
    return { index: this.current, name: task.name ?? taskName(task), task };
  }

  reset(args: ResetArgs = {}): ResetResult {
    if (args.seed !== undefined) {
      const seed = checkSeed('MultiTaskEnv', args.seed);
      this.taskRng = new Rng(seed).fork('task');
      this.pendingSeeds = this.tasks.map(() => seed);
    }
    const k = this.taskRng.categorical(this.weights);
    const seed = this.pendingSeeds[k];
    this.pendingSeeds[k] = null;
    const result = this.envs[k]!.reset({
      ...(seed === null || seed === undefined ? {} : { seed }),
      ...(args.options === undefined ? {} : { options: args.options }),
    });
    this.current = k;
    result.info = { ...result.info, task: k };
    return result;
  }

  step(action: Action): StepResult {
    if (this.current < 0) throw new Error(`MultiTaskEnv.step(${describeValue(action)}): step() was called before reset()`);
    const result = this.envs[this.current]!.step(action);
    result.info = { ...result.info, task: this.current };
    return result;
  }

  getState(): EnvState {
    return {
      kind: 'MultiTaskEnv',
      data: {
        taskRng: this.taskRng.getState(),
        current: this.current,
        pendingSeeds: [...this.pendingSeeds],
        envs: this.envs.map((e) => e.getState()),
      },
    };
  }

  setState(state: EnvState): void {
    const own = expectState(state, 'MultiTaskEnv', 'MultiTaskEnv');
    const data = new StateReader('MultiTaskEnv', own.data);
    const taskRng = data.rng('taskRng');
    const current = data.integer('current');
    const pending = data.raw('pendingSeeds');
    const envs = data.raw('envs');
    if (!Array.isArray(pending) || pending.length !== this.tasks.length || !pending.every((p) => p === null || typeof p === 'number')) {
      throw new TypeError(`MultiTaskEnv.setState: field "pendingSeeds" must hold ${this.tasks.length} seeds or nulls, received ${describeValue(pending)}`);
    }
    if (!Array.isArray(envs) || envs.length !== this.envs.length) {
      throw new TypeError(`MultiTaskEnv.setState: field "envs" must be an array of ${this.envs.length} states, received ${describeValue(envs)}`);
    }
    if (current < -1 || current >= this.tasks.length) {
      throw new RangeError(`MultiTaskEnv.setState: field "current" must be in [-1, ${this.tasks.length}), received ${current}`);
    }
    envs.forEach((s, i) => this.envs[i]!.setState(expectAnyState(s, 'MultiTaskEnv')));
    this.taskRng = Rng.fromState(taskRng);
    this.current = current;
    this.pendingSeeds = pending.map((p) => (typeof p === 'number' ? p : null));
  }
}

function taskName(task: Readonly<TaskSpec>): string {
  const params = Object.entries(task.parameters ?? {})
    .map(([k, v]) => `${k}=${v}`)
    .join(',');
  return params.length > 0 ? `${task.id}(${params})` : task.id;
}

/**
 * A task list from text: comma-separated tasks `ENV[:LEVEL[:NAME=VALUE/NAME=VALUE...]]`, e.g.
 * `CartPole-v1:low,CartPole-v1:high:length=0.7/masspole=0.2`. LEVEL is an uncertainty preset
 * (none, low, medium, high); parameters are as `make`'s. Errors name the task and the part.
 * Env ids and parameter names are checked by `make` (when a MultiTaskEnv is built).
 * @example parseTaskList('CartPole-v1:low,CartPole-v1:high:length=0.7') // two TaskSpecs: low uncertainty, and high with a 0.7 m pole
 */
export function parseTaskList(text: string): TaskSpec[] {
  const levels = ['none', 'low', 'medium', 'high'] as const;
  const isLevel = (v: string): v is UncertaintyPreset => levels.some((l) => l === v);
  if (text.trim() === '') throw new RangeError('tasks: expected comma-separated ENV[:LEVEL[:NAME=VALUE/...]], received an empty list');
  return text.split(',').map((raw, i) => {
    const [id, level, params, ...rest] = raw.trim().split(':');
    const where = `tasks[${i}] ${JSON.stringify(raw)}`;
    if (id === undefined || id === '' || rest.length > 0) throw new RangeError(`${where}: expected ENV[:LEVEL[:NAME=VALUE/...]]`);
    const task: TaskSpec = { id };
    if (level !== undefined && level !== '') {
      if (!isLevel(level)) throw new RangeError(`${where}: the uncertainty level must be one of ${levels.join(', ')}, received ${JSON.stringify(level)}`);
      if (level !== 'none') task.uncertainty = level;
    }
    if (params !== undefined && params !== '') {
      const parameters: Record<string, number> = {};
      for (const pair of params.split('/')) {
        const [name, value, ...more] = pair.split('=');
        const v = Number(value);
        if (name === undefined || name === '' || value === undefined || more.length > 0 || value.trim() === '' || !Number.isFinite(v)) {
          throw new RangeError(`${where}: a parameter must be NAME=NUMBER, received ${JSON.stringify(pair)}`);
        }
        parameters[name] = v;
      }
      task.parameters = parameters;
    }
    task.name = raw.trim();
    return task;
  });
}
