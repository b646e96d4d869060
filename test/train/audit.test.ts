// The audit: its numbers against an independent plain-loop recomputation on a hand-built tiny
// network; audit on leaves training unchanged; replay verifies a real run and catches a tampered
// audit.jsonl; an exported update's loss recomputed from the JSON alone.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  Adam, applyUpdate, exportUpdate, grpoBatch, grpoMinibatchLoss, grpoUpdateView, Policy, readAuditRecords, Rng, train, TrainingError,
  UpdateAuditor, verifyIteration, type Episode, type TrainInput,
} from '../../src/index.js';
import { deterministicMetrics, tmpDir, weightsOf } from './helpers.js';

/** A 2-3-2 tanh policy, forward and loss in float64 plain loops (no autograd). */
interface Net { w0: number[]; b0: number[]; w1: number[]; b1: number[] }
function logits(net: Net, x: readonly number[]): number[] {
  const h = [0, 1, 2].map((j) => Math.tanh(net.w0[j * 2]! * x[0]! + net.w0[j * 2 + 1]! * x[1]! + net.b0[j]!));
  return [0, 1].map((k) => net.w1[k * 3]! * h[0]! + net.w1[k * 3 + 1]! * h[1]! + net.w1[k * 3 + 2]! * h[2]! + net.b1[k]!);
}
function logSoftmax(z: number[]): number[] {
  const m = Math.max(...z);
  const lse = m + Math.log(z.reduce((s, v) => s + Math.exp(v - m), 0));
  return z.map((v) => v - lse);
}

