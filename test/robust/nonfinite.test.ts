// Non-finite data: an env returning NaN/Inf (injected through a wrapper), a NaN weight in a loaded
// checkpoint, an overflowing learning rate. The run stops before the update is applied, names the
// iteration and the env or the tensor, keeps the last good checkpoint and never writes a
// non-finite weight (every file the run wrote is scanned).
import { readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { decodeSafetensors, encodeSafetensors, resume, train, TrainingError, TransparentWrapper, type Action, type Env, type StepResult } from '../../src/index.js';
import { EXIT } from '../../src/cli/io.js';
import { expectOneLine, runCli, tmpLogDir } from '../cli/helpers.js';

/** Corrupts one env's observation or reward from its `after`-th step on (a test double of a broken simulator). */
class Faulty extends TransparentWrapper {
  protected readonly name = 'Faulty';
  private steps = 0;
  constructor(env: Env, private readonly after: number, private readonly what: 'observation' | 'reward', private readonly value: number) {
    super(env);
  }
  override step(action: Action): StepResult {
    const result = this.env.step(action);
    if (++this.steps > this.after) {
      if (this.what === 'reward') result.reward = this.value;
      else result.observation[2] = this.value;
    }
    return result;
  }
}

/** Every file under `dir`, recursively. */
function filesUnder(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => (statSync(join(dir, name)).isDirectory() ? filesUnder(join(dir, name)) : [join(dir, name)]));
}

/** Scans every safetensors file a run wrote: each float tensor is finite. Returns how many were scanned. */
function scanWeights(runDir: string): number {
  const files = filesUnder(runDir).filter((f) => f.endsWith('.safetensors'));
  for (const file of files) {
    for (const [name, rec] of Object.entries(decodeSafetensors(readFileSync(file)).tensors)) {
      if (rec.dtype === 'F32' || rec.dtype === 'F64') expect(rec.data.every((v) => Number.isFinite(v)), `${file}: ${name}`).toBe(true);
    }
  }
  // No temp file of an aborted atomic write is left behind.
  expect(filesUnder(runDir).filter((f) => f.endsWith('.tmp'))).toEqual([]);
  return files.length;
}

const snapshot = (runDir: string) => Object.fromEntries(filesUnder(join(runDir, 'models')).map((f) => [f, readFileSync(f).toString('hex')]));

describe('non-finite data from the env', () => {
  it.each([
    ['reinforce', 'observation', NaN, /^iteration 1: env 3 \(CartPole-v1\) returned a non-finite observation \(NaN at index 2\) at step \d+ of its episode; the update was not applied; the last checkpoint .*checkpoint-1\.safetensors is kept$/],
    ['ppo', 'reward', Infinity, /^iteration 1: env 3 \(CartPole-v1\) returned a non-finite reward \(Infinity\) at step \d+ of its episode; the update was not applied; the last checkpoint .*checkpoint-1\.safetensors is kept$/],
    ['grpo', 'reward', -Infinity, /^iteration 1: env 3 \(CartPole-v1\) returned a non-finite reward \(-Infinity\) at step \d+ of its episode; the update was not applied; the last checkpoint .*checkpoint-1\.safetensors is kept$/],
  ] as const)('%s: a %s of %s stops the run naming the iteration and the env', async (algo, what, value, message) => {
    const logDir = tmpLogDir();
    const config = { algo, seed: 1, totalSteps: 5000, checkpointEvery: 1, evalEpisodes: 1, logDir, ...(algo === 'ppo' ? { numSteps: 64 } : {}) };
    // Env 3 breaks after about 1.5 iterations' worth of its own steps (a first iteration completes cleanly).
    let probed = 0;
    const firstIteration = await train({ ...config, logDir: tmpLogDir() }, { onIteration: () => probed++, shouldStop: () => probed >= 1 });
    const perEnv = Math.ceil(firstIteration.counters.globalStep / (algo === 'ppo' ? 4 : algo === 'grpo' ? 32 : 16)) + 5;
    let modelsAfterFirst: Record<string, string> = {};
    const error = await train(config, {
      wrapEnv: (env, i) => (i === 3 ? new Faulty(env, perEnv, what, value) : env),
      onIteration: (r) => {
        if (r.iteration === 1) modelsAfterFirst = snapshot(join(logDir, `CartPole-v1__${algo}__1`));
      },
    }).then(() => null, (e: unknown) => e);
    expect(error).toBeInstanceOf(TrainingError);
    expect((error as Error).message).toMatch(message);
    const runDir = join(logDir, `CartPole-v1__${algo}__1`);
    // The last good checkpoint is kept unchanged, nothing was saved after it, and no weight is non-finite.
    expect(snapshot(runDir)).toEqual(modelsAfterFirst);
    expect(scanWeights(runDir)).toBe(1);
    expect(readFileSync(join(runDir, 'training.log'), 'utf8')).toMatch(/\nstopped: iteration 1: env 3 /);
  });
});

