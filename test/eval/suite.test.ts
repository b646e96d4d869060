// The evaluation suite's pure parts: which perturbations (each kind alone, 0 to 2x 'high'), which
// episodes (the same start states for every level and policy), lockstep episodes equal to
// one-at-a-time evaluation, the result's structure and statistics, sections, charts.
import { describe, expect, it } from 'vitest';
import { actionSpecOf, Policy } from '../../src/algos/policy.js';
import {
  diversitySuiteSection, episodeSeeds, evaluatePolicy, SUITE_SECTIONS, KIND_FIELDS, kindConfig, LEVELS, planSuite, pointEnv, policyActor, randomActor, renderSvg, runEpisodes, runSuite, suiteCharts, suiteTables,
  UNCERTAINTY_KINDS, type Actor, type LoadedModel, type SuiteSection,
} from '../../src/eval/index.js';
import { make, UNCERTAINTY_PRESETS, type UncertaintyConfig } from '../../src/envs/index.js';
import { Rng } from '../../src/tensor/rng.js';
import { expectWellFormedSvg, linePaths, markLabels } from './svg.js';

/** An untrained CartPole policy as a loaded model (its episodes are short: the tests stay fast). */
function tinyModel(seed = 0): LoadedModel {
  const env = make('CartPole-v1');
  const policy = new Policy(4, actionSpecOf(env.actionSpace), { rng: new Rng(seed), hiddenSizes: [8], activation: 'tanh', outputGain: 1 });
  return { path: `<tiny ${seed}>`, spec: { algo: 'grpo', env: 'CartPole-v1', uncertainty: 'none', seed, hiddenSizes: [8], activation: 'tanh', logStdInit: 0, logStdMode: 'parameter', normalizeObservation: false, obsClip: 10 }, config: {}, policy, population: null };
}

/** An actor that records each episode's first observation, then delegates. */
function recording(inner: Actor): { actor: Actor; first: Map<number, number[]> } {
  const first = new Map<number, number[]>();
  return {
    first,
    actor: {
      act(observations, rows, episodes) {
        const dim = observations.length / rows;
        episodes.forEach((e, r) => {
          if (!first.has(e)) first.set(e, Array.from(observations.subarray(r * dim, (r + 1) * dim)));
        });
        return inner.act(observations, rows, episodes);
      },
    },
  };
}

describe('kindConfig', () => {
  it.each(UNCERTAINTY_KINDS)('%s alone: its fields scale with the multiple of high, every other field stays at none', (kind) => {
    for (const relative of [0, 0.5, 1, 2]) {
      const config = kindConfig(kind, relative);
      for (const [field, none] of Object.entries(UNCERTAINTY_PRESETS.none)) {
        const owned = KIND_FIELDS[kind].some((f) => f === field);
        const value = Reflect.get(config, field);
        if (!owned) expect(value, field).toBe(none);
        else if (field === 'rewardMaxDelay') expect(value).toBe(Math.max(1, Math.round(10 * relative)));
        else expect(value, field).toBeCloseTo(Reflect.get(UNCERTAINTY_PRESETS.high, field) * relative, 12);
      }
    }
    expect(kindConfig(kind, 1)[KIND_FIELDS[kind][0]!]).toBe(UNCERTAINTY_PRESETS.high[KIND_FIELDS[kind][0]!]);
  });

  it('refuses a negative multiple', () => {
    expect(() => kindConfig('drift', -1)).toThrow('kindConfig: relative must be a finite number >= 0, received -1');
  });
});

describe('planSuite', () => {
  it('quick: 6 magnitudes from 0 to 2x high for each of the six kinds; full: 7; the four levels are the presets', () => {
    const quick = planSuite('quick', { seed: 7 });
    expect(quick.episodes).toBe(20);
    expect(quick.sweeps.map((s) => s.kind)).toEqual([...UNCERTAINTY_KINDS]);
    for (const s of quick.sweeps) expect(s.points.map((p) => p.relative)).toEqual([0, 0.25, 0.5, 1, 1.5, 2]);
    const full = planSuite('full', { seed: 7, episodes: 3 });
    expect(full.episodes).toBe(3);
    for (const s of full.sweeps) expect(s.points.map((p) => p.relative)).toEqual([0, 0.25, 0.5, 0.75, 1, 1.5, 2]);
    expect(quick.levels.map((l) => l.level)).toEqual([...LEVELS]);
    for (const l of quick.levels) expect(l.uncertainty).toEqual(UNCERTAINTY_PRESETS[l.level]);
    expect(() => planSuite('quick', { seed: 0, episodes: 0 })).toThrow('planSuite: episodes must be an integer >= 1, received 0');
  });

  it("draws the episodes' reset seeds as evaluatePolicy does", () => {
    expect(episodeSeeds(5, 4)).toEqual(planSuite('quick', { seed: 5, episodes: 4 }).episodeSeeds);
    const rng = new Rng(5).fork('eval');
    expect(episodeSeeds(5, 3)).toEqual([rng.int(2 ** 31), rng.int(2 ** 31), rng.int(2 ** 31)]);
  });
});

