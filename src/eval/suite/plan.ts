// Which episodes and which perturbations a suite runs: the pure plan, before any episode.
import { UNCERTAINTY_PRESETS, type UncertaintyConfig, type UncertaintyPreset } from '../../envs/index.js';
import { episodeSeeds } from './lockstep.js';
import { kindConfig, kindMagnitude, UNCERTAINTY_KINDS, type UncertaintyKind } from './kinds.js';

/** The suites of `grpo evaluate --suite`. */
export const SUITE_NAMES = ['quick', 'full'] as const;
/** A suite of `grpo evaluate --suite`: 'quick' or 'full'. */
export type SuiteName = (typeof SUITE_NAMES)[number];

/** What a suite runs by default. */
export interface SuiteSettings {
  /** Episodes per evaluation point (every level, every sweep point, every baseline). */
  readonly episodes: number;
  /** Sweep magnitudes relative to each kind's 'high' preset (0 = none, 1 = high). */
  readonly relativeMagnitudes: readonly number[];
}

/**
 * quick: 20 episodes and 6 magnitudes (a check in seconds); full: 100 episodes and 7 magnitudes,
 * denser up to 'high' (where the presets lie: medium is 0.5x high for most fields), then to 2x.
 * NOTE: 7, not 9, magnitudes keep the full suite on CartPole (a policy at 500: 2M env steps)
 * within the benchmark's 60 s target on a loaded machine.
 */
export const SUITES: Readonly<Record<SuiteName, SuiteSettings>> = {
  quick: { episodes: 20, relativeMagnitudes: [0, 0.25, 0.5, 1, 1.5, 2] },
  full: { episodes: 100, relativeMagnitudes: [0, 0.25, 0.5, 0.75, 1, 1.5, 2] },
};

/** The uncertainty levels, in order. */
export const LEVELS: readonly UncertaintyPreset[] = ['none', 'low', 'medium', 'high'];

/** One point of the sweep of a kind. */
export interface SweepPlanPoint {
  /** Magnitude relative to the kind's 'high' preset. */
  readonly relative: number;
  /** The value of the kind's first field (e.g. observationNoiseStd). */
  readonly magnitude: number;
  readonly uncertainty: UncertaintyConfig;
}

/** Every episode and perturbation of a suite. */
export interface SuitePlan {
  readonly suite: SuiteName;
  readonly episodes: number;
  /** Seed of the start states and noise (the reset seeds are drawn from it as evaluatePolicy does). */
  readonly seed: number;
  /** The reset seed of each episode: the same start states (and noise streams) at every point and for every policy. */
  readonly episodeSeeds: readonly number[];
  readonly levels: readonly { readonly level: UncertaintyPreset; readonly uncertainty: UncertaintyConfig }[];
  readonly sweeps: readonly { readonly kind: UncertaintyKind; readonly points: readonly SweepPlanPoint[] }[];
}

/**
 * The plan of a suite: its episodes (overridable), the reset seeds drawn from `seed`, the four
 * levels and, for each of the six kinds alone, its sweep points.
 * @example planSuite('quick', { seed: 1000003 }).sweeps.length === 6
 */
export function planSuite(suite: SuiteName, options: { readonly seed: number; readonly episodes?: number }): SuitePlan {
  const settings = SUITES[suite];
  if (settings === undefined) throw new RangeError(`planSuite: suite must be one of ${SUITE_NAMES.join(', ')}, received ${JSON.stringify(suite)}`);
  const episodes = options.episodes ?? settings.episodes;
  if (!(Number.isInteger(episodes) && episodes >= 1)) throw new RangeError(`planSuite: episodes must be an integer >= 1, received ${episodes}`);
  return {
    suite,
    episodes,
    seed: options.seed,
    episodeSeeds: episodeSeeds(options.seed, episodes),
    levels: LEVELS.map((level) => ({ level, uncertainty: { ...UNCERTAINTY_PRESETS[level] } })),
    sweeps: UNCERTAINTY_KINDS.map((kind) => ({
      kind,
      points: settings.relativeMagnitudes.map((relative) => {
        const uncertainty = kindConfig(kind, relative);
        return { relative, magnitude: kindMagnitude(kind, uncertainty), uncertainty };
      }),
    })),
  };
}

/**
 * Whether a config applies no uncertainty at all (the bare env is used then, as training does at 'none').
 * @example isNoUncertainty(kindConfig('drift', 0)) === true
 */
export function isNoUncertainty(config: UncertaintyConfig): boolean {
  return Object.entries(UNCERTAINTY_PRESETS.none).every(([field, value]) => Reflect.get(config, field) === value);
}
