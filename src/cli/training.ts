// One training run as every command does it: the config printed to stderr, progress, Ctrl-C
// (first: stop after the current update and save; second: exit now), errors sorted by exit code.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { configHeader, resume, runDirOf, train, TrainingError, type TrainConfig, type TrainResult } from '../index.js';
import { EXIT, UsageError, type Io } from './io.js';
import { createProgress } from './progress.js';

/** What to run: a fresh config, or the run directory to resume. */
export type TrainingJob = { readonly kind: 'fresh'; readonly config: TrainConfig } | { readonly kind: 'resume'; readonly runDir: string; readonly config: TrainConfig };

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
  if (existsSync(join(dir, 'config.json')) || existsSync(join(dir, 'metrics.jsonl'))) {
    throw new UsageError(`${who}: run directory ${dir} already holds a run; pass --run-name NEW (or --log-dir), delete it, or continue it with 'grpo train --resume ${dir}'`);
  }
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
  io.stderr.write(`${configHeader(job.config)}\n`);
  io.stderr.write(`${job.kind === 'resume' ? 'resuming' : 'run directory'}: ${job.kind === 'resume' ? job.runDir : runDirOf(job.config)}\n`);
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
    };
    const result = job.kind === 'resume' ? await trainers.resume(job.runDir, options) : await trainers.train(job.config, options);
    progress.done();
    if (result.interrupted) io.stderr.write(`${who}: ${resumeHint(result.runDir)}\n`);
    return { ok: true, result, seconds: (io.now() - started) / 1000, iterationReturns };
  } catch (error) {
    progress.done();
    const message = oneLine(error instanceof Error ? error.message : String(error));
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
