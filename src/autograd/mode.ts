/** Global autograd switches. */
export interface AutogradOptions {
  /**
   * Throw when a backward pass produces a NaN or infinite gradient, naming the op.
   * Off by default (it costs a scan of every gradient); on in the test suite.
   */
  checkFinite: boolean;
}

const options: AutogradOptions = { checkFinite: false };
let recording = true;

/** The current autograd options. */
export function getAutogradOptions(): Readonly<AutogradOptions> {
  return { ...options };
}

/** Changes autograd options, e.g. `setAutogradOptions({checkFinite: true})`. */
export function setAutogradOptions(update: Partial<AutogradOptions>): void {
  if (update.checkFinite !== undefined) {
    if (typeof update.checkFinite !== 'boolean') {
      throw new TypeError(`setAutogradOptions: checkFinite must be a boolean, received ${JSON.stringify(update.checkFinite)}`);
    }
    options.checkFinite = update.checkFinite;
  }
}

/** Whether ops currently record tape nodes. */
export function isRecording(): boolean {
  return recording;
}

/**
 * Runs `fn` without recording: ops inside produce tensors with no graph (for evaluation,
 * rollouts, optimiser steps). Restores the previous mode even if `fn` throws.
 */
export function noGrad<T>(fn: () => T): T {
  const previous = recording;
  recording = false;
  try {
    return fn();
  } finally {
    recording = previous;
  }
}
