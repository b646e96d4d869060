// The configs of every algorithm: one field table each, with defaults and one-line docs.
// `formatConfig` prints them at the start of a run; `config.json` and checkpoints save them.
import { ENV_IDS, isMujocoEnvId, MUJOCO_ENV_IDS } from '../envs/index.js';
import { bool, choice, formatConfig, int, intList, num, resolveConfig, str, type ConfigOf, type FieldTable } from './config_fields.js';

const UNCERTAINTY_LEVELS = ['none', 'low', 'medium', 'high'] as const;

/** Fields every algorithm shares: the task, the budget, the network, the optimiser, the run. */
const commonFields = {
  env: choice<string>('CartPole-v1', 'Gymnasium environment id (MuJoCo ids load the engine at the start of the run)', [...ENV_IDS, ...MUJOCO_ENV_IDS]),
  uncertainty: choice<(typeof UNCERTAINTY_LEVELS)[number]>('none', 'uncertainty preset applied to the training env', UNCERTAINTY_LEVELS),
  seed: int(0, 'root seed: every random stream of the run is forked from it'),
  totalSteps: int(100_000, 'stop once this many env steps were taken (0 = no step limit)'),
  episodes: int(0, 'stop once this many training episodes finished (0 = no episode limit)'),
  hiddenSizes: intList([64, 64], 'hidden layer sizes of the MLPs'),
  activation: choice<'tanh' | 'relu'>('tanh', 'activation between hidden layers', ['tanh', 'relu']),
  learningRate: num(3e-4, 'Adam learning rate (initial value when annealed)', { min: 0 }),
  adamEps: num(1e-5, "Adam's eps (1e-5 as PPO implementations use)", { min: 0 }),
  anneal: choice<'constant' | 'linear' | 'cosine'>('constant', 'learning-rate schedule over the step budget', ['constant', 'linear', 'cosine']),
  maxGradNorm: num(0.5, 'global gradient-norm clip (0 = no clipping)', { min: 0 }),
  logStdInit: num(0, 'initial log-std of Gaussian policies (continuous actions)'),
  logStdMode: choice<'parameter' | 'head'>('parameter', "Gaussian policies: a state-independent log-std parameter, or a state-dependent log-std head (means and log-stds as two heads on one trunk)", ['parameter', 'head']),
  normalizeObservation: bool(false, 'normalise observations by running mean/std statistics the policy carries (saved with it, frozen at evaluation)'),
  obsClip: num(10, 'clip normalised observations to [-obsClip, obsClip] (0 = no clip; CleanRL: 10)', { min: 0 }),
  evalEpisodes: int(20, 'episodes of the final deterministic evaluation (0 = none)'),
  checkpointEvery: int(10, 'save a checkpoint every N iterations (0 = only the final model)'),
  logDir: str('logs', 'directory holding run directories'),
  // NOTE: one path component, so a run directory is always inside logDir.
  runName: str('', 'run directory name (empty = <env>__<algo>__<seed>)', { regex: /^(?!\.\.?$)[^/\\\0]*$/, expected: "a directory name (no '/', '\\', NUL; not '.' or '..')" }),
  backend: choice<'auto' | 'js' | 'wasm'>('auto', "kernels: 'js' (the reference), 'wasm' (WebAssembly SIMD), 'auto' (the faster here, measured); config.json records the one used. Results differ across backends in the last bits", ['auto', 'js', 'wasm']),
  audit: bool(false, 'write an audit record of every auditEvery-th update to audit.jsonl, and checkpoint every iteration (grpo audit replays them)'),
  auditEvery: int(1, 'audit every K-th update (counted over the whole run)', 1),
  auditFd: int(0, 'audited updates whose index is a multiple of N also get a float64 finite-difference check (0 = never)'),
  auditFdEntries: int(8, 'random parameter entries per finite-difference check', 1),
};

