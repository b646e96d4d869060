// fdlibm's exp and log (src/tensor/libm.ts): the same bits in every JavaScript engine, and the
// same bits as Node 20's Math.exp/Math.log (V8 11), so moving float64 kernels onto them changed
// no result of this runtime. Edge values and a seeded sweep.
import { describe, expect, it } from 'vitest';
import { fdlibmExp as exp, fdlibmLog as log, Rng } from '../../src/index.js';

describe('libm', () => {
  it('exp and log at edge values', () => {
    expect([exp(0), exp(-0), exp(1), exp(Infinity), exp(-Infinity), exp(710), exp(-746)]).toEqual([1, 1, Math.E, Infinity, 0, Infinity, 0]);
    expect(exp(NaN)).toBeNaN();
    expect([log(1), log(0), log(-0), log(Infinity), log(Math.E)]).toEqual([0, -Infinity, -Infinity, Infinity, 1]);
    expect(log(-1)).toBeNaN();
    expect(log(5e-324)).toBe(Math.log(5e-324)); // subnormal
  });

  it.skipIf(!process.versions.v8.startsWith('11.'))('agree with this V8\'s Math.exp and Math.log bit for bit on 200k seeded inputs', () => {
    const rng = new Rng(0).fork('libm');
    const differ: string[] = [];
    for (let i = 0; i < 100_000; i++) {
      const x = i % 2 === 0 ? rng.uniform(-40, 40) : rng.uniform(-1e-3, 1e-3);
      if (!Object.is(exp(x), Math.exp(x))) differ.push(`exp(${x})`);
      const y = i % 2 === 0 ? rng.uniform(0, 10) ** 5 : 1 + rng.uniform(-0.2, 0.2);
      if (!Object.is(log(y), Math.log(y))) differ.push(`log(${y})`);
    }
    expect(differ).toEqual([]);
  });
});
