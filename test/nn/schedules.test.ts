import { describe, expect, it } from 'vitest';
import { AdaptiveKLController } from '../../src/nn/kl_controller.js';
import { constantSchedule, cosineSchedule, linearSchedule } from '../../src/nn/schedules.js';

describe('schedules', () => {
  it('constant', () => {
    expect(constantSchedule(2.5e-4)(0)).toBe(2.5e-4);
    expect(constantSchedule(2.5e-4)(1e6)).toBe(2.5e-4);
  });

  it('linear: endpoints, midpoint, clamped after the end', () => {
    const s = linearSchedule({ start: 1, end: 0.2, steps: 4 });
    expect([0, 1, 2, 4, 9].map(s)).toEqual([1, 0.8, 0.6, 0.2, 0.2].map((v) => expect.closeTo(v, 12)));
  });

  it("linear matches CleanRL's annealing lr = (1 - (update - 1) / N) lr0", () => {
    const lr0 = 2.5e-4;
    const n = 7;
    const s = linearSchedule({ start: lr0, end: 0, steps: n });
    for (let update = 1; update <= n; update++) expect(s(update - 1)).toBeCloseTo((1 - (update - 1) / n) * lr0, 18);
  });

  it('cosine: start, half-way, end, warm-up', () => {
    const s = cosineSchedule({ start: 1, end: 0.1, steps: 10 });
    expect(s(0)).toBe(1);
    expect(s(5)).toBeCloseTo(0.55, 12);
    expect(s(10)).toBeCloseTo(0.1, 12);
    expect(s(20)).toBeCloseTo(0.1, 12);
    const w = cosineSchedule({ start: 1, steps: 12, warmupSteps: 2 });
    expect([0, 1, 2].map(w)).toEqual([0, 0.5, 1]);
    expect(w(7)).toBeCloseTo(0.5, 12);
    expect(w(12)).toBeCloseTo(0, 12);
  });

  it('rejects bad arguments, naming them', () => {
    expect(() => linearSchedule({ start: 1, end: 0, steps: 0 })).toThrow(/steps must be a positive integer, received 0/);
    expect(() => linearSchedule({ start: 1, end: 0, steps: 3 })(-1)).toThrow(/step must be a finite number >= 0, received -1/);
    expect(() => cosineSchedule({ start: 1, steps: 3, warmupSteps: 3 })).toThrow(/warmupSteps/);
  });
});

describe('AdaptiveKLController', () => {
  it('doubles above 1.5 x target, halves below target / 1.5, else keeps', () => {
    const c = new AdaptiveKLController({ initial: 1, target: 0.01 });
    expect(c.update(0.016)).toBe(2);
    expect(c.update(0.015)).toBe(2); // exactly 1.5 x target: inside the band
    expect(c.update(0.01)).toBe(2);
    expect(c.update(0.01 / 1.5)).toBe(2); // exactly target / 1.5: inside the band
    expect(c.update(0.006)).toBe(1);
    expect(c.update(0)).toBe(0.5);
  });

  it('stays within configurable bounds, and uses a configurable factor and tolerance', () => {
    const c = new AdaptiveKLController({ initial: 1, target: 1, min: 0.25, max: 4, factor: 4, tolerance: 2 });
    expect(c.update(2.5)).toBe(4);
    expect(c.update(10)).toBe(4);
    expect(c.update(0.4)).toBe(1);
    expect(c.update(0.4)).toBe(0.25);
    expect(c.update(0.4)).toBe(0.25);
  });

  it('saves and restores its state', () => {
    const a = new AdaptiveKLController({ initial: 0.04, target: 0.01 });
    a.update(1);
    const b = new AdaptiveKLController({ initial: 0.04, target: 0.01 });
    b.loadState(JSON.parse(JSON.stringify(a.state())));
    expect(b.value).toBe(0.08);
    expect(b.update(1)).toBe(a.update(1));
  });

  it('rejects bad options and NaN', () => {
    expect(() => new AdaptiveKLController({ initial: 0, target: 1 })).toThrow(/initial must be a finite number > 0, received 0/);
    expect(() => new AdaptiveKLController({ initial: 1, target: 1, factor: 1 })).toThrow(/factor/);
    expect(() => new AdaptiveKLController({ initial: 1, target: 1, min: 2, max: 1 })).toThrow(/min/);
    expect(() => new AdaptiveKLController({ initial: 1, target: 1 }).update(NaN)).toThrow(/NaN/);
  });
});