/** GRPO: critic-free, group-relative advantages from episodes sharing a start state. */
export const GRPO_FIELDS = {
  algo: choice<'grpo'>('grpo', 'algorithm', ['grpo']),
  ...commonFields,
  learningRate: num(1e-2, 'Adam learning rate (initial value when annealed)', { min: 0 }),
  groups: int(4, 'start states per iteration (questions, in LLM terms)', 1),
  groupSize: int(8, 'episodes rolled out from each start state (G)', 1),
  advantage: choice<'outcome' | 'process'>('process', "'outcome': (R_i - mean)/std per episode; 'process': step-level credit from the rewards that follow", ['outcome', 'process']),
  scaleRewards: choice<'group' | 'batch' | 'none'>('group', "divide centred rewards by the group std, the batch std, or not at all (Dr. GRPO)", ['group', 'batch', 'none']),
  processGamma: num(0.995, "discount of process supervision's reward-to-go", { min: 0, max: 1 }),
  processBaseline: choice<'pooled' | 'per-step'>('per-step', "process supervision: normalise pooled step rewards (DeepSeekMath), or each step's return-to-go against the group at the same step", ['pooled', 'per-step']),
  epsLow: num(0.2, 'lower clip range of the ratio (1 - epsLow)', { min: 0, max: 0.99 }),
  epsHigh: num(0.28, "upper clip range (1 + epsHigh); > epsLow is DAPO's clip-higher", { min: 0 }),
  beta: num(0, 'weight of the k3 KL penalty to the reference policy (0 = no reference)', { min: 0 }),
  targetKl: num(0, 'target KL of the adaptive beta controller (0 = beta fixed)', { min: 0 }),
  refRefreshEvery: int(0, 'copy the policy into the reference every K iterations (0 = keep the initial policy)'),
  lossType: choice<'grpo' | 'bnpo' | 'dr_grpo'>('bnpo', "aggregation: per-episode mean then mean ('grpo'), mean over steps ('bnpo'), sum / (E x max length) ('dr_grpo')", ['grpo', 'bnpo', 'dr_grpo']),
  numIterations: int(4, "passes (TRL's mu) over each batch, not outer iterations; old log-probs are computed once", 1),
  numMinibatches: int(16, 'minibatches per pass (split by episode)', 1),
  entCoef: num(0, 'entropy bonus weight', { min: 0 }),
  dynamicSampling: bool(true, 'DAPO: drop groups whose returns have zero spread and sample new ones'),
  maxResampleTries: int(4, 'rounds of resampling per iteration when dynamicSampling is on'),
  preset: choice<'none' | 'trust-region'>('none', "'trust-region': seed 001's relative trust region (KL penalty toward the previous policy, adaptive beta; GRPO_PRESETS), under explicit values", ['none', 'trust-region']),
};

/** PPO's update settings (CleanRL's ppo.py), shared by PPO and the policy groups. */
const ppoUpdateFields = {
  gamma: num(0.99, 'discount', { min: 0, max: 1 }),
  gaeLambda: num(0.95, "GAE's lambda", { min: 0, max: 1 }),
  numMinibatches: int(4, 'minibatches per epoch', 1),
  updateEpochs: int(4, 'epochs over each rollout', 1),
  normAdv: bool(true, 'normalise advantages per minibatch'),
  clipCoef: num(0.2, 'clip range of the ratio', { min: 0, max: 0.99 }),
  clipVloss: bool(true, 'clip the value loss around the old values'),
  entCoef: num(0.01, 'entropy bonus weight', { min: 0 }),
  vfCoef: num(0.5, 'value loss weight', { min: 0 }),
  targetKl: num(0, 'stop the epochs early when approx_kl exceeds this (0 = never)', { min: 0 }),
  normalizeReward: bool(false, "scale rewards by the running std of the discounted return (Gymnasium's NormalizeReward, gamma = gamma; state in checkpoints)"),
  rewardClip: num(10, 'clip normalised rewards to [-rewardClip, rewardClip] (0 = no clip; CleanRL: 10)', { min: 0 }),
};

