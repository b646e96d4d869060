// Elementary functions computed the same way in every JavaScript engine. Math.log and friends are
// only specified to be "implementation-approximated": Node 20's V8 and a current Chromium's V8
// round some results differently (measured: ~4% of Math.log results near 1 differ in the last
// bit). Numbers that reach metrics or weights in float64 use these instead, so a seed gives the
// same bits in Node and in a browser.

const view = new DataView(new ArrayBuffer(8));
const hiWord = (x: number): number => {
  view.setFloat64(0, x);
  return view.getInt32(0);
};
const loWord = (x: number): number => {
  view.setFloat64(0, x);
  return view.getUint32(4);
};
const withHiWord = (x: number, hi: number): number => {
  view.setFloat64(0, x);
  view.setInt32(0, hi);
  return view.getFloat64(0);
};

const LN2_HI = 6.93147180369123816490e-1;
const LN2_LO = 1.90821492927058770002e-10;
const TWO54 = 1.80143985094819840000e16;
const LG1 = 6.666666666666735130e-1;
const LG2 = 3.999999999940941908e-1;
const LG3 = 2.857142874366239149e-1;
const LG4 = 2.222219843214978396e-1;
const LG5 = 1.818357216161805012e-1;
const LG6 = 1.531383769920937332e-1;
const LG7 = 1.479819860511658591e-1;

/**
 * The natural logarithm as fdlibm's e_log.c computes it (the algorithm of V8's ieee754::log up
 * to at least V8 11, so Node 20's Math.log gives the same bits), in plain double arithmetic.
 * NOTE: log(0) = -Infinity, log(x < 0) = NaN, log(Infinity) = Infinity, log(NaN) = NaN.
 * @example log(Math.E) === 1
 */
export function log(input: number): number {
  let x = input;
  let hx = hiWord(x);
  const lx = loWord(x);
  let k = 0;
  if (hx < 0x00100000) {
    if (((hx & 0x7fffffff) | lx) === 0) return -Infinity;
    if (hx < 0) return NaN;
    k -= 54;
    x *= TWO54;
    hx = hiWord(x);
  }
  if (hx >= 0x7ff00000) return x + x;
  k += (hx >> 20) - 1023;
  hx &= 0x000fffff;
  const i0 = (hx + 0x95f64) & 0x100000;
  x = withHiWord(x, hx | (i0 ^ 0x3ff00000)); // normalise x or x/2
  k += i0 >> 20;
  const f = x - 1.0;
  if ((0x000fffff & (2 + hx)) < 3) {
    // |f| < 2^-20
    if (f === 0) return k === 0 ? 0 : k * LN2_HI + k * LN2_LO;
    const R = f * f * (0.5 - 0.33333333333333333 * f);
    return k === 0 ? f - R : k * LN2_HI - ((R - k * LN2_LO) - f);
  }
  const s = f / (2.0 + f);
  const dk = k;
  const z = s * s;
  let i = hx - 0x6147a;
  const w = z * z;
  const j = 0x6b851 - hx;
  const t1 = w * (LG2 + w * (LG4 + w * LG6));
  const t2 = z * (LG1 + w * (LG3 + w * (LG5 + w * LG7)));
  i |= j;
  const R = t2 + t1;
  if (i > 0) {
    const hfsq = 0.5 * f * f;
    return k === 0 ? f - (hfsq - s * (hfsq + R)) : dk * LN2_HI - ((hfsq - (s * (hfsq + R) + dk * LN2_LO)) - f);
  }
  return k === 0 ? f - s * (f - R) : dk * LN2_HI - ((s * (f - R) - dk * LN2_LO) - f);
}

const HALF = [0.5, -0.5];
const O_THRESHOLD = 7.09782712893383973096e2;
const U_THRESHOLD = -7.45133219101941108420e2;
const LN2HI = [6.93147180369123816490e-1, -6.93147180369123816490e-1];
const LN2LO = [1.90821492927058770002e-10, -1.90821492927058770002e-10];
const INVLN2 = 1.44269504088896338700;
const P1 = 1.66666666666666019037e-1;
const P2 = -2.77777777770155933842e-3;
const P3 = 6.61375632143793436117e-5;
const P4 = -1.65339022054652515390e-6;
const P5 = 4.13813679705723846039e-8;
const TWOM1000 = 9.33263618503218878990e-302;

/**
 * e^x as fdlibm's e_exp.c computes it (V8's ieee754::exp up to at least V8 11, so Node 20's
 * Math.exp gives the same bits), in plain double arithmetic.
 * @example exp(0) === 1
 */
export function exp(input: number): number {
  let x = input;
  let hx = hiWord(x);
  const xsb = (hx >>> 31) & 1;
  hx &= 0x7fffffff;
  if (hx >= 0x40862e42) {
    if (hx >= 0x7ff00000) {
      if (((hx & 0xfffff) | loWord(x)) !== 0) return x + x;
      return xsb === 0 ? x : 0;
    }
    if (x > O_THRESHOLD) return Infinity;
    if (x < U_THRESHOLD) return 0;
  }
  let hi = 0;
  let lo = 0;
  let k = 0;
  if (hx > 0x3fd62e42) {
    if (hx < 0x3ff0a2b2) {
      // NOTE: V8 returns the correctly rounded e for exp(1); fdlibm's reduction is 1 ulp off there.
      if (x === 1) return Math.E;
      hi = x - LN2HI[xsb]!;
      lo = LN2LO[xsb]!;
      k = 1 - xsb - xsb;
    } else {
      k = Math.trunc(INVLN2 * x + HALF[xsb]!);
      hi = x - k * LN2HI[0]!;
      lo = k * LN2LO[0]!;
    }
    x = hi - lo;
  } else if (hx < 0x3e300000) {
    return 1 + x;
  }
  const t = x * x;
  const c = x - t * (P1 + t * (P2 + t * (P3 + t * (P4 + t * P5))));
  if (k === 0) return 1 - ((x * c) / (c - 2.0) - x);
  const y = 1 - ((lo - (x * c) / (2.0 - c)) - hi);
  if (k >= -1021) {
    if (k === 1024) return withHiWord(y, hiWord(y) + (1023 << 20)) * 2;
    return withHiWord(y, hiWord(y) + (k << 20));
  }
  return withHiWord(y, hiWord(y) + ((k + 1000) << 20)) * TWOM1000;
}
