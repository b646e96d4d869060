// One entry point for every algorithm: train from a config, or resume a run directory.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ALGOS, fieldsOf, isAlgo, type Algo, type GrpoConfig, type PolicyGroupsConfig, type PpoConfig, type ReinforceConfig, type TrainConfig } from './config.js';
import { resolveConfig } from './config_fields.js';
import { TrainingError } from './errors.js';
import { trainGrpo } from './grpo_trainer.js';
import type { TrainOptions, TrainResult } from './harness.js';
import { trainPolicyGroups } from './policy_groups_trainer.js';
import { trainPpo } from './ppo_trainer.js';
import { trainReinforce } from './reinforce_trainer.js';
import { peekTrainerCheckpoint, type Counters } from './trainer_checkpoint.js';

type Trainer = (input: Readonly<Record<string, unknown>>, options?: TrainOptions) => Promise<TrainResult>;

const TRAINERS: Record<Algo, Trainer> = {
  grpo: trainGrpo,
  ppo: trainPpo,
  reinforce: trainReinforce,
  'policy-groups': trainPolicyGroups,
};

/**
 * What `train` accepts: an algorithm (default 'grpo') and any of its config fields; the others
 * take their defaults (the field tables `GRPO_FIELDS`, `PPO_FIELDS`, `REINFORCE_FIELDS`, `POLICY_GROUPS_FIELDS`).
 * Values are also checked at run time (ranges, choices), with errors naming the field.
 * @example const input: TrainInput = { algo: 'ppo', env: 'CartPole-v1', numEnvs: 8, totalSteps: 50_000 };
 */
export type TrainInput =
  | ({ readonly algo?: 'grpo' } & ConfigInput<GrpoConfig>)
  | ({ readonly algo: 'ppo' } & ConfigInput<PpoConfig>)
  | ({ readonly algo: 'reinforce' } & ConfigInput<ReinforceConfig>)
  | ({ readonly algo: 'policy-groups' } & ConfigInput<PolicyGroupsConfig>);

/** Any subset of a config's fields but `algo`, read-only (lists too, so `as const` values fit). */
export type ConfigInput<C> = { readonly [K in Exclude<keyof C, 'algo'>]?: C[K] extends readonly (infer E)[] ? readonly E[] : C[K] };

/**
 * Trains with the algorithm named by `input.algo` (default 'grpo'), the other fields as its
 * config: a run directory with config.json, metrics.jsonl, training.log, checkpoints, the final
 * model and summary.json, then the final deterministic evaluation.
 * @throws RangeError / TypeError naming a config field and the value received; TrainingError when
 *   a loss or gradient turns non-finite
 * @example
 * const result = await train({ algo: 'grpo', env: 'CartPole-v1', seed: 0, totalSteps: 20_000 });
 * result.summary.evaluation?.mean;   // the mean return of the final evaluation
 */
export function train(input: TrainInput, options: TrainOptions = {}): Promise<TrainResult> {
  return trainFromValues(input, options);
}

/**
 * {@link train} from field values whose types are not known until checked (a parsed config.json
 * or checkpoint metadata): every field is validated at run time, errors name the field.
 * @example await trainFromValues(JSON.parse(readFileSync('config.json', 'utf8')));
 */
export function trainFromValues(input: Readonly<Record<string, unknown>>, options: TrainOptions = {}): Promise<TrainResult> {
  const algo = input['algo'] ?? 'grpo';
  if (!isAlgo(algo)) throw new RangeError(`train: algo must be one of ${ALGOS.join(', ')}, received ${JSON.stringify(algo)}`);
  return TRAINERS[algo]({ ...input, algo }, options);
}

/** Where a run directory stands: the newest saved state, and whether the run is complete. */
export interface RunStatus {
  /** The checkpoint with the most iterations (a `checkpoint-<n>` or the final model); what a resume continues from. */
  readonly newest: string;
  /** Its config (validated). */
  readonly config: TrainConfig;
  readonly counters: Counters;
  /** The newest state is the final model of a run that used its whole budget. */
  readonly complete: boolean;
}

/**
 * Reads where the run in `runDir` stands, without changing anything: the newest of
 * `models/checkpoint-<n>.safetensors` and `models/final_model.safetensors` (most iterations; the
 * final model of a finished run holds the full trainer state too, so a finished run can be
 * continued with a larger budget). Throws TrainingError when there is none, or it is unreadable.
 */
