// The six kinds of uncertainty as the robustness sweep varies them: each kind alone, scaled from 0
// to a multiple of its 'high' preset, every other kind off.
import { UNCERTAINTY_PRESETS, type UncertaintyConfig } from '../../envs/index.js';

/** The names of the six kinds, in the order of src/envs/uncertainty.ts. */
export const UNCERTAINTY_KINDS = ['observation_noise', 'action_noise', 'transition_noise', 'reward_noise_delay', 'partial_observability', 'drift'] as const;

/** One kind of uncertainty. */
export type UncertaintyKind = (typeof UNCERTAINTY_KINDS)[number];

/** The config fields each kind owns, the first being the magnitude plotted on its chart's x axis. */
export const KIND_FIELDS: Readonly<Record<UncertaintyKind, readonly (keyof UncertaintyConfig)[]>> = {
  observation_noise: ['observationNoiseStd'],
  action_noise: ['actionNoise'],
  transition_noise: ['transitionNoiseStd'],
  reward_noise_delay: ['rewardNoiseStd', 'rewardDelayProbability', 'rewardMaxDelay'],
  partial_observability: ['maskProbability'],
  drift: ['driftProbability', 'driftStd', 'driftBound'],
};

/**
 * The uncertainty config of one kind alone at `relative` times its 'high' magnitude (0 = none,
 * 1 = high, 2 = twice high): every field of the kind scaled, every other kind at 'none'.
 * NOTE: probabilities are capped at 1, and rewardMaxDelay (a whole number of steps, >= 1) is
 * rounded: at 2x high every probability is still <= 0.4, so only the rounding ever applies.
 * @example kindConfig('drift', 2).driftBound === 1
 */
export function kindConfig(kind: UncertaintyKind, relative: number): UncertaintyConfig {
  if (!Number.isFinite(relative) || relative < 0) throw new RangeError(`kindConfig: relative must be a finite number >= 0, received ${relative}`);
  const config: UncertaintyConfig = { ...UNCERTAINTY_PRESETS.none };
  const high = UNCERTAINTY_PRESETS.high;
  for (const field of KIND_FIELDS[kind]) {
    const scaled = high[field] * relative;
    config[field] = field === 'rewardMaxDelay' ? Math.max(1, Math.round(scaled)) : field.endsWith('Probability') ? Math.min(1, scaled) : scaled;
  }
  return config;
}

/**
 * The magnitude of a kind in a config: the value of its first field (e.g. observationNoiseStd).
 * @example kindMagnitude('observation_noise', kindConfig('observation_noise', 2)) === 0.2
 */
export function kindMagnitude(kind: UncertaintyKind, config: UncertaintyConfig): number {
  return config[KIND_FIELDS[kind][0]!];
}