describe('audit', () => {
  it('records what a plain-loop recomputation on a hand-built tiny network gives', () => {
    const policy = new Policy(2, { kind: 'discrete', n: 2 }, { rng: new Rng(0), hiddenSizes: [3], activation: 'tanh' });
    const net: Net = { w0: [0.5, -0.3, 0.2, 0.8, -0.6, 0.1], b0: [0.05, -0.1, 0.2], w1: [0.7, -0.4, 0.3, -0.2, 0.6, -0.5], b1: [0.1, -0.05] };
    const load = (n: Net) => policy.loadStateDict({
      'net.layers.0.weight': { dtype: 'F64', shape: [3, 2], data: Float64Array.from(n.w0) },
      'net.layers.0.bias': { dtype: 'F64', shape: [3], data: Float64Array.from(n.b0) },
      'net.layers.2.weight': { dtype: 'F64', shape: [2, 3], data: Float64Array.from(n.w1) },
      'net.layers.2.bias': { dtype: 'F64', shape: [2], data: Float64Array.from(n.b1) },
    });
    load(net);
    const reference = policy.copyAs('float32');
    const episodes: Episode[] = [
      { observations: [0.1, 0.2, -0.3, 0.4, 0.5, -0.6], actions: [0, 1, 1], rewards: [1, 1, 1], group: 0 },
      { observations: [0.9, -0.8, 0.7, 0.6], actions: [1, 0], rewards: [1, 1], group: 0 },
    ];
    const adv = [new Float64Array([1.5, 1.5, 1.5]), new Float64Array([-2, -2])];
    const beta = 0.1;
    const batch = grpoBatch(policy, reference, episodes, adv, beta);
    // Move the policy away from pi_old (= pi_ref) so the ratios leave 1 and some are clipped.
    const moved: Net = { ...net, b1: [1.2, -0.9], w1: net.w1.map((v) => v * 1.5) };
    load(moved);
    const settings = { epsLow: 0.2, epsHigh: 0.28, beta, lossType: 'grpo' as const, maxEpisodeLength: 500, entCoef: 0.05 };
    const rows = [0, 1, 2, 3, 4];
    const output = grpoMinibatchLoss(policy, batch, rows, settings);
    const optimizer = new Adam(policy.namedParameters('policy'), { lr: 0.01, eps: 1e-8 });
    const auditor = new UpdateAuditor({ update: 7, iteration: 2, globalStep: 100, episodes: 4 }, { pass: 1, minibatch: 0, view: () => grpoUpdateView(policy, batch, rows, settings, output) }, output.loss,
      { fd: { entries: 6, rng: new Rng(1) } });
    applyUpdate(optimizer, output.loss, 0.5, { probe: auditor });
    const r = auditor.record;

    // The plain-loop loss, in float64, from the same inputs.
    const obs = [[0.1, 0.2], [-0.3, 0.4], [0.5, -0.6], [0.9, -0.8], [0.7, 0.6]];
    const acts = [0, 1, 1, 1, 0];
    const A = [1.5, 1.5, 1.5, -2, -2];
    const w = [1 / 6, 1 / 6, 1 / 6, 1 / 4, 1 / 4]; // 'grpo': 1 / (|o_i| x episodes)
    const old = obs.map((x, t) => logSoftmax(logits(net, x))[acts[t]!]!);
    const parts = (n: Net) => {
      let surrogate = 0, kl = 0, ent = 0;
      const ratios: number[] = [];
      obs.forEach((x, t) => {
        const lp = logSoftmax(logits(n, x));
        const r = Math.exp(lp[acts[t]!]! - old[t]!);
        ratios.push(r);
        surrogate -= w[t]! * Math.min(r * A[t]!, Math.min(Math.max(r, 0.8), 1.28) * A[t]!);
        const d = old[t]! - lp[acts[t]!]!; // log(pi_ref / pi): the reference is the policy before it moved
        kl += w[t]! * (Math.exp(d) - d - 1);
        ent += w[t]! * -lp.reduce((s, l) => s + Math.exp(l) * l, 0);
      });
      return { surrogate, kl: beta * kl, ent: 0.05 * ent, total: surrogate + beta * kl - 0.05 * ent, ratios };
    };
    const p = parts(moved);
    expect(r.loss.surrogate).toBeCloseTo(p.surrogate, 6);
    expect(r.loss.kl_penalty!).toBeCloseTo(p.kl, 6);
    expect(r.loss.entropy_bonus!).toBeCloseTo(p.ent, 6);
    expect(r.loss.total).toBeCloseTo(p.total, 6);
    const mean = p.ratios.reduce((a, b) => a + b, 0) / 5;
    expect(r.ratio!.mean).toBeCloseTo(mean, 6);
    expect(r.ratio!.max).toBeCloseTo(Math.max(...p.ratios), 6);
    expect(r.advantage.mean).toBeCloseTo(0.1, 12);
    expect(r.advantage.std).toBeCloseTo(Math.sqrt(A.reduce((s, a) => s + (a - 0.1) ** 2, 0) / 5), 12);
    expect([r.advantage.min, r.advantage.max]).toEqual([-2, 1.5]);
    const low = p.ratios.filter((x, t) => x < 0.8 && A[t]! < 0).length / 5;
    const high = p.ratios.filter((x, t) => x > 1.28 && A[t]! > 0).length / 5;
    expect(r.clip_frac).toEqual({ low, high, total: low + high });
    expect(low + high).toBeGreaterThan(0); // the case exercises clipping

    // Gradients by float64 central differences of the plain-loop loss; Adam's first step by hand.
    const keys = ['w0', 'b0', 'w1', 'b1'] as const;
    const grads = keys.map((k) => moved[k].map((_, i) => {
      const at = (d: number) => parts({ ...moved, [k]: moved[k].map((v, j) => (j === i ? v + d : v)) }).total;
      return (at(1e-6) - at(-1e-6)) / 2e-6;
    }));
    const norm = (v: number[]) => Math.sqrt(v.reduce((s, x) => s + x * x, 0));
    const global = norm(grads.flat());
    expect(r.grad_norm.before_clip).toBeCloseTo(global, 5);
    expect(global).toBeGreaterThan(0.5); // so the clip acts
    const scale = 0.5 / (global + 1e-6);
    expect(r.grad_norm.after_clip).toBeCloseTo(global * scale, 5);
    keys.forEach((k, i) => {
      const param = r.params[i]!;
      expect(param.name).toBe(['policy.net.layers.0.weight', 'policy.net.layers.0.bias', 'policy.net.layers.2.weight', 'policy.net.layers.2.bias'][i]);
      expect(param.grad_norm).toBeCloseTo(norm(grads[i]!), 5);
      // Adam's first step: m_hat = g, v_hat = g^2, so each weight moves by -lr g / (|g| + eps).
      const delta = grads[i]!.map((g) => (-0.01 * g * scale) / (Math.abs(g * scale) + 1e-8));
      expect(param.update_norm).toBeCloseTo(norm(delta), 4);
      expect(param.weight_norm).toBeCloseTo(norm(moved[k].map((v, j) => v + delta[j]!)), 4);
      expect(param.update_ratio).toBeCloseTo(param.update_norm / param.weight_norm, 12);
    });
    // The finite-difference check agrees with the float32 gradient it audits.
    expect(r.fd!.entries).toHaveLength(6);
    for (const e of r.fd!.entries) {
      expect(e.rel_error).toBeLessThan(1e-4);
      expect(Math.abs(e.analytic_f64 - e.numerical)).toBeLessThan(1e-8);
    }
    expect(r).toMatchObject({ update: 7, iteration: 2, pass: 1, minibatch: 0, global_step: 100, episodes: 4, minibatch_steps: 5, minibatch_episodes: 2 });
  });

  it('changes no number of training (GRPO, PPO, REINFORCE), and writes a record of every K-th update', async () => {
    const configs: TrainInput[] = [
      { algo: 'grpo', seed: 13, totalSteps: 1500, beta: 0.04, targetKl: 0.01, entCoef: 0.01, lossType: 'dr_grpo' },
      { algo: 'ppo', seed: 21, totalSteps: 512, numSteps: 64 },
      { algo: 'reinforce', seed: 31, totalSteps: 800, entCoef: 0.01 },
    ];
    for (const config of configs) {
      const off = await train({ ...config, evalEpisodes: 0, checkpointEvery: 0, logDir: tmpDir('audit-off') });
      const on = await train({ ...config, evalEpisodes: 0, checkpointEvery: 0, logDir: tmpDir('audit-on'), audit: true, auditEvery: 2, auditFd: 4, auditFdEntries: 3 });
      expect(deterministicMetrics(on.runDir), config.algo).toBe(deterministicMetrics(off.runDir));
      expect(weightsOf(on.finalModelPath), config.algo).toEqual(weightsOf(off.finalModelPath));
      const records = readAuditRecords(on.runDir);
      expect(records.length).toBeGreaterThan(0);
      expect(records.map((x) => x.update)).toEqual(records.map((_, i) => 2 * i));
      const checked = records.filter((x) => x.value['fd'] !== null);
      expect(checked.map((x) => x.update)).toEqual(records.map((x) => x.update).filter((u) => u % 4 === 0));
    }
  }, 60_000);

  it('replays an iteration bit for bit, and names the first number of a tampered audit.jsonl', async () => {
    const run = await train({ algo: 'grpo', seed: 5, totalSteps: 2000, evalEpisodes: 0, audit: true, auditEvery: 5, auditFd: 10, auditFdEntries: 2, numIterations: 2, logDir: tmpDir('audit-replay') });
    const verified = await verifyIteration(run.runDir, 2);
    expect(verified.from).toMatch(/checkpoint-1\.safetensors$/);
    expect(verified.records.length).toBeGreaterThan(0);
    const first = await verifyIteration(run.runDir, 1);
    expect(first.from).toBeNull();

    const path = join(run.runDir, 'audit.jsonl');
    const lines = readFileSync(path, 'utf8').trimEnd().split('\n');
    const k = lines.findIndex((l) => JSON.parse(l).iteration === 2);
    const record = JSON.parse(lines[k]!);
    record.params[1].update_norm = record.params[1].update_norm * (1 + 2 ** -52);
    lines[k] = JSON.stringify(record);
    writeFileSync(path, `${lines.join('\n')}\n`);
    await expect(verifyIteration(run.runDir, 2)).rejects.toThrow(new RegExp(`update ${record.update} .*mismatch at params\\[1\\]\\.update_norm`));
    await expect(verifyIteration(run.runDir, 2)).rejects.toBeInstanceOf(TrainingError);
  }, 60_000);

  it('exports an update whose loss a plain-loop reference recomputes from the JSON alone', async () => {
    const run = await train({ algo: 'grpo', seed: 6, totalSteps: 1200, evalEpisodes: 0, audit: true, beta: 0.04, entCoef: 0.01, lossType: 'grpo', hiddenSizes: [8], logDir: tmpDir('audit-export') });
    const exported = JSON.parse(JSON.stringify(await exportUpdate(run.runDir, 21)));
    expect(exported.update).toBe(21);
    const params = new Map<string, { shape: number[]; weights_before: number[]; gradient: number[] }>(exported.parameters.map((p: { name: string }) => [p.name, p]));
    const W = (n: string) => params.get(`policy.net.layers.${n}`)!;
    const mb = exported.minibatch_data;
    const s = exported.loss_settings;
    const T = mb.advantages.length;
    const lengths = new Map<number, number>();
    for (const e of mb.episode_ids) lengths.set(e, (lengths.get(e) ?? 0) + 1);
    let surrogate = 0, kl = 0, ent = 0;
    for (let t = 0; t < T; t++) {
      let h: number[] = mb.observations.slice(t * 4, t * 4 + 4);
      for (const layer of ['0', '2']) {
        const { shape, weights_before: w } = W(`${layer}.weight`);
        const b = W(`${layer}.bias`).weights_before;
        const z = Array.from({ length: shape[0]! }, (_, o) => b[o]! + h.reduce((acc, x, i) => acc + w[o * shape[1]! + i]! * x, 0));
        h = layer === '2' ? z : z.map(Math.tanh);
      }
      const lp = logSoftmax(h);
      const logp = lp[mb.actions[t]]!;
      const r = Math.exp(logp - mb.old_log_probs[t]);
      const A = mb.advantages[t];
      const weight = 1 / (lengths.get(mb.episode_ids[t])! * lengths.size);
      surrogate -= weight * Math.min(r * A, Math.min(Math.max(r, 1 - s.epsLow), 1 + s.epsHigh) * A);
      const d = mb.ref_log_probs[t] - logp;
      kl += weight * (Math.exp(d) - d - 1);
      ent += weight * -lp.reduce((acc, l) => acc + Math.exp(l) * l, 0);
    }
    expect(exported.loss.surrogate).toBeCloseTo(surrogate, 5);
    expect(exported.loss.kl_penalty).toBeCloseTo(s.beta * kl, 6);
    expect(exported.loss.entropy_bonus).toBeCloseTo(s.entCoef * ent, 6);
    expect(exported.loss.total).toBeCloseTo(surrogate + s.beta * kl - s.entCoef * ent, 5);
    // Every parameter carries its weights before and after, and a gradient of its shape.
    for (const p of exported.parameters) {
      const size = p.shape.reduce((a: number, b: number) => a * b, 1);
      expect([p.weights_before.length, p.gradient.length, p.applied_gradient.length, p.weights_after.length]).toEqual([size, size, size, size]);
    }
    await expect(exportUpdate(run.runDir, 100_000)).rejects.toThrow(/no such update/);
  }, 60_000);
});
