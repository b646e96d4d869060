// The page's training run: GrpoLearner (the same code as Node's trainer) with the budget, the
// learning-rate schedule, the counters and the update step of Node's harness, in memory. Its
// metrics are the records Node writes to metrics.jsonl, in the same order, so a seed gives the
// same lines (wall-clock tags aside) and the same weights in both runtimes.
import {
  applyUpdate, encodeSafetensors, finishedReturns, GrpoLearner, grpoAdvantages, l2, makeEnv, packTrainingState, scheduleFor,
  type GrpoCollected, type NamedParams, type Tensor, type UpdateContext, type UpdateProbe,
} from '../src/browser.js';
import type { GrpoConfig } from '../src/train/config.js';

/** One line of metrics.jsonl. */
export interface MetricLine {
  readonly step: number;
  readonly tag: string;
  readonly value: number | readonly number[];
}

/** What the page shows of one finished iteration. */
export interface IterationView {
  readonly iteration: number;
  readonly globalStep: number;
  readonly meanReturn: number;
  /** The first kept group: each episode's return, length, mean advantage, and cart/pole states [x, theta] per step. */
  readonly group: ReadonlyArray<{ readonly return: number; readonly length: number; readonly advantage: number; readonly states: number[] }>;
  /** Per-parameter gradient norms of the iteration's last update. */
  readonly gradNorms: ReadonlyArray<readonly [string, number]>;
}

/** What a hook adds to one update: a tape recorder and a probe (both only read). */
export interface UpdateExtras {
  readonly onGradient?: (node: Tensor, grad: Tensor) => void;
  readonly probe?: UpdateProbe;
}

/** Hooks into each update (the step mode's tape and audit); must only read. */
export interface UpdateHooks {
  before?(loss: Tensor, context: UpdateContext, named: NamedParams): UpdateExtras;
  after?(context: UpdateContext): void;
}

/** A GRPO run in memory (see the file comment). */
export class GrpoSession {
  readonly learner: GrpoLearner;
  readonly metrics: MetricLine[] = [];
  readonly counters = { iteration: 0, globalStep: 0, episodes: 0 };
  private readonly schedule;
  private readonly startedMs = performance.now();

  constructor(readonly config: GrpoConfig) {
    if (config.totalSteps === 0 && config.episodes === 0) throw new RangeError('grpo config: set totalSteps or episodes (both are 0: no budget)');
    this.learner = new GrpoLearner(config, Array.from({ length: config.groups * config.groupSize }, () => makeEnv(config)));
    this.schedule = scheduleFor(config);
  }

  /** Whether another iteration fits the budget (as the harness's budgetLeft()). */
  budgetLeft(): boolean {
    const { totalSteps, episodes } = this.config;
    return (totalSteps === 0 || this.counters.globalStep + 1 <= totalSteps) && (episodes === 0 || this.counters.episodes < episodes);
  }

  /** One iteration: rollout, updates, metrics. Returns null when the budget cannot fit another step. */
  iterate(hooks: UpdateHooks = {}): IterationView | null {
    const { config, learner, counters } = this;
    const started = performance.now();
    const iteration = counters.iteration;
    learner.optimizer.lr = this.schedule(counters.globalStep);
    const collected = learner.collect(iteration, config.totalSteps === 0 ? Infinity : config.totalSteps - counters.globalStep);
    if (collected.steps === 0) return null;
    counters.globalStep += collected.steps;
    counters.episodes += collected.finished.length;
    const step = counters.globalStep;
    const returns = finishedReturns(collected);
    collected.finished.forEach((e, i) => {
      this.metric(step, 'charts/episodic_return', returns[i]!);
      this.metric(step, 'charts/episodic_length', e.rewards.length);
    });
    let gradNorms: Array<readonly [string, number]> = [];
    const learned = learner.learn(iteration, collected, (loss, context) => {
      const named = learner.optimizer.namedParams;
      const extras = hooks.before?.(loss, context, named) ?? {};
      const norm = applyUpdate(learner.optimizer, loss, config.maxGradNorm, {
        check: (l, named) => {
          if (!Number.isFinite(l.item())) throw new Error(`iteration ${iteration + 1}: the loss is ${l.item()}; the update was not applied`);
          for (const [name, p] of named) {
            if (p.grad !== null && !p.grad.toTypedArray().every(Number.isFinite)) throw new Error(`iteration ${iteration + 1}: the gradient of ${name} is not finite; the update was not applied`);
          }
        },
        probe: {
          afterBackward: (n) => {
            gradNorms = n.map(([name, p]) => [name, p.grad === null ? 0 : l2(p.grad.toTypedArray())] as const);
            extras.probe?.afterBackward(n);
          },
          afterStep: (n, normBeforeClip) => extras.probe?.afterStep(n, normBeforeClip),
        },
        ...(extras.onGradient === undefined ? {} : { onGradient: extras.onGradient }),
      });
      hooks.after?.(context);
      return norm;
    });
    const now = performance.now();
    this.metric(step, 'charts/learning_rate', learner.optimizer.lr);
    this.metric(step, 'charts/SPS', Math.round(collected.steps / Math.max((now - started) / 1000, 1e-9)));
    this.metric(step, 'time/elapsed_s', (now - this.startedMs) / 1000);
    for (const [tag, value] of learned.metrics) this.metric(step, tag, value);
    counters.iteration++;
    const mean = returns.length > 0 ? returns.reduce((a, b) => a + b, 0) / returns.length : NaN;
    return { iteration: counters.iteration, globalStep: step, meanReturn: mean, group: groupView(collected, config), gradNorms };
  }

  /** metrics.jsonl as Node writes it. */
  metricsText(): string {
    return this.metrics.map((m) => `${JSON.stringify(m)}\n`).join('');
  }

  /** The final model as Node's final_model.safetensors holds it (weights, optimiser and RNG states, config). */
  modelBytes(): Uint8Array {
    const { policy, reference, optimizer, root } = this.learner;
    return encodeSafetensors(packTrainingState({ modules: { policy, reference }, optimizers: { adam: optimizer }, rngs: { root } }, { ...this.config }));
  }

  private metric(step: number, tag: string, value: number | readonly number[]): void {
    // JSON has no NaN: Node's JSON.stringify writes null for it, and so does this.
    this.metrics.push({ step, tag, value });
  }
}

/** The first kept group of an iteration, for the side-by-side view. */
function groupView(collected: GrpoCollected, config: GrpoConfig): IterationView['group'] {
  if (collected.episodes.length === 0) return [];
  const adv = grpoAdvantages({
    rewards: collected.episodes.map((e) => e.rewards), groupIds: collected.episodes.map((e) => e.group),
    mode: config.advantage, scaleRewards: config.scaleRewards, gamma: config.processGamma, processBaseline: config.processBaseline,
  });
  const first = collected.episodes[0]!.group;
  return collected.episodes.flatMap((e, i) => {
    if (e.group !== first) return [];
    const a = adv.perStep[i]!;
    const states: number[] = [];
    const obsDim = e.observations.length / Math.max(e.rewards.length, 1);
    for (let t = 0; t < e.rewards.length; t++) states.push(e.observations[t * obsDim]!, e.observations[t * obsDim + 2]!);
    return [{ return: e.rewards.reduce((s, r) => s + r, 0), length: e.rewards.length, advantage: a.reduce((s, x) => s + x, 0) / Math.max(a.length, 1), states }];
  });
}
