// Synthetic metrics.jsonl text shaped like a GRPO run's (tags and rates as src/grpo's trainer
// writes them), for the report test and the render benchmark.
import { Rng } from '../src/tensor/rng.js';

/** Options of {@link syntheticMetricsText}. */
export interface SyntheticOptions {
  readonly iterations: number;
  /** Groups per iteration (also episodes per iteration). */
  readonly groups: number;
  readonly seed: number;
}

/**
 * metrics.jsonl text of a synthetic GRPO run: per iteration, one return and one length per
 * episode and 16 scalar tags plus the group-returns vector.
 * Records: iterations x (2 groups + 17).
 */
export function syntheticMetricsText(options: SyntheticOptions): string {
  const rng = new Rng(options.seed).fork('synthetic-metrics');
  const lines: string[] = [];
  const push = (step: number, tag: string, value: number | number[]): void => {
    lines.push(JSON.stringify({ step, tag, value }));
  };
  let step = 0;
  for (let it = 0; it < options.iterations; it++) {
    const progress = it / Math.max(1, options.iterations - 1);
    const groupMeans: number[] = [];
    for (let g = 0; g < options.groups; g++) {
      const length = Math.max(8, Math.round(20 + 480 * progress + rng.normal(0, 40)));
      step += length;
      push(step, 'charts/episodic_return', length);
      push(step, 'charts/episodic_length', length);
      groupMeans.push(length + rng.normal(0, 10));
    }
    push(step, 'charts/learning_rate', 3e-4 * (1 - progress));
    push(step, 'charts/SPS', 5000 + Math.round(rng.normal(0, 100)));
    push(step, 'time/elapsed_s', it * 0.5);
    push(step, 'losses/policy_loss', rng.normal(0, 0.05));
    push(step, 'losses/entropy', 0.69 - 0.4 * progress);
    push(step, 'losses/approx_kl', Math.abs(rng.normal(0.01, 0.005)));
    push(step, 'losses/clipfrac', Math.abs(rng.normal(0.1, 0.03)));
    push(step, 'losses/clipfrac_low', Math.abs(rng.normal(0.05, 0.02)));
    push(step, 'losses/clipfrac_high', Math.abs(rng.normal(0.05, 0.02)));
    push(step, 'grpo/kl_ref', Math.abs(rng.normal(0.02, 0.01)));
    push(step, 'grad/global_norm', Math.abs(rng.normal(0.5, 0.2)));
    push(step, 'grpo/beta', 0.04);
    push(step, 'grpo/reward_mean', 0);
    push(step, 'grpo/reward_std', 1);
    push(step, 'grpo/frac_reward_zero_std', rng.uniform() < 0.1 ? 0.125 : 0);
    push(step, 'grpo/group_returns', groupMeans);
    push(step, 'grpo/dropped_groups', 0);
  }
  return `${lines.join('\n')}\n`;
}
