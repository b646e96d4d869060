// The policy-groups population's diversity as a section of the evaluation suite: pairwise KL of
// the groups' action distributions on shared visited states, each group's return at every
// uncertainty level (specialisation), and the population's history from the run's metrics.
import { make } from '../../envs/index.js';
import { diversitySection, populationCharts } from '../diversity.js';
import { makeEnv } from '../evaluate_policy.js';
import type { Cell, ReportTable } from '../report.js';
import { LEVELS } from './plan.js';
import type { SectionOutput, SuiteSection } from './sections.js';

/** Episodes each group runs to collect the shared visited states of the KL (fewer if the plan has fewer). */
export const DIVERSITY_STATE_EPISODES = 10;

/**
 * The diversity section: applies to models with a population (`--algo policy-groups`). The
 * specialisation uses the plan's episodes and seed at each level; the timeline, the run's metrics
 * (empty when the model is not inside a run directory).
 */
export const diversitySuiteSection: SuiteSection = {
  name: 'diversity',
  appliesTo: (model) => model.population !== null,
  run({ model, plan, env, metrics }): SectionOutput {
    const population = model.population;
    if (population === null) throw new RangeError(`diversity section: ${model.path} holds no population (not a policy-groups model)`);
    const conditions = LEVELS.map((level) => ({ name: level, env: makeEnv({ env, uncertainty: level }) }));
    const d = diversitySection(population.policies, make(env), conditions, metrics, {
      episodes: plan.episodes,
      episodesPerPolicy: Math.min(DIVERSITY_STATE_EPISODES, plan.episodes),
      seed: plan.seed,
    });
    const groups = population.policies.map((_, g) => `group ${g}`);
    const kl: ReportTable = {
      title: 'Diversity: pairwise KL between groups',
      columns: ['KL(row || column)', ...groups],
      rows: d.kl.map((row, i): Cell[] => [groups[i]!, ...row]),
      note: `mean KL of the groups' action distributions over ${d.states} states the groups visited (sampled actions, ${Math.min(DIVERSITY_STATE_EPISODES, plan.episodes)} episodes each)`,
    };
    const specialisation: ReportTable = {
      title: 'Diversity: specialisation (mean return by group and uncertainty level)',
      columns: ['group', 'selection probability', 'performance', ...d.specialisation.conditions],
      rows: d.specialisation.means.map((row, g): Cell[] => [groups[g]!, population.probabilities[g]!, population.state.performances[g]!, ...row]),
      note: `deterministic actions, ${plan.episodes} episodes per level from the suite's start states; the suite's 'model' is group ${population.best} (the best performance)`,
    };
    return { title: 'Group diversity', json: { best: population.best, probabilities: Array.from(population.probabilities), ...d }, tables: [kl, specialisation], charts: populationCharts(d.timeline) };
  },
};