/** PPO as CleanRL's ppo.py / ppo_continuous_action.py do it. */
export const PPO_FIELDS = {
  algo: choice<'ppo'>('ppo', 'algorithm', ['ppo']),
  ...commonFields,
  learningRate: num(2.5e-4, 'Adam learning rate (initial value when annealed)', { min: 0 }),
  anneal: choice<'constant' | 'linear' | 'cosine'>('linear', 'learning-rate schedule over the step budget', ['constant', 'linear', 'cosine']),
  numEnvs: int(4, 'parallel environments (a vector env with next-step autoreset)', 1),
  numSteps: int(128, 'steps per environment per rollout', 1),
  ...ppoUpdateFields,
};

/**
 * Seed 000's policy groups: a population of PPO learners (policy, value network, Adam each),
 * rollout slots shared by performance-weighted selection, a group-relative advantage shift, and
 * evolution (PBT's exploit and explore). See the README's "Policy groups".
 */
export const POLICY_GROUPS_FIELDS = {
  algo: choice<'policy-groups'>('policy-groups', 'algorithm', ['policy-groups']),
  ...commonFields,
  // Each group's own rate starts here and evolves; the schedule scales it (README "Policy groups").
  learningRate: num(1e-3, 'Adam learning rate (initial value when annealed)', { min: 0 }),
  // Linear annealing, as PPO's: chosen with the 16 minibatches and the concentrated selection on tuning seeds 100-109 (README "Policy groups: tuning").
  anneal: choice<'constant' | 'linear' | 'cosine'>('linear', 'learning-rate schedule over the step budget', ['constant', 'linear', 'cosine']),
  groups: int(4, 'policy groups, each with its own policy, value network and Adam state', 1),
  groupSize: int(4, 'episodes (parallel envs) per group per iteration: an iteration has groups x groupSize slots, shared by selection', 1),
  selectionTemperature: num(10, 'softmax temperature of selection, in return units: p = softmax(performance / T), floored at minShare (> 0)', { min: 0 }),
  minShare: num(0.05, 'floor of every group\'s selection probability (minShare x groups <= 1)', { min: 0, max: 1 }),
  performanceEma: num(0.3, "weight of an iteration's mean return in a group's performance EMA", { min: 0, max: 1 }),
  relativeWeight: num(0.5, 'weight of the group-relative shift (R - population mean) / population std added to advantages (0 = independent PPO groups)', { min: 0 }),
  evolveEvery: int(10, 'evolve the population every K iterations (0 = never)'),
  evolveFraction: num(0.25, 'the worst ceil(fraction x groups) groups copy a better group at each evolution', { min: 0, max: 1 }),
  minLearningRate: num(1e-5, 'lower bound of a perturbed learning rate', { min: 0 }),
  maxLearningRate: num(1e-2, 'upper bound of a perturbed learning rate', { min: 0 }),
  minEntCoef: num(0, 'lower bound of a perturbed entropy coefficient', { min: 0 }),
  maxEntCoef: num(0.1, 'upper bound of a perturbed entropy coefficient', { min: 0 }),
  tasks: str('', "multi-task training: comma-separated ENV[:LEVEL[:param=value/...]] sampled per episode (empty = env at uncertainty-level); env and uncertainty-level stay the final evaluation's"),
  ...ppoUpdateFields,
  updateEpochs: int(10, 'epochs over each group\'s episodes', 1),
  // A group's batch is whole episodes (late in CartPole up to ~15 x 500 steps): 16 minibatches keep
  // the optimiser steps per iteration up and each minibatch a few hundred steps (README "Policy groups: tuning").
  numMinibatches: int(16, 'minibatches per epoch over a group\'s episodes', 1),
  entCoef: num(0.0, "every group's initial entropy bonus weight (evolves)", { min: 0 }),
};

/** REINFORCE with a mean-return baseline (Williams 1992). */
export const REINFORCE_FIELDS = {
  algo: choice<'reinforce'>('reinforce', 'algorithm', ['reinforce']),
  ...commonFields,
  learningRate: num(1e-2, 'Adam learning rate (initial value when annealed)', { min: 0 }),
  episodesPerBatch: int(16, 'episodes per policy update', 1),
  gamma: num(0.99, 'discount of the return-to-go', { min: 0, max: 1 }),
  entCoef: num(0, 'entropy bonus weight', { min: 0 }),
};

