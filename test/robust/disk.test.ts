// Disk errors: a full disk (node:fs's writeSync stubbed to fail with ENOSPC on chosen files: no
// small file system can be mounted here) and an unwritable log directory. The answer is one line,
// exit 1, and the previous checkpoint intact.
import { EventEmitter } from 'node:events';
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it, vi } from 'vitest';
import { EXIT } from '../../src/cli/io.js';
import { loadCheckpoint } from '../../src/index.js';
import { expectOneLine, tmpLogDir, type CliRun, type RunOptions } from '../cli/helpers.js';

/** Which writes fail: those to a file whose path matches `path`, from the `after`-th one on. */
const failing = vi.hoisted(() => ({ path: null as RegExp | null, after: 0, code: 'ENOSPC', seen: 0, onFail: null as (() => void) | null }));

vi.mock('node:fs', async (importOriginal) => {
  const fs = await importOriginal<typeof import('node:fs')>();
  const paths = new Map<number, string>();
  const openSync = (path: import('node:fs').PathLike, ...rest: unknown[]) => {
    const fd = (fs.openSync as (...a: unknown[]) => number)(path, ...rest);
    paths.set(fd, String(path));
    return fd;
  };
  const writeSync = (fd: number, ...rest: unknown[]) => {
    const path = paths.get(fd) ?? '';
    if (failing.path !== null && failing.path.test(path) && ++failing.seen > failing.after) {
      failing.onFail?.();
      throw Object.assign(new Error(`${failing.code}: simulated failure, write`), { code: failing.code });
    }
    return (fs.writeSync as (...a: unknown[]) => number)(fd, ...rest);
  };
  return { ...fs, openSync, writeSync, default: { ...fs, openSync, writeSync } };
});

// test/setup.ts loaded src/ before this file's mock existed: load a fresh copy that sees it.
let main: typeof import('../../src/cli/cli.js').main;
beforeAll(async () => {
  vi.resetModules();
  main = (await import('../../src/cli/cli.js')).main;
});

/** runCli (test/cli/helpers.ts) on the fresh copy. */
async function runCli(argv: readonly string[], options: RunOptions = {}): Promise<CliRun> {
  let stdout = '';
  let stderr = '';
  const signals = new EventEmitter();
  const code = await main(argv, {
    stdout: { write: (t: string) => (stdout += t) },
    stderr: { write: (t: string) => { stderr += t; options.onStderr?.(t, signals); return true; } },
    signals, now: () => Date.now(), exit: () => {}, debug: false,
  });
  return { code, stdout, stderr, exits: [] };
}

function arm(path: RegExp | null, after = 0, code = 'ENOSPC', onFail: (() => void) | null = null): void {
  Object.assign(failing, { path, after, code, seen: 0, onFail });
}

describe('a full disk', () => {
  it.each([
    ['a checkpoint', /checkpoint-3\.safetensors\..*\.tmp$/, 0, /cannot write .*checkpoint-3\.safetensors: no space left on the device \(ENOSPC\); the last checkpoint .*checkpoint-2\.safetensors is kept$/],
    ['metrics.jsonl', /metrics\.jsonl$/, 120, /cannot write .*metrics\.jsonl: no space left on the device \(ENOSPC\); the last checkpoint .*checkpoint-\d+\.safetensors is kept$/],
  ])('writing %s: one line, exit 1, the previous checkpoint intact', async (_, path, after, message) => {
    const logDir = tmpLogDir();
    const runDir = join(logDir, 'r');
    // The newest checkpoint's bytes at the moment the disk fills up.
    let newest: { name: string; bytes: Buffer } | null = null;
    arm(path, after, 'ENOSPC', () => {
      const names = readdirSync(join(runDir, 'models')).filter((f) => /^checkpoint-\d+\.safetensors$/.test(f)).sort((a, b) => Number(/\d+/.exec(b)?.[0]) - Number(/\d+/.exec(a)?.[0]));
      if (names[0] !== undefined) newest = { name: names[0], bytes: readFileSync(join(runDir, 'models', names[0])) };
    });
    const run = await runCli(['train', '--algo', 'reinforce', '--total-steps', '20000', '--checkpoint-every', '1', '--log-dir', logDir, '--run-name', 'r']);
    arm(null);
    expect(run.code).toBe(EXIT.failure);
    const last = run.stderr.trim().split('\n').at(-1) ?? '';
    expect(last).toMatch(/^grpo train: training stopped: /);
    expect(last).toMatch(message);
    expect(run.stderr).not.toMatch(/^\s+at /m);
    const models = readdirSync(join(runDir, 'models'));
    expect(models.filter((f) => f.endsWith('.tmp'))).toEqual([]);
    expect(models).not.toContain('final_model.safetensors');
    if (newest === null) throw new Error('no checkpoint existed when the disk filled up');
    const kept: { name: string; bytes: Buffer } = newest;
    expect(last).toContain(`${kept.name} is kept`);
    expect(readFileSync(join(runDir, 'models', kept.name)).equals(kept.bytes)).toBe(true);
    for (const f of models) expect(() => loadCheckpoint(join(runDir, 'models', f))).not.toThrow();
    expect(existsSync(join(runDir, '.lock'))).toBe(false);
    // The run resumes from what was kept once the disk has room again.
    const resumed = await runCli(['train', '--resume', runDir, '--total-steps', '3000']);
    expect(resumed.code, resumed.stderr).toBe(EXIT.ok);
  });

  it('config.json at the start: one line, exit 1', async () => {
    arm(/config\.json\..*\.tmp$/, 0, 'EDQUOT');
    const run = await runCli(['train', '--total-steps', '100', '--log-dir', tmpLogDir()]);
    arm(null);
    expect(run.code).toBe(EXIT.failure);
    expect(expectOneLine(run.stderr)).toMatch(/^grpo train: training stopped: cannot write .*config\.json: disk quota exceeded \(EDQUOT\); no checkpoint was saved$|^grpo train: .*config\.json: disk quota exceeded \(EDQUOT\)/);
  });
});

describe('an unwritable log directory', () => {
  it('one line naming the directory and the reason, exit 1', async () => {
    const dir = tmpLogDir();
    writeFileSync(join(dir, 'file'), 'not a directory');
    const run = await runCli(['train', '--total-steps', '100', '--log-dir', join(dir, 'file', 'logs')]);
    expect(run.code).toBe(EXIT.failure);
    expect(expectOneLine(run.stderr)).toMatch(/^grpo train: .*cannot create the run directory .*file\/logs\/CartPole-v1__grpo__0: a component of the path is not a directory \(ENOTDIR\)/);
    arm(/\.lock$/, 0, 'EACCES');
    const denied = await runCli(['train', '--total-steps', '100', '--log-dir', dir]);
    arm(null);
    expect(denied.code).toBe(EXIT.failure);
    expect(expectOneLine(denied.stderr)).toMatch(/cannot write the lock file .*\.lock: permission denied \(EACCES\)/);
  });
});
