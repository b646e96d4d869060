// The error a training run stops with on purpose, with a message for the user.

/**
 * A training run that stopped on purpose: a non-finite loss or gradient (the update was not
 * applied), or a checkpoint whose trainer state cannot be read back. The CLI exits 1 with it.
 */
export class TrainingError extends Error {
  override readonly name: string = 'TrainingError';
}

/**
 * Input files that cannot be used: a directory that is not a run, an empty or damaged
 * metrics.jsonl, a model for another environment. The CLI exits 2 on it.
 * @example throw new InputError(`${dir} is not a run directory: expected config.json and metrics.jsonl in it`);
 */
export class InputError extends Error {
  override readonly name = 'InputError';
}
