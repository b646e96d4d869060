// ClipAction: clips continuous actions to the action space's bounds.
import { Wrapper, type Env } from '../core.js';
import { describeValue } from '../format.js';
import type { Box } from '../spaces.js';
import type { StateReader } from '../state.js';
import type { Action, StepResult } from '../types.js';

/**
 * Clips each component of a continuous action to `[low, high]` of the (Box) action space before passing it on,
 * keeping its array type (a `Float32Array` stays float32). Only for Box action spaces.
 */
export class ClipAction extends Wrapper {
  protected readonly name = 'ClipAction';
  private readonly box: Box;

  constructor(env: Env) {
    super(env);
    const space = env.actionSpace;
    if (space.kind !== 'box') throw new TypeError(`ClipAction: needs a Box action space, received ${space} of ${env.spec.id}`);
    this.box = space;
  }

  override step(action: Action): StepResult {
    const { low, high, size } = this.box;
    const values = typeof action === 'number' ? [action] : action;
    if (values === null || typeof values !== 'object' || values.length !== size) {
      throw new RangeError(`${this.spec.id}.step: action must be an array of ${size} numbers (${this.box}), received ${describeValue(action)}`);
    }
    const clipped = action instanceof Float32Array ? new Float32Array(size) : new Float64Array(size);
    for (let i = 0; i < size; i++) clipped[i] = Math.min(Math.max(values[i]!, low[i]!), high[i]!);
    return this.env.step(clipped);
  }

  protected saveOwnState(): Record<string, unknown> {
    return {};
  }

  protected loadOwnState(_data: StateReader): void {}
}
