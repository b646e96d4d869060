// Reports, the evaluation suite, compare and pipeline end to end on tiny runs: the files each
// writes, a report on a cut metrics line and on a run in progress, bad input and exit codes.
import { cpSync, existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, truncateSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { EXIT } from '../../src/cli/io.js';
import { expectOneLine, parseJsonOutput, readJson, runCli, tmpLogDir } from './helpers.js';

const TINY = ['--total-steps', '2000', '--eval-episodes', '3', '--checkpoint-every', '0'];
const logDir = tmpLogDir();
const runA = join(logDir, 'a');
const runB = join(logDir, 'b');
const runR = join(logDir, 'r');
const runP = join(logDir, 'pendulum');
const runG = join(logDir, 'groups');

/** Every file under `dir` with its bytes, except those `skip` accepts (paths relative to dir). */
function snapshot(dir: string, skip: (path: string) => boolean): Map<string, string> {
  const out = new Map<string, string>();
  const walk = (d: string) => {
    for (const name of readdirSync(d)) {
      const path = join(d, name);
      const rel = relative(dir, path);
      if (skip(rel)) continue;
      if (statSync(path).isDirectory()) walk(path);
      else out.set(rel, readFileSync(path, 'latin1'));
    }
  };
  walk(dir);
  return out;
}

/** URLs a browser would fetch (the SVG namespace names are identifiers, not fetched). */
function externalUrls(html: string): string[] {
  const rest = html.replaceAll('xmlns="http://www.w3.org/2000/svg"', '').replaceAll('xmlns:xlink="http://www.w3.org/1999/xlink"', '');
  return [...rest.matchAll(/(?:https?:)?\/\/[a-z0-9.-]+\.[a-z]{2,}[^\s"'<>)]*/gi)].map((m) => m[0]);
}

/** Checks a report page holds exactly the SVGs of `plotsDir` and fetches nothing. */
function expectReportHoldsPlots(reportPath: string, plotsDir: string): string {
  const html = readFileSync(reportPath, 'utf8');
  const svgs = readdirSync(plotsDir).filter((f) => f.endsWith('.svg'));
  expect(svgs.length).toBeGreaterThan(0);
  expect((html.match(/<svg[\s>]/g) ?? []).length).toBe(svgs.length);
  expect(externalUrls(html)).toEqual([]);
  expect(html).not.toMatch(/<script|<link|<img|<iframe|@import/i);
  return html;
}

beforeAll(async () => {
  for (const [name, extra] of [['a', []], ['b', ['--seed', '1']], ['r', ['--algo', 'reinforce']], ['pendulum', ['--env', 'Pendulum-v1', '--total-steps', '800']], ['groups', ['--algo', 'policy-groups']]] as const) {
    const run = await runCli(['train', ...TINY, ...extra, '--log-dir', logDir, '--run-name', name]);
    if (run.code !== EXIT.ok) throw new Error(`training ${name} failed: ${run.stderr}`);
  }
}, 120_000);

describe('every training run ends with plots and report.html', () => {
  it('writes plots/*.svg (GRPO: the group-returns heatmap and zero-spread fraction) and a self-contained report', () => {
    const plots = readdirSync(join(runA, 'plots'));
    for (const name of ['episodic_return.svg', 'episodic_length.svg', 'losses_policy_loss.svg', 'clip_fractions.svg', 'learning_rate.svg', 'grad_norm.svg', 'group_returns_heatmap.svg', 'frac_zero_spread_groups.svg']) {
      expect(plots).toContain(name);
    }
    const html = expectReportHoldsPlots(join(runA, 'report.html'), join(runA, 'plots'));
    expect(html).toContain('<h2>Evaluation</h2>');
    expect(html).toContain('<h2>Config</h2>');
    // The report is written after the run released its lock.
    expect(existsSync(join(runA, '.lock'))).toBe(false);
  });

  it('a run stopped by Ctrl-C still gets its report, after its model and summary', async () => {
    let sent = false;
    const run = await runCli(['train', '--total-steps', '4000', '--log-dir', logDir, '--run-name', 'stopped'], {
      onStderr: (text, signals) => {
        if (!sent && text.startsWith('progress')) {
          sent = true;
          signals.emit('SIGINT');
        }
      },
    });
    expect(run.code).toBe(EXIT.interrupted);
    const dir = join(logDir, 'stopped');
    expect(readJson(join(dir, 'summary.json'))['interrupted']).toBe(true);
    expect(existsSync(join(dir, 'models', 'final_model.safetensors'))).toBe(true);
    expect(readFileSync(join(dir, 'report.html'), 'utf8')).toContain('stopped early (Ctrl-C)');
    expect(run.stdout).toContain(`report         ${join(dir, 'report.html')}`);
  });
});

describe('a report that cannot be written never costs the run its model', () => {
  it('says why; the final model and summary.json are saved, exit 0', async () => {
    const dir = join(logDir, 'blocked');
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, 'plots'), 'a file where the plots directory would go');
    const run = await runCli(['train', ...TINY, '--log-dir', logDir, '--run-name', 'blocked', '--json']);
    expect(run.code, run.stderr).toBe(EXIT.ok);
    const out = parseJsonOutput(run.stdout);
    expect(out['reportPath']).toBeNull();
    expect(out['reportError']).toMatch(/EEXIST/);
    expect(existsSync(join(dir, 'models', 'final_model.safetensors'))).toBe(true);
    expect(readJson(join(dir, 'summary.json'))['evaluation']).toMatchObject({ episodes: 3 });
    expect(existsSync(join(dir, 'report.html'))).toBe(false);
  });
});

describe('grpo report', () => {
  it('rebuilds a copied run whose last metrics line was cut: warns, uses the complete records, touches only plots/ and report.html', async () => {
    const copy = join(logDir, 'copied');
    cpSync(runA, copy, { recursive: true });
    rmSync(join(copy, 'plots'), { recursive: true });
    rmSync(join(copy, 'report.html'));
    const metrics = join(copy, 'metrics.jsonl');
    truncateSync(metrics, statSync(metrics).size - 7);
    const lines = readFileSync(metrics, 'utf8').split('\n').length - 1;
    const before = snapshot(copy, (p) => p === 'plots' || p === 'report.html');
    const run = await runCli(['report', copy]);
    expect(run.code, run.stderr).toBe(EXIT.ok);
    expect(expectOneLine(run.stderr)).toBe(`grpo report: warning: the last line of ${copy}/metrics.jsonl was cut (killed mid-write?); using the ${lines} complete records`);
    expect(run.stdout).toContain(`report: ${join(copy, 'report.html')}`);
    expect(snapshot(copy, (p) => p === 'plots' || p === 'report.html')).toEqual(before);
    expect(readdirSync(join(copy, 'plots')).sort()).toEqual(readdirSync(join(runA, 'plots')).sort());
    const html = expectReportHoldsPlots(join(copy, 'report.html'), join(copy, 'plots'));
    expect(html).toContain('the last line of metrics.jsonl was cut');
  });

  it('works on a run in progress (no summary.json yet), and --json prints one object', async () => {
    const copy = join(logDir, 'in-progress');
    cpSync(runA, copy, { recursive: true });
    rmSync(join(copy, 'summary.json'));
    const run = await runCli(['report', copy, '--json']);
    expect(run.code, run.stderr).toBe(EXIT.ok);
    const out = parseJsonOutput(run.stdout);
    expect(out).toMatchObject({ runDir: copy, report: join(copy, 'report.html'), truncated: false });
    expect(readFileSync(join(copy, 'report.html'), 'utf8')).toContain('in progress (no summary.json yet)');
    expect(existsSync(join(copy, 'summary.json'))).toBe(false);
  });

  it.each([
    [() => [], /^grpo report: expected one RUN_DIR, received none$/],
    [() => [logDir], /^grpo report: ".*" is not a run directory: expected config\.json and metrics\.jsonl in it$/],
    [() => ['/nonexistent/run'], /^grpo report: "\/nonexistent\/run" is not a directory$/],
    [() => {
      const copy = join(tmpLogDir(), 'empty');
      cpSync(runA, copy, { recursive: true });
      writeFileSync(join(copy, 'metrics.jsonl'), '');
      return [copy];
    }, /^grpo report: .*metrics\.jsonl is empty: the run has logged no metrics yet$/],
  ])('bad input %# exits 2 with one line', async (argv, message) => {
    const run = await runCli(['report', ...argv()]);
    expect(run.code).toBe(EXIT.usage);
    expect(expectOneLine(run.stderr)).toMatch(message);
    expect(run.stdout).toBe('');
  });
});

describe('grpo evaluate --suite', () => {
  it('writes evaluation_summary.json, results/*.json, plots/*.svg and report.html with every policy on the same episodes', async () => {
    const out = join(logDir, 'suite-a');
    const run = await runCli(['evaluate', '--model-path', runA, '--suite', 'quick', '--episodes', '3', '--baseline', runB, '--out', out, '--json']);
    expect(run.code, run.stderr).toBe(EXIT.ok);
    const json = parseJsonOutput(run.stdout);
    expect(json).toMatchObject({ out, report: join(out, 'report.html'), summary: join(out, 'evaluation_summary.json') });
    const summary = readJson(join(out, 'evaluation_summary.json'));
    const baseline = join(runB, 'models', 'final_model.safetensors');
    expect(summary['subjects']).toEqual(['model', 'random', baseline]);
    expect(summary).toMatchObject({ suite: 'quick', episodes: 3, seed: 1_000_003, deterministic: true, bootstrap: { resamples: 2000, confidence: 0.95 } });
    expect(summary['model']).toMatchObject({ path: join(runA, 'models', 'final_model.safetensors'), algo: 'grpo', env: 'CartPole-v1', baselines: [baseline] });
    expect((summary['model'] as { backend: string }).backend).toBe(readJson(join(runA, 'config.json'))['backend']);
    const levels = summary['levels'] as { level: string; results: Record<string, { returns: number[] }> }[];
    expect(levels.map((l) => l.level)).toEqual(['none', 'low', 'medium', 'high']);
    for (const l of levels) expect(Object.keys(l.results)).toEqual(['model', 'random', baseline]);
    // At 'none' the suite replays the trainer's own evaluation episodes (same seed, same start states).
    const trained = readJson(join(runA, 'summary.json'))['evaluation'] as { mean: number };
    expect(levels[0]!.results['model']!.returns.reduce((a, b) => a + b, 0) / 3).toBeCloseTo(trained.mean, 9);
    const comparisons = summary['comparisons'] as { group: string; difference: { resamples: number } }[];
    expect(comparisons.filter((c) => c.group === 'baseline')).toHaveLength(8);
    expect(readdirSync(join(out, 'results')).sort()).toEqual([
      'comparisons.json', 'level_high.json', 'level_low.json', 'level_medium.json', 'level_none.json',
      ...['action_noise', 'drift', 'observation_noise', 'partial_observability', 'reward_noise_delay', 'transition_noise'].map((k) => `robustness_${k}.json`),
    ]);
    expect(readJson(join(out, 'results', 'robustness_drift.json'))['points']).toHaveLength(6);
    expect(readdirSync(join(out, 'plots')).sort()).toEqual([
      'baseline_differences.svg', 'levels.svg', 'robustness_action_noise.svg', 'robustness_drift.svg', 'robustness_observation_noise.svg',
      'robustness_overview.svg', 'robustness_partial_observability.svg', 'robustness_reward_noise_delay.svg', 'robustness_transition_noise.svg',
    ]);
    const html = expectReportHoldsPlots(join(out, 'report.html'), join(out, 'plots'));
    expect(html).toContain('Mann-Whitney p');
  });

  it('the default output is <run>/evaluation_<time>/, and the terminal shows the tables', async () => {
    const run = await runCli(['evaluate', '--model-path', runR, '--suite', 'quick', '--episodes', '2']);
    expect(run.code, run.stderr).toBe(EXIT.ok);
    expect(run.stdout).toMatch(/^mean return \[95% CI\] by uncertainty level/);
    expect(run.stdout).toMatch(/\nrobustness: mean return with one kind of uncertainty alone/);
    const dirs = readdirSync(runR).filter((d) => /^evaluation_\d{8}T\d{6}Z$/.test(d));
    expect(dirs).toHaveLength(1);
    expect(run.stdout.trim().split('\n').at(-1)).toBe(`report: ${join(runR, dirs[0]!, 'report.html')}`);
  });

  it("a policy-groups model gets the diversity section, with its run's history", async () => {
    const out = join(logDir, 'suite-groups');
    const run = await runCli(['evaluate', '--model-path', runG, '--suite', 'quick', '--episodes', '2', '--out', out]);
    expect(run.code, run.stderr).toBe(EXIT.ok);
    const sections = readJson(join(out, 'evaluation_summary.json'))['sections'] as Record<string, { title: string; json: { kl: number[][]; timeline: { performance: unknown[] } } }>;
    expect(Object.keys(sections)).toEqual(['diversity']);
    expect(sections['diversity']!.json.kl.length).toBeGreaterThanOrEqual(2);
    expect(sections['diversity']!.json.timeline.performance.length).toBeGreaterThan(0);
    expect(existsSync(join(out, 'results', 'section_diversity.json'))).toBe(true);
    expect(readdirSync(join(out, 'plots'))).toContain('diversity_group_performance.svg');
    expect(expectReportHoldsPlots(join(out, 'report.html'), join(out, 'plots'))).toContain('Diversity: pairwise KL between groups');
  });

  it('plain grpo evaluate keeps its single evaluation', async () => {
    const run = await runCli(['evaluate', '--model-path', runA, '--episodes', '3', '--json']);
    expect(run.code, run.stderr).toBe(EXIT.ok);
    expect(parseJsonOutput(run.stdout)).toMatchObject({ episodes: 3, uncertainty: 'none', deterministic: true });
  });

  it.each([
    [() => ['--baseline', runP], /^grpo evaluate: --baseline .*pendulum.* is a model for Pendulum-v1, expected one for CartPole-v1 \(the evaluated model's env\)$/],
    [() => ['--baseline', '/nonexistent'], /^grpo evaluate: --baseline: no such file or directory, received "\/nonexistent"$/],
    [() => ['--episodes', '0'], /^grpo evaluate: --episodes must be >= 1, received 0$/],
    [() => ['--suite', 'huge'], /^grpo evaluate: --suite must be one of quick, full, received "huge"$/],
    [() => ['--uncertainty-level', 'high'], /^grpo evaluate: --uncertainty-level does not apply with --suite/],
  ])('bad input %# exits 2 with one line', async (extra, message) => {
    const argv = ['evaluate', '--model-path', runA, ...(extra().includes('--suite') ? [] : ['--suite', 'quick']), '--episodes', '2', '--out', join(tmpLogDir(), 'x'), ...extra()];
    const run = await runCli(argv);
    expect(run.code).toBe(EXIT.usage);
    expect(expectOneLine(run.stderr.split('\n').filter((l) => !l.startsWith('  ') && !l.includes('suite, ')).join('\n'))).toMatch(message);
  });

  it('--baseline and --out need --suite', async () => {
    const run = await runCli(['evaluate', '--model-path', runA, '--baseline', runB]);
    expect(run.code).toBe(EXIT.usage);
    expect(expectOneLine(run.stderr)).toBe('grpo evaluate: --baseline needs --suite quick|full');
  });
});

describe('grpo compare', () => {
  it('groups runs by algo, says where final performance came from, writes compare.json, plots and report.html', async () => {
    const out = join(logDir, 'cmp');
    const run = await runCli(['compare', runA, runB, runR, '--out', out, '--json']);
    expect(run.code, run.stderr).toBe(EXIT.ok);
    const json = parseJsonOutput(run.stdout);
    expect(json).toMatchObject({ out, report: join(out, 'report.html'), compare: join(out, 'compare.json'), groupBy: ['algo'] });
    const compare = readJson(join(out, 'compare.json'));
    const groups = compare['groups'] as { group: string; runs: number; iqm: { resamples: number } }[];
    expect(groups.map((g) => [g.group, g.runs])).toEqual([['grpo', 2], ['reinforce', 1]]);
    expect((compare['runs'] as { source: string }[]).map((r) => r.source)).toEqual(['evaluation', 'evaluation', 'evaluation']);
    expect((compare['pairs'] as { a: string; b: string; probability_of_improvement: number }[]).map((p) => [p.a, p.b])).toEqual([['grpo', 'reinforce']]);
    expect(readdirSync(join(out, 'plots')).sort()).toEqual(['final_iqm.svg', 'final_mean.svg', 'learning_curves.svg']);
    expectReportHoldsPlots(join(out, 'report.html'), join(out, 'plots'));
    const text = await runCli(['compare', runA, runB, '--group-by', 'seed', '--out', join(logDir, 'cmp2')]);
    expect(text.code, text.stderr).toBe(EXIT.ok);
    expect(text.stdout).toMatch(/^final performance by group \(2 runs; from: evaluation;/);
    expect(text.stdout).toMatch(/\nseed=0 +1 /);
  });

  it.each([
    [() => [], /^grpo compare: expected at least one RUN_DIR, received none$/],
    [() => [runA, logDir], /^grpo compare: ".*" is not a run directory/],
    [() => [runA, '--group-by', 'a b'], /^grpo compare: --group-by must be config field names/],
  ])('bad input %# exits 2 with one line', async (argv, message) => {
    const run = await runCli(['compare', ...argv(), '--out', join(tmpLogDir(), 'c')]);
    expect(run.code).toBe(EXIT.usage);
    expect(expectOneLine(run.stderr)).toMatch(message);
  });
});

describe('grpo pipeline', () => {
  it('trains at medium uncertainty, runs the suite, writes its report and prints its path last', async () => {
    const run = await runCli(['pipeline', '--train-episodes', '40', '--eval-episodes', '3', '--suite', 'quick', '--log-dir', logDir, '--run-name', 'pipe']);
    expect(run.code, run.stderr).toBe(EXIT.ok);
    const dir = join(logDir, 'pipe');
    expect(run.stdout).toMatch(/^GRPO on CartPole-v1 \(uncertainty medium\): 64 training episodes/);
    const last = run.stdout.trim().split('\n').at(-1)!;
    expect(last).toMatch(new RegExp(`^report: ${dir}/evaluation_\\d{8}T\\d{6}Z/report\\.html$`));
    expect(existsSync(last.slice('report: '.length))).toBe(true);
    const summary = readJson(join(dir, 'pipeline_summary.json'));
    expect(summary).toMatchObject({ uncertainty: 'medium', report: last.slice('report: '.length), trainingReport: join(dir, 'report.html') });
    expect(readJson(join(dir, 'config.json'))['uncertainty']).toBe('medium');
  });
});
