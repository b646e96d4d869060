// The built executable, as a user runs it: dist/cli.js (rebuilt when src/ is newer), its
// shebang, `npx grpo`, exit codes and one-line errors, a real SIGINT during training.
import { spawn, spawnSync } from 'node:child_process';
import { accessSync, constants, existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { expectOneLine, tmpLogDir } from './helpers.js';

const ROOT = join(import.meta.dirname, '..', '..');
const CLI = join(ROOT, 'dist', 'cli.js');

/** The newest modification time of any file under `dir`. */
function newest(dir: string): number {
  let latest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    latest = Math.max(latest, entry.isDirectory() ? newest(path) : statSync(path).mtimeMs);
  }
  return latest;
}

/** Runs the built CLI synchronously. */
function grpo(args: readonly string[], cwd = ROOT): { status: number | null; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, [CLI, ...args], { cwd, encoding: 'utf8', timeout: 60_000 });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

beforeAll(() => {
  if (!existsSync(CLI) || statSync(CLI).mtimeMs < Math.max(newest(join(ROOT, 'src')), statSync(join(ROOT, 'scripts', 'build.mjs')).mtimeMs)) {
    const build = spawnSync(process.execPath, ['scripts/build.mjs'], { cwd: ROOT, encoding: 'utf8' });
    if (build.status !== 0) throw new Error(`build failed:\n${build.stderr}`);
  }
}, 120_000);

describe('dist/cli.js', () => {
  it('is an executable with a node shebang', () => {
    expect(readFileSync(CLI, 'utf8').split('\n')[0]).toBe('#!/usr/bin/env node');
    expect(() => accessSync(CLI, constants.X_OK)).not.toThrow();
    const pkg: unknown = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8'));
    expect(pkg).toMatchObject({ bin: { grpo: './dist/cli.js' } });
  });

  it('prints help and exits 0', () => {
    const r = grpo(['--help']);
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/^Usage: grpo <command>/);
    expect(grpo(['evaluate', '--help']).stdout).toMatch(/^Usage: grpo evaluate --model-path PATH/);
  });

  it('runs as `npx grpo`', () => {
    const r = spawnSync('npx', ['--no-install', 'grpo', '--help'], { cwd: ROOT, encoding: 'utf8', timeout: 60_000 });
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/^Usage: grpo <command>/);
  });

  it('a bad flag or value exits 2 with one line and no stack trace', () => {
    const flagError = grpo(['train', '--bogus']);
    expect(flagError.status).toBe(2);
    expect(expectOneLine(flagError.stderr)).toBe('grpo train: unknown flag --bogus; see --help');
    const valueError = grpo(['train', '--groups', '0']);
    expect(valueError.status).toBe(2);
    expect(expectOneLine(valueError.stderr)).toBe('grpo train: --groups must be >= 1, received 0');
  });

  it('SIGINT during training saves a checkpoint, tells how to resume and exits 130', async () => {
    const logDir = tmpLogDir();
    const child = spawn(process.execPath, [CLI, 'train', '--total-steps', '1000000', '--log-dir', logDir, '--run-name', 'r'], { cwd: ROOT });
    let stderr = '';
    let sent = false;
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => {
      stderr += chunk;
      // After the first iteration's progress line the trainer is in its loop.
      if (!sent && /^progress/m.test(stderr)) {
        sent = true;
        child.kill('SIGINT');
      }
    });
    const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
    const runDir = join(logDir, 'r');
    expect(code, stderr).toBe(130);
    expect(stderr).toContain('Ctrl-C: finishing the current update and saving a checkpoint');
    expect(stderr).toContain(`resume with: grpo train --resume ${runDir}`);
    expect(readdirSync(join(runDir, 'models')).some((f) => /^checkpoint-\d+\.safetensors$/.test(f))).toBe(true);
    expect(stderr).not.toMatch(/^\s+at /m);
  });
});
