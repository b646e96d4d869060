// One writer per run directory: `<run dir>/.lock`, created with O_EXCL, holding the pid, the host
// and the start time of the process that trains into it. Readers (evaluate, report) never take it.
import { closeSync, mkdirSync, openSync, readFileSync, statSync, unlinkSync, writeSync } from 'node:fs';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { describeFsError, DiskError, errnoOf } from './disk_error.js';
import { TrainingError } from './errors.js';

/** The name of the lock file inside a run directory. */
export const LOCK_FILE = '.lock';

/** What a lock file holds. */
export interface LockOwner {
  readonly pid: number;
  readonly host: string;
  /** ISO time the lock was taken. */
  readonly started: string;
}

/** A run directory another live process is training into; the CLI exits 1 with it. */
export class RunLockedError extends TrainingError {
  override readonly name: string = 'RunLockedError';
  constructor(
    readonly dir: string,
    readonly owner: LockOwner | null,
  ) {
    super(
      owner === null
        ? `run directory ${dir} is being locked by another process right now (${join(dir, LOCK_FILE)} is empty); try again`
        : `run directory ${dir} is in use by pid ${owner.pid} on ${owner.host} (since ${owner.started}); wait for it to finish or stop it (delete ${join(dir, LOCK_FILE)} only if that process is gone)`,
    );
  }
}

/** Whether process `pid` exists on this host (EPERM: it exists, owned by someone else). */
function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return errnoOf(error) === 'EPERM';
  }
}

/** The owner recorded in a lock file, or null when it is empty or unreadable (being written, or torn). */
export function readLockOwner(path: string): LockOwner | null {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch {
    return null;
  }
  try {
    const v: unknown = JSON.parse(text);
    if (typeof v === 'object' && v !== null && 'pid' in v && 'host' in v && 'started' in v && typeof v.pid === 'number' && typeof v.host === 'string' && typeof v.started === 'string') {
      return { pid: v.pid, host: v.host, started: v.started };
    }
  } catch {
    // fall through: not a lock we can read
  }
  return null;
}

/** The owner of `dir`'s lock when that process is alive (or on another host); null when unlocked or stale. */
export function liveLockOwner(dir: string): LockOwner | null {
  const owner = readLockOwner(join(dir, LOCK_FILE));
  if (owner === null) return null;
  return owner.host !== hostname() || processAlive(owner.pid) ? owner : null;
}

/** Seconds after which an empty or unreadable lock file counts as left behind by a crash between its creation and its first write. */
const TORN_LOCK_AGE_S = 10;

/**
 * The lock of one run directory, held by this process from `acquire` to `release`. A stale lock
 * (its pid gone, on this host) is taken over, and `onNotice` says so; a live one throws
 * RunLockedError naming the pid. The lock is released on `release()`, and by an exit handler if
 * the process ends without it (process.exit on a second Ctrl-C); a SIGKILL leaves it, stale.
 */
export class RunLock {
  private released = false;
  private readonly onExit = () => this.release();

  private constructor(
    readonly path: string,
    readonly owner: LockOwner,
  ) {
    process.on('exit', this.onExit);
  }

  /** Takes the lock of `dir` (creating the directory). */
  static acquire(dir: string, onNotice: (message: string) => void = () => {}): RunLock {
    try {
      mkdirSync(dir, { recursive: true });
    } catch (error) {
      throw new DiskError(`cannot create the run directory ${dir}: ${describeFsError(error)}`);
    }
    const path = join(dir, LOCK_FILE);
    const owner: LockOwner = { pid: process.pid, host: hostname(), started: new Date().toISOString() };
    if (tryCreate(path, owner)) return new RunLock(path, owner);
    // Someone holds it, or held it. Take it over only if that process is gone (same host), and
    // only under `.lock.takeover` (O_EXCL too), so two processes never both take one stale lock.
    const held = readLockOwner(path);
    if (held !== null && (held.host !== owner.host || processAlive(held.pid))) throw new RunLockedError(dir, held);
    if (held === null && ageSeconds(path) < TORN_LOCK_AGE_S) throw new RunLockedError(dir, null);
    const takeover = `${path}.takeover`;
    if (!tryCreate(takeover, owner)) {
      if (ageSeconds(takeover) < TORN_LOCK_AGE_S) throw new RunLockedError(dir, readLockOwner(takeover));
      // A takeover that crashed midway: clear it and take over ourselves.
      unlinkQuiet(takeover);
      if (!tryCreate(takeover, owner)) throw new RunLockedError(dir, readLockOwner(takeover));
    }
    try {
      const again = readLockOwner(path);
      if (again !== null && (again.pid !== held?.pid || again.started !== held.started)) throw new RunLockedError(dir, again);
      unlinkQuiet(path);
      if (!tryCreate(path, owner)) throw new RunLockedError(dir, readLockOwner(path));
    } finally {
      unlinkQuiet(takeover);
    }
    onNotice(held === null
      ? `took over an unreadable lock file ${path} left by a crash`
      : `took over the stale lock of pid ${held.pid} (started ${held.started}), which is no longer running`);
    return new RunLock(path, owner);
  }

  /** Removes the lock file if it is still this process's. Idempotent. */
  release(): void {
    if (this.released) return;
    this.released = true;
    process.off('exit', this.onExit);
    const now = readLockOwner(this.path);
    if (now !== null && now.pid === this.owner.pid && now.started === this.owner.started) unlinkQuiet(this.path);
  }
}

/** Creates `path` exclusively with `owner` in it; false if it exists. */
function tryCreate(path: string, owner: LockOwner): boolean {
  let fd: number;
  try {
    fd = openSync(path, 'wx');
  } catch (error) {
    if (errnoOf(error) === 'EEXIST') return false;
    throw new DiskError(`cannot create the lock file ${path}: ${describeFsError(error)}`);
  }
  try {
    writeSync(fd, `${JSON.stringify(owner)}\n`);
  } catch (error) {
    closeSync(fd);
    unlinkQuiet(path);
    throw new DiskError(`cannot write the lock file ${path}: ${describeFsError(error)}`);
  }
  closeSync(fd);
  return true;
}

function ageSeconds(path: string): number {
  try {
    return (Date.now() - statSync(path).mtimeMs) / 1000;
  } catch {
    return Infinity;
  }
}

function unlinkQuiet(path: string): void {
  try {
    unlinkSync(path);
  } catch {
    // already gone
  }
}