describe('runEpisodes', () => {
  it.each(['none', 'high'] as const)('in lockstep gives the returns of one-at-a-time evaluatePolicy (uncertainty %s)', (level) => {
    const { policy } = tinyModel(3);
    const config: UncertaintyConfig = { ...UNCERTAINTY_PRESETS[level] };
    const seeds = episodeSeeds(11, 12);
    const lockstep = runEpisodes(policyActor(policy), pointEnv('CartPole-v1', config), seeds);
    const single = evaluatePolicy(policy, level === 'none' ? make('CartPole-v1') : make('CartPole-v1', { uncertainty: level }), { episodes: 12, seed: 11 });
    expect(lockstep.returns).toEqual(single.returns);
    expect(lockstep.lengths).toEqual(single.lengths);
  });

  it("a random actor's episodes do not depend on which episodes run beside them", () => {
    const seeds = episodeSeeds(2, 6);
    const all = runEpisodes(randomActor({ kind: 'discrete', n: 2 }, 9), () => make('CartPole-v1'), seeds);
    const fresh = randomActor({ kind: 'discrete', n: 2 }, 9);
    const alone = runEpisodes({ act: (o, rows) => fresh.act(o, rows, [4]) }, () => make('CartPole-v1'), [seeds[4]!]);
    expect(alone.returns).toEqual([all.returns[4]]);
  });
});

describe('runSuite', () => {
  const model = tinyModel(1);
  const plan = planSuite('quick', { seed: 3, episodes: 6 });
  const baseline = recording(randomActor({ kind: 'discrete', n: 2 }, 42));
  const section: SuiteSection = {
    name: 'probe',
    appliesTo: (m) => m.spec.algo === 'grpo',
    run: (ctx) => ({ title: 'Probe', json: { returns: ctx.evaluate(policyActor(ctx.model.policy), UNCERTAINTY_PRESETS.none).returns }, tables: [], charts: [] }),
  };
  const skipped: SuiteSection = { name: 'never', appliesTo: () => false, run: () => { throw new Error('must not run'); } };
  const result = runSuite(model, plan, { baselines: [{ name: 'other', actor: baseline.actor }], sections: [section, skipped], resamples: 200 });

  it('evaluates the model, the random policy and every baseline at every level over the same episodes', () => {
    expect(result.subjects).toEqual(['model', 'random', 'other']);
    expect(result.levels.map((l) => l.level)).toEqual(['none', 'low', 'medium', 'high']);
    for (const l of result.levels) {
      for (const s of result.subjects) {
        expect(l.results[s]!.returns).toHaveLength(6);
        expect(l.results[s]!.stats.episodes).toBe(6);
      }
    }
    expect(result.episodeSeeds).toEqual(plan.episodeSeeds);
  });

  it('the same start states for every policy and level: the first observations agree where nothing perturbs them', () => {
    const standalone = recording(policyActor(model.policy));
    const other = recording(randomActor({ kind: 'discrete', n: 2 }, 42));
    for (const level of LEVELS) {
      runEpisodes(standalone.actor, pointEnv('CartPole-v1', UNCERTAINTY_PRESETS[level]), plan.episodeSeeds);
      runEpisodes(other.actor, pointEnv('CartPole-v1', UNCERTAINTY_PRESETS[level]), plan.episodeSeeds);
      // Same seeds, so the same start state and the same observation noise for both policies.
      expect([...other.first.entries()]).toEqual([...standalone.first.entries()]);
      standalone.first.clear();
      other.first.clear();
    }
    const bare = recording(policyActor(model.policy));
    runEpisodes(bare.actor, pointEnv('CartPole-v1', UNCERTAINTY_PRESETS.none), plan.episodeSeeds);
    const actionNoise = recording(policyActor(model.policy));
    runEpisodes(actionNoise.actor, pointEnv('CartPole-v1', kindConfig('action_noise', 2)), plan.episodeSeeds);
    expect([...actionNoise.first.entries()]).toEqual([...bare.first.entries()]);
    // The suite's baseline saw the model's start states too (at none, the first points it ran).
    expect(baseline.first.size).toBe(6);
  });

  it('sweeps each kind alone over the plan, the 0 point equal to the none level, normalised against random', () => {
    expect(result.robustness.map((s) => s.kind)).toEqual([...UNCERTAINTY_KINDS]);
    const none = result.levels[0]!.results;
    for (const s of result.robustness) {
      expect(s.points.map((p) => p.relative)).toEqual([0, 0.25, 0.5, 1, 1.5, 2]);
      expect(s.points[0]!.result.returns).toEqual(none['model']!.returns);
      const expected = (s.points[3]!.result.stats.mean - none['random']!.stats.mean) / (none['model']!.stats.mean - none['random']!.stats.mean);
      expect(s.points[3]!.normalisedReturn).toBeCloseTo(expected, 12);
      expect(s.points[0]!.normalisedReturn).toBeCloseTo(1, 12);
      for (const p of s.points) expect(p.result.stats.ci95[0]).toBeLessThanOrEqual(p.result.stats.mean);
    }
  });

  it('states the statistics of every comparison, bootstrap resamples included', () => {
    const groups = result.comparisons.map((c) => c.group);
    expect(groups.filter((g) => g === 'baseline')).toHaveLength(4 * 2);
    expect(groups.filter((g) => g === 'level')).toHaveLength(3);
    expect(groups.filter((g) => g === 'robustness')).toHaveLength(6 * 5);
    for (const c of result.comparisons) {
      expect(c.difference.resamples).toBe(200);
      expect(c.difference.confidence).toBe(0.95);
      expect(c.difference.estimate).toBeCloseTo(c.mean_a - c.mean_b, 9);
      for (const key of ['welch_p', 'mann_whitney_p', 'hedges_g', 'cliffs_delta'] as const) expect(typeof c[key]).toBe('number');
    }
    const vsRandom = result.comparisons.find((c) => c.group === 'baseline' && c.level === 'none' && c.b === 'random')!;
    expect(vsRandom.mean_a).toBe(result.levels[0]!.results['model']!.stats.mean);
    expect(result.bootstrap).toEqual({ resamples: 200, confidence: 0.95, method: 'percentile' });
    // Seeded: the same suite gives the same numbers.
    expect(JSON.stringify(runSuite(model, plan, { resamples: 200 }).comparisons)).toBe(JSON.stringify(runSuite(model, plan, { resamples: 200 }).comparisons));
  });

  it('runs the sections that apply, with the plan\'s episodes', () => {
    expect(Object.keys(result.sections)).toEqual(['probe']);
    expect(result.sections['probe']!.json).toEqual({ returns: result.levels[0]!.results['model']!.returns });
  });

  it('charts: levels, baseline differences, one robustness chart per kind with its points, the overview with every kind', async () => {
    const charts = suiteCharts(result);
    expect(charts.map((c) => c.name)).toEqual(['levels', 'baseline_differences', ...UNCERTAINTY_KINDS.map((k) => `robustness_${k}`), 'robustness_overview']);
    const sweep = await renderSvg(charts.find((c) => c.name === 'robustness_drift')!.spec);
    expectWellFormedSvg(sweep);
    expect(markLabels(sweep, 'circle').length + markLabels(sweep, 'point').length).toBeGreaterThanOrEqual(6);
    const overview = await renderSvg(charts.find((c) => c.name === 'robustness_overview')!.spec);
    expectWellFormedSvg(overview);
    expect(linePaths(overview)).toHaveLength(6);
    for (const kind of UNCERTAINTY_KINDS) expect(overview).toContain(kind);
    const tables = suiteTables(result);
    expect(tables.map((t) => t.title)).toEqual(['Returns by uncertainty level', 'Robustness: each kind of uncertainty alone', 'Comparisons']);
    expect(tables[2]!.rows).toHaveLength(result.comparisons.length);
  });
});

