// A run's directory: config.json, metrics.jsonl, training.log, models/, summary.json.
import { closeSync, existsSync, fsyncSync, mkdirSync, openSync, readdirSync, readFileSync, statSync, truncateSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { parseMetricsJsonl, type MetricRecord } from '../eval/metrics.js';
import type { TrainConfig } from './config.js';
import { writeFileAtomic } from './files.js';

/**
 * Tags whose values are wall-clock measurements: the only records that differ between two runs
 * of the same config and seed.
 */
export const WALL_CLOCK_TAGS: readonly string[] = ['charts/SPS', 'time/elapsed_s'];

/** Appends lines to a file, flushed to the OS after each write (a crash loses at most the line being written). */
class AppendFile {
  private fd: number;
  constructor(readonly path: string) {
    this.fd = openSync(path, 'a');
  }
  write(text: string): void {
    writeSync(this.fd, text);
  }
  sync(): void {
    fsyncSync(this.fd);
  }
  close(): void {
    closeSync(this.fd);
  }
  /** The file's current length in bytes (saved with checkpoints, to cut records written after one on resume). */
  size(): number {
    return statSync(this.path).size;
  }
}

/**
 * The files of one training run under `<logDir>/<runName>/`. A fresh run refuses a directory that
 * already holds one; resuming (`truncateTo`) first cuts metrics.jsonl and training.log back to the
 * lengths saved with the checkpoint.
 */
export class RunDirectory {
  readonly dir: string;
  readonly modelsDir: string;
  private readonly metrics: AppendFile;
  private readonly log: AppendFile;
  /** audit.jsonl, open only in audited runs. */
  private readonly audit: AppendFile | null;
  /** Echo log lines to the console (stderr). */
  echo: boolean;

  constructor(dir: string, options: { echo?: boolean; truncateTo?: { metrics: number; log: number; audit?: number }; audit?: boolean } = {}) {
    this.dir = dir;
    this.modelsDir = join(dir, 'models');
    this.echo = options.echo ?? false;
    mkdirSync(this.modelsDir, { recursive: true });
    const metricsPath = join(dir, 'metrics.jsonl');
    const logPath = join(dir, 'training.log');
    const auditPath = join(dir, 'audit.jsonl');
    if (!options.truncateTo && existsSync(metricsPath) && statSync(metricsPath).size > 0) {
      throw new Error(`run directory ${dir} already holds a run (metrics.jsonl is not empty): choose another run name, or resume it`);
    }
    if (options.truncateTo) {
      const cuts: Array<readonly [string, number]> = [[metricsPath, options.truncateTo.metrics], [logPath, options.truncateTo.log]];
      // A checkpoint older than the run's audit saved no length: it was taken before any record.
      if (options.audit) cuts.push([auditPath, options.truncateTo.audit ?? 0]);
      for (const [path, size] of cuts) {
        if (existsSync(path) && statSync(path).size > size) truncateSync(path, size);
      }
    }
    this.metrics = new AppendFile(metricsPath);
    this.log = new AppendFile(logPath);
    this.audit = options.audit ? new AppendFile(auditPath) : null;
  }

  /** Writes `config.json` (atomically). */
  writeConfig(config: object): void {
    writeFileAtomic(join(this.dir, 'config.json'), utf8(`${JSON.stringify(config, null, 2)}\n`));
  }

  /** Writes `summary.json` (atomically). */
  writeSummary(summary: object): void {
    writeFileAtomic(join(this.dir, 'summary.json'), utf8(`${JSON.stringify(summary, null, 2)}\n`));
  }

  /** Appends one record to metrics.jsonl. */
  metric(step: number, tag: string, value: number | readonly number[]): void {
    const record: MetricRecord = { step, tag, value };
    this.metrics.write(`${JSON.stringify(record)}\n`);
  }

  /** Appends one line (a JSON record) to audit.jsonl; the run must have been opened with `audit`. */
  auditLine(line: string): void {
    if (this.audit === null) throw new Error(`run directory ${this.dir}: not an audited run (audit.jsonl is not open)`);
    this.audit.write(`${line}\n`);
  }

  /** Appends a line to training.log (and echoes it when `echo` is on). */
  info(line: string): void {
    this.log.write(`${line}\n`);
    if (this.echo) process.stderr.write(`${line}\n`);
  }

  /** Byte lengths of the append-only files, saved with a checkpoint. */
  lengths(): { metrics: number; log: number; audit?: number } {
    this.metrics.sync();
    this.log.sync();
    if (this.audit === null) return { metrics: this.metrics.size(), log: this.log.size() };
    this.audit.sync();
    return { metrics: this.metrics.size(), log: this.log.size(), audit: this.audit.size() };
  }

  /** Path of the checkpoint of `iteration`. */
  checkpointPath(iteration: number): string {
    return join(this.modelsDir, `checkpoint-${iteration}.safetensors`);
  }

  /** Path of the final model. */
  get finalModelPath(): string {
    return join(this.modelsDir, 'final_model.safetensors');
  }

  close(): void {
    this.metrics.close();
    this.log.close();
    this.audit?.close();
  }
}

/** The run directory path of a config: `<logDir>/<runName>`, or `<logDir>/<env>__<algo>__<seed>` without a run name. */
export function runDirOf(config: Pick<TrainConfig, 'runName' | 'env' | 'algo' | 'seed' | 'logDir'>): string {
  const name = config.runName !== '' ? config.runName : `${config.env}__${config.algo}__${config.seed}`;
  return join(config.logDir, name);
}

/** The newest `checkpoint-<n>.safetensors` in `<runDir>/models` (highest n), or null. */
export function latestCheckpoint(runDir: string): string | null {
  const models = join(runDir, 'models');
  if (!existsSync(models)) return null;
  let best = -1;
  for (const name of readdirSync(models)) {
    const m = /^checkpoint-(\d+)\.safetensors$/.exec(name);
    if (m && Number(m[1]) > best) best = Number(m[1]);
  }
  return best < 0 ? null : join(models, `checkpoint-${best}.safetensors`);
}

/** Reads metrics.jsonl as records (a last line cut by a kill is left out; see parseMetricsJsonl). */
export function readMetrics(runDir: string): MetricRecord[] {
  return parseMetricsJsonl(readFileSync(join(runDir, 'metrics.jsonl'), 'utf8')).records;
}

function utf8(text: string): Uint8Array {
  return new TextEncoder().encode(text);
}
