// One entry point for every algorithm: train from a config, or resume a run directory.
import { ALGOS, isAlgo, type Algo } from './config.js';
import { TrainingError } from './errors.js';
import { trainGrpo } from './grpo_trainer.js';
import type { TrainOptions, TrainResult } from './harness.js';
import { trainPolicyGroups } from './policy_groups_trainer.js';
import { trainPpo } from './ppo_trainer.js';
import { trainReinforce } from './reinforce_trainer.js';
import { latestCheckpoint } from './run_dir.js';
import { readCheckpointConfig } from './trainer_checkpoint.js';

type Trainer = (input: Readonly<Record<string, unknown>>, options?: TrainOptions) => Promise<TrainResult>;

const TRAINERS: Record<Algo, Trainer> = {
  grpo: trainGrpo,
  ppo: trainPpo,
  reinforce: trainReinforce,
  'policy-groups': trainPolicyGroups,
};

/** Trains with the algorithm named by `input.algo` (default 'grpo'); other fields as its config. */
export function train(input: Readonly<Record<string, unknown>>, options: TrainOptions = {}): Promise<TrainResult> {
  const algo = input['algo'] ?? 'grpo';
  if (!isAlgo(algo)) throw new RangeError(`train: algo must be one of ${ALGOS.join(', ')}, received ${JSON.stringify(algo)}`);
  return TRAINERS[algo]({ ...input, algo }, options);
}

/**
 * Continues the run in `runDir` from its newest checkpoint, with the config saved in it. The
 * resumed run ends bit-identical to one that never stopped.
 */
export function resume(runDir: string, options: Omit<TrainOptions, 'resumeFrom' | 'runDir'> = {}): Promise<TrainResult> {
  const checkpoint = latestCheckpoint(runDir);
  if (checkpoint === null) throw new TrainingError(`resume: no checkpoint-<n>.safetensors in ${runDir}/models`);
  const config = readCheckpointConfig(checkpoint);
  if (config === null || typeof config !== 'object' || Array.isArray(config)) {
    throw new TrainingError(`resume: ${checkpoint} holds no run config`);
  }
  return train(config, { ...options, resumeFrom: checkpoint, runDir });
}
