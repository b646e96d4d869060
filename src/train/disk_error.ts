// File-system failures as one-line errors: which file, what the system said, what is kept.
import { TrainingError } from './errors.js';

/** A file the run needs could not be read or written (full disk, no permission, not a directory). The CLI exits 1 with it. */
export class DiskError extends TrainingError {
  override readonly name: string = 'DiskError';
}

/** The errno code of a Node file-system error ('ENOSPC', 'EACCES', ...), or undefined. */
export function errnoOf(error: unknown): string | undefined {
  return error instanceof Error && 'code' in error && typeof error.code === 'string' ? error.code : undefined;
}

const EXPLAINED: Readonly<Record<string, string>> = {
  ENOSPC: 'no space left on the device',
  EDQUOT: 'disk quota exceeded',
  EACCES: 'permission denied',
  EPERM: 'operation not permitted',
  EROFS: 'read-only file system',
  ENOTDIR: 'a component of the path is not a directory',
  ENOENT: 'no such file or directory',
  EISDIR: 'is a directory',
  EIO: 'input/output error',
  EMFILE: 'too many open files',
};

/** "no space left on the device (ENOSPC)", or the error's own message. */
export function describeFsError(error: unknown): string {
  const code = errnoOf(error);
  if (code !== undefined && EXPLAINED[code] !== undefined) return `${EXPLAINED[code]} (${code})`;
  return error instanceof Error ? error.message : String(error);
}

/** Runs a file operation, turning a failure into a DiskError `what: <reason>`. */
export function onDisk<T>(what: string, operation: () => T): T {
  try {
    return operation();
  } catch (error) {
    if (error instanceof TrainingError) throw error;
    throw new DiskError(`${what}: ${describeFsError(error)}`);
  }
}
