// A run's directory: config.json, metrics.jsonl, training.log, models/, summary.json.
import { closeSync, existsSync, fsyncSync, mkdirSync, openSync, readdirSync, readFileSync, statSync, truncateSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { parseMetricsJsonl, type MetricRecord } from '../eval/metrics.js';
import type { TrainConfig } from './config.js';
import { onDisk } from './disk_error.js';
import { TrainingError } from './errors.js';
import { writeFileAtomic } from './files.js';

/**
 * Tags whose values are wall-clock measurements: the only records that differ between two runs
 * of the same config and seed.
 */
export const WALL_CLOCK_TAGS: readonly string[] = ['charts/SPS', 'time/elapsed_s'];

/**
 * Appends lines to a file, each line one write to the OS (a crash, even SIGKILL, loses at most the
 * line being written, and leaves at most that one line truncated). Failures are DiskErrors naming
 * the file.
 */
class AppendFile {
  private fd: number;
  constructor(readonly path: string) {
    this.fd = onDisk(`cannot open ${path} for appending`, () => openSync(path, 'a'));
  }
  write(text: string): void {
    const bytes = Buffer.from(text, 'utf8');
    onDisk(`cannot write ${this.path}`, () => {
      let written = 0;
      while (written < bytes.length) written += writeSync(this.fd, bytes, written, bytes.length - written);
    });
  }
  sync(): void {
    onDisk(`cannot flush ${this.path} to disk`, () => fsyncSync(this.fd));
  }
  /** Closes the file. */
  close(): void {
    if (this.fd === -1) return;
    const fd = this.fd;
    this.fd = -1;
    try {
      closeSync(fd);
    } catch {
      // Closing after a failed write may fail too; the write's error is the one reported.
    }
  }
  /** The file's current length in bytes (saved with checkpoints, to cut records written after one on resume). */
  size(): number {
    return onDisk(`cannot read the size of ${this.path}`, () => statSync(this.path).size);
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

  /**
   * @param options.truncateTo the log lengths saved with the checkpoint a run resumes from; a file
   *   shorter than that lost records the checkpoint counts on, and is refused (TrainingError)
   * @param options.source that checkpoint, for messages
   * @param options.audit open audit.jsonl too (an audited run); it is cut back to the checkpoint as well
   */
  constructor(dir: string, options: { echo?: boolean; truncateTo?: { metrics: number; log: number; audit?: number }; source?: string; audit?: boolean } = {}) {
    this.dir = dir;
    this.modelsDir = join(dir, 'models');
    this.echo = options.echo ?? false;
    const metricsPath = join(dir, 'metrics.jsonl');
    const logPath = join(dir, 'training.log');
    const auditPath = join(dir, 'audit.jsonl');
    if (!options.truncateTo && existsSync(metricsPath) && statSync(metricsPath).size > 0) {
      throw new TrainingError(`run directory ${dir} already holds a run (metrics.jsonl is not empty): choose another run name, or resume it`);
    }
    const truncateTo = options.truncateTo;
    if (truncateTo) {
      const files = [[metricsPath, truncateTo.metrics], [logPath, truncateTo.log]] as const;
      for (const [path, size] of files) {
        const has = existsSync(path) ? statSync(path).size : -1;
        if (has < size) {
          throw new TrainingError(`${path} ${has < 0 ? 'is missing' : `holds ${has} bytes`}, but ${options.source ?? 'the checkpoint'} was saved when it held ${size}: records before the checkpoint were lost; restore the file or start a new run`);
        }
      }
      for (const [path, size] of files) if (statSync(path).size > size) onDisk(`cannot cut ${path} back to the checkpoint`, () => truncateSync(path, size));
      // A checkpoint older than the run's audit saved no audit length: it was taken before any record.
      const auditSize = truncateTo.audit ?? 0;
      if (options.audit && existsSync(auditPath) && statSync(auditPath).size > auditSize) {
        onDisk(`cannot cut ${auditPath} back to the checkpoint`, () => truncateSync(auditPath, auditSize));
      }
    }
    onDisk(`cannot create ${this.modelsDir}`, () => mkdirSync(this.modelsDir, { recursive: true }));
    this.metrics = new AppendFile(metricsPath);
    this.log = new AppendFile(logPath);
    this.audit = options.audit ? new AppendFile(auditPath) : null;
  }

  /** Whether config.json exists. */
  hasConfig(): boolean {
    return existsSync(join(this.dir, 'config.json'));
  }

  /** Writes `config.json` (atomically). */
  writeConfig(config: object): void {
    const path = join(this.dir, 'config.json');
    onDisk(`cannot write ${path}`, () => writeFileAtomic(path, utf8(`${JSON.stringify(config, null, 2)}\n`)));
  }

  /** Writes `summary.json` (atomically). */
  writeSummary(summary: object): void {
    const path = join(this.dir, 'summary.json');
    onDisk(`cannot write ${path}`, () => writeFileAtomic(path, utf8(`${JSON.stringify(summary, null, 2)}\n`)));
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

  /** Closes metrics.jsonl and training.log (the harness does it at the end of a run). */
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
  const path = join(runDir, 'metrics.jsonl');
  return parseMetricsJsonl(onDisk(`cannot read ${path}`, () => readFileSync(path, 'utf8'))).records;
}

function utf8(text: string): Uint8Array {
  return new TextEncoder().encode(text);
}
