// The built CLI (dist/cli.js) as a child process, rebuilt first when src/ is newer (as test/cli/bin.test.ts does).
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';

export const ROOT = join(import.meta.dirname, '..', '..');
export const CLI = join(ROOT, 'dist', 'cli.js');

function newest(dir: string): number {
  let latest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    latest = Math.max(latest, entry.isDirectory() ? newest(path) : statSync(path).mtimeMs);
  }
  return latest;
}

/** Builds dist/ when it is missing or older than src/. */
export function ensureBuilt(): void {
  if (!existsSync(CLI) || statSync(CLI).mtimeMs < Math.max(newest(join(ROOT, 'src')), statSync(join(ROOT, 'scripts', 'build.mjs')).mtimeMs)) {
    const build = spawnSync(process.execPath, ['scripts/build.mjs'], { cwd: ROOT, encoding: 'utf8' });
    if (build.status !== 0) throw new Error(`build failed:\n${build.stderr}`);
  }
}

/** Runs `node dist/cli.js <args>` to its end. */
export function grpoSync(args: readonly string[]): { status: number | null; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, [CLI, ...args], { cwd: ROOT, encoding: 'utf8', timeout: 120_000 });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

/** A running `node dist/cli.js <args>`: the trainer process itself (not npx), its stderr so far, its end. */
export interface Running {
  readonly child: ChildProcess;
  stderr(): string;
  /** Resolves once stderr matches `pattern`. */
  waitFor(pattern: RegExp): Promise<void>;
  /** Resolves to the exit code (null when killed by a signal) and the signal. */
  readonly done: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

export function grpoSpawn(args: readonly string[]): Running {
  const child = spawn(process.execPath, [CLI, ...args], { cwd: ROOT });
  let err = '';
  const waiters: Array<{ pattern: RegExp; resolve: () => void }> = [];
  const check = () => {
    for (let i = waiters.length - 1; i >= 0; i--) {
      if (waiters[i]!.pattern.test(err)) waiters.splice(i, 1)[0]!.resolve();
    }
  };
  child.stderr!.setEncoding('utf8').on('data', (chunk: string) => {
    err += chunk;
    check();
  });
  child.stdout!.resume();
  const done = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => child.on('close', (code, signal) => resolve({ code, signal })));
  return {
    child,
    stderr: () => err,
    waitFor: (pattern) =>
      new Promise<void>((resolve, reject) => {
        waiters.push({ pattern, resolve });
        check();
        void done.then(() => reject(new Error(`process ended before stderr matched ${pattern}:\n${err}`)));
      }),
    done,
  };
}
