// Small numerical helpers shared by the classic-control ports.

/** Rounds a float64 to the nearest float32 (round half to even), as NumPy's float32 cast does. */
export const f32 = Math.fround;

/**
 * NumPy's floating `%` (np.remainder): the result has the sign of the divisor.
 *
 * NOTE: JS `%` truncates (the result has the sign of the dividend), so `-1 % (2*pi)` is negative where
 * NumPy gives `2*pi - 1`. This follows NumPy's npy_divmod: fmod, then shift by `b` when the signs differ,
 * and a zero result takes the sign of `b`.
 */
export function floorMod(a: number, b: number): number {
  let mod = a % b;
  if (mod !== 0) {
    if (b < 0 !== mod < 0) mod += b;
  } else {
    mod = b < 0 ? -0 : 0;
  }
  return mod;
}

/** `min(max(x, low), high)`, the order NumPy's np.clip and Python's `min(max(...))` use. */
export function clip(x: number, low: number, high: number): number {
  return Math.min(Math.max(x, low), high);
}
