// One training run as every command does it: the config printed to stderr, progress, Ctrl-C
// (first: stop after the current update and save; second: exit now), errors sorted by exit code.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { configHeader, describeCounters, liveLockOwner, resume, RunLockedError, runDirOf, train, TrainingError, type Budget, type TrainConfig, type TrainResult } from '../index.js';
import { EXIT, UsageError, type Io } from './io.js';
import { createProgress } from './progress.js';

/** What to run: a fresh config, or the run directory to resume. */
export type TrainingJob =
  | { readonly kind: 'fresh'; readonly config: TrainConfig }
  | { readonly kind: 'resume'; readonly runDir: string; readonly config: TrainConfig; readonly budget?: Budget };

/** A finished (or interrupted) run, or the exit code of a failed one. */
export type TrainingOutcome =
  | {
      readonly ok: true;
      readonly result: TrainResult;
      readonly seconds: number;
      /** Each iteration's mean training-episode return, as reported by the trainer (this session's iterations only). */
      readonly iterationReturns: readonly IterationReturn[];
    }
  | { readonly ok: false; readonly code: number };

/** The mean training return of one iteration (1-based), for a learning curve. */
export interface IterationReturn {
  readonly iteration: number;
  readonly meanReturn: number;
}

/** A fresh run must not write into another run's directory: its metrics.jsonl would be appended to. */
export function checkFreshRunDir(config: TrainConfig, who: string): void {
  const dir = runDirOf(config);
  checkUnlocked(dir);
  if (existsSync(join(dir, 'config.json')) || existsSync(join(dir, 'metrics.jsonl'))) {
    throw new UsageError(`${who}: run directory ${dir} already holds a run; pass --run-name NEW (or --log-dir), delete it, or continue it with 'grpo train --resume ${dir}'`);
  }
}

/** A run directory another live process trains into is refused, naming the pid (RunLockedError, exit 1). */
export function checkUnlocked(dir: string): void {
  const owner = liveLockOwner(dir);
  if (owner !== null) throw new RunLockedError(dir, owner);
}

/**
 * A run name not yet taken under `logDir`: `<base>__<unix seconds>`, with `-2`, `-3`, ... when
 * two runs start in the same second (demo and pipeline runs never collide).
 */
export function freshRunName(logDir: string, base: string, nowMs: number): string {
  const stem = `${base}__${Math.floor(nowMs / 1000)}`;
  let name = stem;
  for (let k = 2; existsSync(join(logDir, name)); k++) name = `${stem}-${k}`;
  return name;
}

/** The message after a Ctrl-C stop. */
export function resumeHint(runDir: string): string {
  return `stopped: checkpoint saved; resume with: grpo train --resume ${runDir}`;
}

/** The training entry points (injectable, so tests can make a trainer fail on purpose). */
export interface Trainers {
  readonly train: typeof train;
  readonly resume: typeof resume;
}

/**
 * Runs `job` with progress on stderr. Returns the result, or an exit code after printing one
 * line: TrainingError -> 1; a RangeError/TypeError before the first iteration (the trainer's own
 * config checks, e.g. "set totalSteps or episodes") -> 2; anything else -> 1.
 */
export async function runTraining(job: TrainingJob, io: Io, who: string, trainers: Trainers = { train, resume }): Promise<TrainingOutcome> {
  // The header is printed once the run has started: a run refused at its start (a locked or
  // unwritable directory, a bad checkpoint) prints only its one error line.
  const onStart = (start: { runDir: string; resumedFrom: string | null; counters: Parameters<typeof describeCounters>[0]; notices: readonly string[] }) => {
    const config = job.kind === 'resume' && job.budget ? { ...job.config, ...job.budget } : job.config;
    io.stderr.write(`${configHeader(config)}\n`);
    for (const notice of start.notices) io.stderr.write(`${who}: ${notice}\n`);
    io.stderr.write(start.resumedFrom === null ? `run directory: ${start.runDir}\n` : `resuming: ${start.runDir} from ${start.resumedFrom} (${describeCounters(start.counters)})\n`);
  };
  const progress = createProgress(io.stderr, io.now);
  let stopRequested = false;
  const iterationReturns: IterationReturn[] = [];
  const onSigint = () => {
    if (stopRequested) {
      progress.done();
      io.stderr.write(`${who}: second Ctrl-C, exiting without saving\n`);
      io.exit(EXIT.interrupted);
      return;
    }
    stopRequested = true;
    progress.done();
    io.stderr.write(`${who}: Ctrl-C: finishing the current update and saving a checkpoint (Ctrl-C again to quit now)\n`);
  };
  io.signals.on('SIGINT', onSigint);
  const started = io.now();
  try {
    const options = {
      onIteration: (report: Parameters<typeof progress.update>[0]) => {
        iterationReturns.push({ iteration: report.iteration, meanReturn: report.meanReturn });
        progress.update(report);
      },
      shouldStop: () => stopRequested,
      onStart,
    };
    const result = job.kind === 'resume' ? await trainers.resume(job.runDir, job.budget ? { ...options, budget: job.budget } : options) : await trainers.train(job.config, options);
    progress.done();
    if (result.interrupted) io.stderr.write(`${who}: ${resumeHint(result.runDir)}\n`);
    return { ok: true, result, seconds: (io.now() - started) / 1000, iterationReturns };
  } catch (error) {
    progress.done();
    const message = oneLine(error instanceof Error ? error.message : String(error));
    if (error instanceof RunLockedError) {
      io.stderr.write(`${who}: ${message}\n`);
      return { ok: false, code: EXIT.failure };
    }
    if (error instanceof TrainingError) {
      io.stderr.write(`${who}: training stopped: ${message}\n`);
      return { ok: false, code: EXIT.failure };
    }
    if ((error instanceof RangeError || error instanceof TypeError) && iterationReturns.length === 0) {
      // The trainers' own cross-field checks (e.g. "set totalSteps or episodes") run before any
      // rollout; an error there is a config error. Later ones are failures (exit 1, via main).
      io.stderr.write(`${who}: ${message}\n`);
      return { ok: false, code: EXIT.usage };
    }
    throw error;
  } finally {
    io.signals.off('SIGINT', onSigint);
  }
}

/** A message on one line (config errors already are; this guards the rest). */
export function oneLine(message: string): string {
  return message.replace(/\s*\n\s*/g, ' ').trim();
}