export function runStatus(runDir: string): RunStatus {
  const models = join(runDir, 'models');
  const candidates: string[] = [];
  if (existsSync(models)) {
    for (const name of readdirSync(models)) if (/^checkpoint-\d+\.safetensors$/.test(name) || name === 'final_model.safetensors') candidates.push(join(models, name));
  }
  if (candidates.length === 0) throw new TrainingError(`no models/checkpoint-<n>.safetensors or models/final_model.safetensors in ${runDir}`);
  // The final model first: on a tie (a Ctrl-C saves both at one point) it says whether the run finished.
  candidates.sort((a, b) => Number(b.endsWith('final_model.safetensors')) - Number(a.endsWith('final_model.safetensors')) || checkpointNumber(b) - checkpointNumber(a));
  let best: { path: string; state: ReturnType<typeof peekTrainerCheckpoint> } | null = null;
  for (const path of candidates) {
    // Only the numbered checkpoints above the best so far need reading.
    if (best !== null && !path.endsWith('final_model.safetensors') && checkpointNumber(path) <= best.state.counters.iteration) continue;
    const state = peekTrainerCheckpoint(path);
    if (best === null || state.counters.iteration > best.state.counters.iteration) best = { path, state };
  }
  if (best === null) throw new TrainingError(`no readable checkpoint in ${models}`);
  const saved = best.state.config;
  const algo = saved !== null && typeof saved === 'object' && !Array.isArray(saved) ? saved['algo'] : undefined;
  if (saved === null || typeof saved !== 'object' || Array.isArray(saved) || !isAlgo(algo)) throw new TrainingError(`${best.path} holds no run config with a known algo`);
  let config: TrainConfig;
  try {
    config = resolveConfig(fieldsOf(algo), saved, `${best.path}: config`);
  } catch (error) {
    throw new TrainingError(error instanceof Error ? error.message : String(error));
  }
  const finalModel = best.path.endsWith('final_model.safetensors') && best.state.finished;
  return { newest: best.path, config, counters: best.state.counters, complete: finalModel && summaryDone(runDir, best.state.counters) };
}

/**
 * Whether summary.json records the end of the run at `counters` (not interrupted): a run killed
 * between saving its final model and writing its summary is not complete, and resuming it runs no
 * iteration but evaluates and writes the summary.
 */
function summaryDone(runDir: string, counters: Counters): boolean {
  try {
    const summary: unknown = JSON.parse(readFileSync(join(runDir, 'summary.json'), 'utf8'));
    return typeof summary === 'object' && summary !== null && 'interrupted' in summary && summary.interrupted === false && 'iterations' in summary && summary.iterations === counters.iteration;
  } catch {
    return false;
  }
}

function checkpointNumber(path: string): number {
  const m = /checkpoint-(\d+)\.safetensors$/.exec(path);
  return m ? Number(m[1]) : -1;
}

/** A new budget for a resumed run: the only part of its config that may change. */
export interface Budget {
  readonly totalSteps?: number;
  readonly episodes?: number;
}

/**
 * Continues the run in `runDir` from its newest saved state, with the config saved in it (and a
 * new `budget`, if given). The resumed run ends bit-identical to one that never stopped; with a
 * larger budget and a constant learning rate it equals a run started with that budget (see the
 * README for the exceptions). A complete run without a larger budget is a TrainingError.
 * @example const result = await resume('logs/CartPole-v1__grpo__0', { budget: { totalSteps: 200_000 } });
 */
export async function resume(runDir: string, options: Omit<TrainOptions, 'resumeFrom' | 'runDir'> & { readonly budget?: Budget } = {}): Promise<TrainResult> {
  const status = runStatus(runDir);
  const { budget, ...rest } = options;
  if (status.complete && budget === undefined) throw new TrainingError(`${runDir} is complete (${describeCounters(status.counters)}); continue it with a larger budget`);
  return train({ ...status.config, ...budget }, { ...rest, resumeFrom: status.newest, runDir });
}

/** "12 iterations, 3000 env steps, 96 episodes". */
export function describeCounters(c: Counters): string {
  return `${c.iteration} iterations, ${c.globalStep} env steps, ${c.episodes} episodes`;
}
