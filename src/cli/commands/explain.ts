// grpo explain: one loss on a tiny batch, its tape printed node by node (op, shape, value and
// gradient summaries), so a reader can follow the forward pass and backpropagation by hand.
import {
  actionSpecOf, collectGroups, grpoBatch, grpoMinibatchLoss, makeEnv, Policy, ppoBatch, ppoMinibatchLoss, recordTape, Rng, ValueNetwork,
  VectorEnv, VectorRollout, type NamedParams, type Tensor,
} from '../../index.js';
import { formatFlags, HELP_FLAG, parseFlags, switchFlag, type FlagTable } from '../args.js';
import { printJson, type Command } from '../command.js';
import { EXIT, type Io } from '../io.js';

const WHO = 'grpo explain';

const EXPLAIN_FLAGS = {
  algo: { default: 'grpo', doc: 'whose loss to build', choices: ['grpo', 'ppo'], value: 'grpo|ppo' },
  steps: { default: 6, doc: 'env steps in the tiny batch', min: 2, max: 64, integer: true, value: 'N' },
  seed: { default: 0, doc: 'seed of the network and the rollout', min: 0, integer: true, value: 'N' },
  json: switchFlag('print the tape as one JSON object on stdout'),
  help: HELP_FLAG,
} satisfies FlagTable;

/** The tiny network every explained loss uses: CartPole, one hidden layer of 4 tanh units. */
const NET = { hiddenSizes: [4], activation: 'tanh' } as const;

/** GRPO's loss on one group of two CartPole episodes sharing a start state, cut to `steps` steps in all. */
function grpoTinyLoss(steps: number, seed: number): { loss: Tensor; named: NamedParams; about: string } {
  const root = new Rng(seed);
  const envs = [makeEnv({ env: 'CartPole-v1', uncertainty: 'none' }), makeEnv({ env: 'CartPole-v1', uncertainty: 'none' })];
  const policy = new Policy(4, actionSpecOf(envs[0]!.actionSpace), { ...NET, rng: root.fork('init') });
  const reference = policy.copyAs('float32');
  const collected = collectGroups(policy, envs, root, 0, { groups: 1, groupSize: 2, dynamicSampling: false, maxResampleTries: 0 }, steps);
  // NOTE: CartPole pays 1 per step, so two cut episodes have equal returns and zero advantage;
  // the advantages are set by hand to +1 and -1 so that every term of the loss carries a gradient.
  const advantages = collected.episodes.map((e, i) => new Float64Array(e.rewards.length).fill(i === 0 ? 1 : -1));
  const beta = 0.04;
  const batch = grpoBatch(policy, reference, collected.episodes, advantages, beta);
  const rows = Array.from({ length: batch.steps }, (_, t) => t);
  const { loss } = grpoMinibatchLoss(policy, batch, rows, { epsLow: 0.2, epsHigh: 0.28, beta, lossType: 'grpo', maxEpisodeLength: 500, entCoef: 0.01 });
  return {
    loss,
    named: policy.namedParameters('policy'),
    about: `GRPO loss (lossType grpo, eps 0.2/0.28, beta 0.04, entCoef 0.01) on 2 CartPole episodes from one start state, ${batch.steps} steps, advantages +1 and -1 (set by hand), policy 4-4-2 tanh`,
  };
}

/** PPO's loss on one rollout of `steps` steps of one CartPole env. */
function ppoTinyLoss(steps: number, seed: number): { loss: Tensor; named: NamedParams; about: string } {
  const root = new Rng(seed);
  const vec = new VectorEnv([makeEnv({ env: 'CartPole-v1', uncertainty: 'none' })]);
  const policy = new Policy(4, actionSpecOf(vec.singleActionSpace), { ...NET, outputGain: 0.01, rng: root.fork('init') });
  const critic = new ValueNetwork(4, { ...NET, outputGain: 1, rng: root.fork('critic-init') });
  const rollout = new VectorRollout(vec, steps, policy);
  rollout.reset(seed);
  rollout.collect([root.fork('rollout', 0).fork('act', 0)]);
  const batch = ppoBatch(policy, critic, rollout, 0.99, 0.95);
  const { loss } = ppoMinibatchLoss(policy, critic, batch, batch.rows, { normAdv: true, clipCoef: 0.2, clipVloss: true, vfCoef: 0.5, entCoef: 0.01 });
  return {
    loss,
    named: [...policy.namedParameters('policy'), ...critic.namedParameters('value')],
    about: `PPO loss (clip 0.2, clipped value loss, vfCoef 0.5, entCoef 0.01, normalised advantages) on ${batch.rows.length} CartPole steps, actor 4-4-2 and critic 4-4-1 tanh`,
  };
}

/** `grpo explain`. */
export const explainCommand: Command = {
  name: 'explain',
  summary: "build one loss on a tiny batch and print its tape node by node (values and gradients)",
  help() {
    return [
      'Usage: grpo explain [--algo grpo|ppo] [--steps 6] [--seed N] [--json]',
      '',
      'Builds one GRPO (or PPO) loss on a tiny CartPole batch with a 4-4-2 tanh policy, runs',
      'backward, and prints the tape in topological order: each node\'s op and inputs, its shape, a',
      'summary of its value (the number for scalars, else mean [min, max]) and of the gradient of the',
      'loss with respect to it. Leaves that are parameters carry their names.',
      '',
      'Flags:',
      formatFlags(EXPLAIN_FLAGS),
    ].join('\n');
  },
  async run(argv, io: Io) {
    const { values } = parseFlags(EXPLAIN_FLAGS, argv, WHO);
    if (values.help) {
      io.stdout.write(`${this.help()}\n`);
      return EXIT.ok;
    }
    const { loss, named, about } = values.algo === 'ppo' ? ppoTinyLoss(values.steps, values.seed) : grpoTinyLoss(values.steps, values.seed);
    const recorder = recordTape(loss, named);
    loss.backward({ onGradient: recorder.onGradient });
    const tape = recorder.finish();
    if (values.json) {
      printJson(io, { algo: values.algo, about, loss: loss.item(), nodes: tape.nodes });
      return EXIT.ok;
    }
    io.stdout.write(`${about}\nloss ${loss.item()}; ${tape.nodes.length} nodes, inputs first:\n${tape.text}\n`);
    return EXIT.ok;
  },
};
