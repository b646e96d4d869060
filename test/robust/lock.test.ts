// One writer per run directory, with two real processes: a second trainer or a resume on a locked
// directory is refused naming the pid; readers (evaluate) work meanwhile; the lock goes away on a
// normal end, Ctrl-C and errors; a stale lock (dead pid, this host) is taken over with a notice.
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { RunLock, RunLockedError } from '../../src/index.js';
import { EXIT } from '../../src/cli/io.js';
import { expectOneLine, runCli, tmpLogDir } from '../cli/helpers.js';
import { ensureBuilt, grpoSpawn, grpoSync } from './built_cli.js';

beforeAll(() => ensureBuilt(), 120_000);

/** The pid of a process that has just exited (a pid that is surely gone). */
function deadPid(): number {
  const r = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))'], { encoding: 'utf8' });
  return Number(r.stdout);
}

describe('run-directory lock', () => {
  it('a second trainer and a resume are refused with one line naming the pid; evaluate reads meanwhile; Ctrl-C releases the lock', async () => {
    const logDir = tmpLogDir();
    const runDir = join(logDir, 'r');
    const first = grpoSpawn(['train', '--total-steps', '1000000', '--checkpoint-every', '1', '--log-dir', logDir, '--run-name', 'r']);
    await first.waitFor(/^progress/m);
    const pid = first.child.pid!;
    const lock = JSON.parse(readFileSync(join(runDir, '.lock'), 'utf8')) as { pid: number; host: string; started: string };
    expect(lock).toMatchObject({ pid, host: hostname() });
    expect(Number.isNaN(Date.parse(lock.started))).toBe(false);

    const resumed = grpoSync(['train', '--resume', runDir]);
    expect(resumed.status).toBe(EXIT.failure);
    expect(expectOneLine(resumed.stderr)).toMatch(new RegExp(`^grpo train: run directory ${runDir} is in use by pid ${pid} on `));
    const fresh = grpoSync(['train', '--total-steps', '1000', '--log-dir', logDir, '--run-name', 'r']);
    expect(fresh.status).toBe(EXIT.failure);
    expect(expectOneLine(fresh.stderr)).toMatch(new RegExp(`in use by pid ${pid} `));
    // A reader takes no lock.
    const evaluated = await runCli(['evaluate', '--model-path', join(runDir, 'models', 'checkpoint-1.safetensors'), '--episodes', '2', '--json']);
    expect(evaluated.code, evaluated.stderr).toBe(EXIT.ok);

    first.child.kill('SIGINT');
    expect((await first.done).code).toBe(EXIT.interrupted);
    expect(existsSync(join(runDir, '.lock'))).toBe(false);
    // The log reads one iteration after the other: nothing mixed in.
    const iterations = [...readFileSync(join(runDir, 'training.log'), 'utf8').matchAll(/^iteration (\d+):/gm)].map((m) => Number(m[1]));
    expect(iterations).toEqual(iterations.map((_, i) => i + 1));
  });

  it('a stale lock (its pid gone, this host) is taken over with a notice; a live one on another host is refused', async () => {
    const logDir = tmpLogDir();
    const args = ['--algo', 'reinforce', '--total-steps', '1000', '--eval-episodes', '1', '--log-dir', logDir];
    expect((await runCli(['train', ...args, '--run-name', 'a', '--checkpoint-every', '1'])).code).toBe(EXIT.ok);
    const runDir = join(logDir, 'a');
    const stale = { pid: deadPid(), host: hostname(), started: '2020-01-01T00:00:00.000Z' };
    writeFileSync(join(runDir, '.lock'), JSON.stringify(stale));
    const resumed = await runCli(['train', '--resume', runDir, '--total-steps', '2000']);
    expect(resumed.code, resumed.stderr).toBe(EXIT.ok);
    expect(resumed.stderr).toContain(`took over the stale lock of pid ${stale.pid}`);
    expect(readFileSync(join(runDir, 'training.log'), 'utf8')).toContain(`took over the stale lock of pid ${stale.pid}`);
    expect(existsSync(join(runDir, '.lock'))).toBe(false);

    writeFileSync(join(runDir, '.lock'), JSON.stringify({ ...stale, host: 'another-host' }));
    const refused = await runCli(['train', '--resume', runDir, '--total-steps', '3000']);
    expect(refused.code).toBe(EXIT.failure);
    expect(expectOneLine(refused.stderr)).toMatch(/is in use by pid \d+ on another-host/);
  });

  it('is released when training fails, and one process cannot take it twice', async () => {
    const logDir = tmpLogDir();
    const run = await runCli(['train', '--algo', 'reinforce', '--learning-rate', '1e300', '--total-steps', '1000', '--log-dir', logDir, '--run-name', 'x']);
    expect(run.code).toBe(EXIT.failure);
    expect(existsSync(join(logDir, 'x', '.lock'))).toBe(false);
    const lock = RunLock.acquire(join(logDir, 'y'));
    expect(() => RunLock.acquire(join(logDir, 'y'))).toThrow(RunLockedError);
    lock.release();
    RunLock.acquire(join(logDir, 'y')).release();
    expect(existsSync(join(logDir, 'y', '.lock'))).toBe(false);
  });
});