describe('the diversity section (policy-groups populations)', () => {
  it('applies only to models with a population; adds KL, specialisation and the timeline', () => {
    const groups = [tinyModel(4).policy, tinyModel(5).policy];
    const population = {
      state: { performances: [30, 20], observed: [true, true], hyperparameters: [], evolution: [] },
      policies: groups, probabilities: Float64Array.from([0.6, 0.4]), best: 0,
    };
    const model: LoadedModel = { ...tinyModel(4), spec: { ...tinyModel(4).spec, algo: 'policy-groups' }, population };
    expect(SUITE_SECTIONS).toContain(diversitySuiteSection);
    expect(diversitySuiteSection.appliesTo(tinyModel(0))).toBe(false);
    const metrics = [10, 20].flatMap((step) => [0, 1].map((g) => ({ step, tag: `groups/${g}/performance`, value: step + g })));
    const result = runSuite(model, planSuite('quick', { seed: 2, episodes: 3 }), { sections: SUITE_SECTIONS, resamples: 50, metrics });
    const json = result.sections['diversity']!.json as { kl: number[][]; specialisation: { conditions: string[]; means: number[][] }; best: number };
    expect(json.kl).toHaveLength(2);
    expect(json.kl[0]![0]).toBe(0);
    expect(json.kl[0]![1]).toBeGreaterThan(0);
    expect(json.specialisation.conditions).toEqual(['none', 'low', 'medium', 'high']);
    // Group 0 is the suite's model: its 'none' specialisation is the model's mean at none.
    expect(json.specialisation.means[0]![0]).toBeCloseTo(result.levels[0]!.results['model']!.stats.mean, 9);
    expect(result.sections['diversity']!.tables.map((t) => t.rows.length)).toEqual([2, 2]);
    expect(result.sections['diversity']!.charts.map((c) => c.name)).toEqual(['group_performance']);
    expect(suiteCharts(result).map((c) => c.name)).toContain('diversity_group_performance');
    expect(Object.keys(runSuite(tinyModel(0), planSuite('quick', { seed: 2, episodes: 2 }), { sections: SUITE_SECTIONS, resamples: 50 }).sections)).toEqual([]);
  });
});
