// Files on disk: atomic writes, safetensors files and training checkpoints. The formats
// themselves (bytes in, bytes out) live in src/nn/; this is the only layer that touches the disk.
import { closeSync, fsyncSync, openSync, readFileSync, renameSync, unlinkSync, writeSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import {
  CheckpointError, decodeSafetensors, encodeSafetensors, packTrainingState, unpackTrainingState,
  type Json, type LoadedTrainingCheckpoint, type SafetensorsContents, type TensorRecord, type TrainingState,
} from '../nn/index.js';

let tempCounter = 0;

/**
 * Writes `bytes` to `path` atomically: a temp file in the same directory, fsync, rename, then an
 * fsync of the directory. A crash leaves either the old file or the new one, never a torn one;
 * a failed write removes its temp file and leaves any previous file untouched.
 */
export function writeFileAtomic(path: string, bytes: Uint8Array): void {
  const dir = dirname(path);
  const temp = join(dir, `.${basename(path)}.${process.pid}.${tempCounter++}.tmp`);
  let fd = -1;
  try {
    fd = openSync(temp, 'wx');
    let written = 0;
    while (written < bytes.length) written += writeSync(fd, bytes, written, bytes.length - written);
    fsyncSync(fd);
    closeSync(fd);
    fd = -1;
    renameSync(temp, path);
  } catch (error) {
    if (fd !== -1) closeSync(fd);
    try {
      unlinkSync(temp);
    } catch {
      // The temp file was never created or is already renamed: nothing to clean up.
    }
    throw error;
  }
  // Make the rename itself durable. Some platforms cannot fsync a directory; the rename is still atomic.
  try {
    const dirFd = openSync(dir, 'r');
    try {
      fsyncSync(dirFd);
    } finally {
      closeSync(dirFd);
    }
  } catch {
    // NOTE: best effort, as in most atomic-write libraries.
  }
}

/**
 * Saves tensors and metadata to a safetensors file, atomically (see {@link writeFileAtomic}).
 * A PyTorch user opens it with `safetensors.torch.load_file(path)`.
 * @example saveCheckpoint('run/ckpt.safetensors', { tensors: { w: { dtype: 'F32', shape: [2], data: new Float32Array([1, 2]) } }, metadata: { step: '10' } })
 */
export function saveCheckpoint(path: string, contents: { tensors: Readonly<Record<string, TensorRecord>>; metadata?: Readonly<Record<string, string>> }): void {
  writeFileAtomic(path, encodeSafetensors({ tensors: contents.tensors, metadata: contents.metadata ?? {} }));
}

/**
 * Loads and validates a safetensors file (see {@link decodeSafetensors} for what is checked).
 * @throws CheckpointError naming the file and the problem (including a missing or unreadable file)
 */
export function loadCheckpoint(path: string): SafetensorsContents {
  let bytes: Uint8Array;
  try {
    bytes = readFileSync(path);
  } catch (error) {
    throw new CheckpointError(path, `cannot read the file (${error instanceof Error ? error.message : String(error)})`);
  }
  return decodeSafetensors(bytes, path);
}

/**
 * Saves modules, optimisers, RNG states and the run config to one safetensors file, atomically.
 * @example saveTrainingCheckpoint('runs/a/ckpt.safetensors', { modules: { policy }, optimizers: { adam }, rngs: { env } }, config)
 */
export function saveTrainingCheckpoint(path: string, state: TrainingState, config: Json = null): void {
  saveCheckpoint(path, packTrainingState(state, config));
}

/**
 * Loads a file written by {@link saveTrainingCheckpoint} and restores `into` in place.
 * @returns the saved config and metadata
 * @throws CheckpointError naming the file and the problem
 */
export function loadTrainingCheckpoint(path: string, into: TrainingState): LoadedTrainingCheckpoint {
  return unpackTrainingState(loadCheckpoint(path), into, path);
}