/** A full GRPO config (see GRPO_FIELDS for every field's default and doc). */
export type GrpoConfig = ConfigOf<typeof GRPO_FIELDS>;
/** A full PPO config (see PPO_FIELDS). */
export type PpoConfig = ConfigOf<typeof PPO_FIELDS>;
/** A full REINFORCE config (see REINFORCE_FIELDS). */
export type ReinforceConfig = ConfigOf<typeof REINFORCE_FIELDS>;
/** A full policy-groups config (see POLICY_GROUPS_FIELDS). */
export type PolicyGroupsConfig = ConfigOf<typeof POLICY_GROUPS_FIELDS>;
/** Any algorithm's config. */
export type TrainConfig = GrpoConfig | PpoConfig | ReinforceConfig | PolicyGroupsConfig;
/** The algorithms. */
export type Algo = TrainConfig['algo'];
/** Every algorithm `train` knows. */
export const ALGOS: readonly Algo[] = ['grpo', 'ppo', 'reinforce', 'policy-groups'];

const FIELD_TABLES = { grpo: GRPO_FIELDS, ppo: PPO_FIELDS, reinforce: REINFORCE_FIELDS, 'policy-groups': POLICY_GROUPS_FIELDS } as const;

/** The field table of an algorithm. */
export function fieldsOf(algo: Algo): (typeof FIELD_TABLES)[Algo] {
  return FIELD_TABLES[algo];
}

/**
 * The checks across fields of a policy-groups config that one field's bounds cannot say; each
 * error names the fields, what they accept and what they hold.
 * @example checkPolicyGroupsConfig({ ...defaultsOf(POLICY_GROUPS_FIELDS), groups: 4, minShare: 0.3 }) // throws: minShare x groups = 1.2 > 1
 */
export function checkPolicyGroupsConfig(config: PolicyGroupsConfig): void {
  const who = 'policy-groups config';
  // Its groups do not update observation statistics (yet): refuse rather than train on frozen ones.
  if (config.normalizeObservation) throw new RangeError(`${who}: normalizeObservation is not supported by policy-groups, received true`);
  if (!(config.groups >= 1)) throw new RangeError(`${who}: groups must be >= 1, received ${config.groups}`);
  if (!(config.selectionTemperature > 0)) throw new RangeError(`${who}: selectionTemperature must be > 0, received ${config.selectionTemperature}`);
  if (config.minShare * config.groups > 1 + 1e-12) {
    throw new RangeError(`${who}: minShare x groups must be <= 1 (the floors must fit in one), received ${config.minShare} x ${config.groups} = ${config.minShare * config.groups}`);
  }
  if (!(config.learningRate > 0)) throw new RangeError(`${who}: learningRate must be > 0 (each group's rate is a multiple of it), received ${config.learningRate}`);
  for (const [name, value, lo, hi] of [
    ['learningRate', config.learningRate, 'minLearningRate', 'maxLearningRate'], ['entCoef', config.entCoef, 'minEntCoef', 'maxEntCoef'],
  ] as const) {
    if (!(config[lo] <= value && value <= config[hi])) {
      throw new RangeError(`${who}: ${name} must lie in [${lo}, ${hi}] = [${config[lo]}, ${config[hi]}], received ${value}`);
    }
  }
}

/** Whether `value` names an algorithm `train` knows. */
export function isAlgo(value: unknown): value is Algo {
  return ALGOS.some((a) => a === value);
}

/**
 * CleanRL's ppo_continuous_action.py defaults: PPO's defaults on the MuJoCo envs, applied under explicit values
 * (1 env x 2048 steps, 32 minibatches, 10 epochs, lr 3e-4 linearly annealed, gamma 0.99, lambda 0.95, entropy 0,
 * clip 0.2, vf 0.5, max grad norm 0.5, observations normalised and clipped to 10, rewards normalised by the
 * discounted return's std and clipped to 10, 1M steps). The network stays 64 x 64 tanh with a state-independent log-std.
 */