describe('an overflowing learning rate', () => {
  it.each(['grpo', 'ppo', 'reinforce'])('%s: the update that makes a weight infinite is not applied; exit 1 with one line', async (algo) => {
    const logDir = tmpLogDir();
    const run = await runCli(['train', '--algo', algo, '--learning-rate', '1e300', '--total-steps', '3000', '--log-dir', logDir, '--run-name', 'r']);
    expect(run.code).toBe(EXIT.failure);
    const last = run.stderr.trim().split('\n').at(-1);
    expect(last).toMatch(/^grpo train: training stopped: iteration 0: the update made (policy|value)\.\S+ non-finite \(-?Infinity at index \d+, learning rate 1e\+300\); the update was not applied; no checkpoint was saved$/);
    expect(run.stderr).not.toMatch(/^\s+at /m);
    expect(scanWeights(join(logDir, 'r'))).toBe(0);
  });
});

describe('a NaN weight in a loaded checkpoint', () => {
  it('resume and evaluate refuse it, naming the file and the tensor', async () => {
    const logDir = tmpLogDir();
    let n = 0;
    const stopped = await train({ algo: 'reinforce', totalSteps: 3000, checkpointEvery: 1, logDir }, { onIteration: () => n++, shouldStop: () => n >= 2 });
    const path = join(stopped.runDir, 'models', 'checkpoint-2.safetensors');
    const contents = decodeSafetensors(readFileSync(path));
    const weight = contents.tensors['policy.net.layers.0.weight'];
    if (weight === undefined || weight.dtype !== 'F32') throw new Error('no policy weight');
    weight.data[5] = NaN;
    writeFileSync(path, encodeSafetensors(contents));
    // The final model of the stopped run is at the same point: make it the NaN one as well.
    writeFileSync(join(stopped.runDir, 'models', 'final_model.safetensors'), encodeSafetensors(contents));
    const before = readFileSync(join(stopped.runDir, 'metrics.jsonl'));
    await expect(resume(stopped.runDir)).rejects.toThrow(/tensor policy\.net\.layers\.0\.weight has a non-finite value \(NaN at index 5\); resume from an earlier checkpoint/);
    expect(readFileSync(join(stopped.runDir, 'metrics.jsonl')).equals(before)).toBe(true);
    const cli = await runCli(['train', '--resume', stopped.runDir]);
    expect(cli.code).toBe(EXIT.failure);
    expect(expectOneLine(cli.stderr)).toMatch(/policy\.net\.layers\.0\.weight has a non-finite value \(NaN at index 5\)/);
    const evaluated = await runCli(['evaluate', '--model-path', path, '--episodes', '1']);
    expect(evaluated.code).toBe(EXIT.failure);
    expect(expectOneLine(evaluated.stderr)).toMatch(/^grpo evaluate: .*checkpoint-2\.safetensors.*tensor policy\.net\.layers\.0\.weight has a non-finite value \(NaN at index 5\)/);
  });
});