export const PPO_MUJOCO_PRESET: Readonly<Partial<PpoConfig>> = {
  totalSteps: 1_000_000, numEnvs: 1, numSteps: 2048, numMinibatches: 32, updateEpochs: 10, learningRate: 3e-4, anneal: 'linear',
  gamma: 0.99, gaeLambda: 0.95, entCoef: 0, clipCoef: 0.2, vfCoef: 0.5, maxGradNorm: 0.5,
  normalizeObservation: true, obsClip: 10, normalizeReward: true, rewardClip: 10,
};

/**
 * GRPO's defaults on the MuJoCo envs, applied under explicit values: lr 1e-3 annealed (tuned on HalfCheetah-v5,
 * 1M steps, seeds 0-2: median final evaluation 1,241 against 1,049 with PPO's 3e-4 and 819 with 3e-3;
 * README: Results on MuJoCo), 10 passes, grad clip 0.5, symmetric clip 0.2, observations normalised, 1 group of
 * 8 episodes per iteration with the per-step process baseline (gamma 0.99), no dynamic sampling (continuous
 * returns always spread).
 */
export const GRPO_MUJOCO_PRESET: Readonly<Partial<GrpoConfig>> = {
  totalSteps: 1_000_000, learningRate: 1e-3, anneal: 'linear', groups: 1, groupSize: 8, numIterations: 10, numMinibatches: 8,
  advantage: 'process', processBaseline: 'per-step', processGamma: 0.99, epsLow: 0.2, epsHigh: 0.2, lossType: 'bnpo',
  dynamicSampling: false, maxGradNorm: 0.5, normalizeObservation: true, obsClip: 10,
};

/**
 * Named GRPO presets (the `preset` field), applied under explicit values. 'trust-region' is seed 001's
 * "relative trust region": a k3 KL penalty toward the previous iteration's policy (the reference refreshed
 * every iteration), its weight adapted toward a target KL (doubled above 1.5 x target, halved below target / 1.5).
 */
export const GRPO_PRESETS: Readonly<Record<'none' | 'trust-region', Readonly<Partial<GrpoConfig>>>> = {
  none: {},
  'trust-region': { beta: 0.05, targetKl: 0.01, refRefreshEvery: 1 },
};

/**
 * The defaults an env brings for an algorithm (the MuJoCo presets), applied under explicit values.
 * @example envPresetOf('ppo', 'HalfCheetah-v5').numSteps // 2048
 */
export function envPresetOf(algo: Algo, env: unknown): Readonly<Record<string, unknown>> {
  if (typeof env !== 'string' || !isMujocoEnvId(env)) return {};
  return algo === 'ppo' ? PPO_MUJOCO_PRESET : algo === 'grpo' ? GRPO_MUJOCO_PRESET : {};
}

/**
 * A full config of `algo`: its field defaults, under the env's preset ({@link envPresetOf}), under GRPO's
 * named `preset`, under the explicit `values`. Errors name `who`, the field, and the value.
 * @example resolveTrainConfig('ppo', { env: 'HalfCheetah-v5', numSteps: 256 }, 'ppo config') // CleanRL's defaults, 256-step rollouts
 */
export function resolveTrainConfig<A extends Algo>(algo: A, values: Readonly<Record<string, unknown>>, who: string): Extract<TrainConfig, { algo: A }>;
export function resolveTrainConfig(algo: Algo, values: Readonly<Record<string, unknown>>, who: string): TrainConfig {
  const env = values['env'] ?? fieldsOf(algo).env.default;
  const named = algo === 'grpo' && values['preset'] === 'trust-region' ? GRPO_PRESETS['trust-region'] : {};
  const merged = { ...envPresetOf(algo, env), ...named, ...values, algo };
  if (algo === 'grpo') return resolveConfig(GRPO_FIELDS, merged, who);
  if (algo === 'ppo') return resolveConfig(PPO_FIELDS, merged, who);
  if (algo === 'policy-groups') return resolveConfig(POLICY_GROUPS_FIELDS, merged, who);
  return resolveConfig(REINFORCE_FIELDS, merged, who);
}

/** The config as printed at the start of a run. */
export function configHeader(config: TrainConfig): string {
  const fields: FieldTable = fieldsOf(config.algo);
  return `config (${config.algo}):\n${formatConfig(fields, config)}`;
}
