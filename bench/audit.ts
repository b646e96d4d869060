// The audit's cost: one GRPO minibatch update (4-64-64-2 tanh policy, 4 episodes x 16 steps)
// through applyUpdate without and with an UpdateAuditor (no finite differences), the record
// encoded as its audit.jsonl line. Target: audit on costs under 30% of the update.
import { applyUpdate, encodeAuditRecord, grpoBatch, grpoMinibatchLoss, grpoUpdateView, Policy, Adam, Rng, UpdateAuditor, type Episode } from '../src/index.js';
import type { Workload } from './harness.js';

function grpoUpdate(audit: boolean): Workload {
  return {
    name: `grpo-update-audit-${audit ? 'on' : 'off'}`,
    items: 64,
    target: audit ? '< 1.3x grpo-update-audit-off' : '',
    setup: () => {
      const rng = new Rng('bench/grpo-update-audit');
      const policy = new Policy(4, { kind: 'discrete', n: 2 }, { rng: rng.fork('init'), hiddenSizes: [64, 64], activation: 'tanh' });
      const reference = policy.copyAs('float32');
      const episodes: Episode[] = Array.from({ length: 4 }, (_, e) => ({
        observations: Array.from({ length: 64 }, () => rng.normal()), actions: Array.from({ length: 16 }, () => rng.int(2)), rewards: new Array<number>(16).fill(1), group: 0,
      }));
      const advantages = episodes.map((_, e) => new Float64Array(16).fill(e % 2 === 0 ? 1 : -1));
      const batch = grpoBatch(policy, reference, episodes, advantages, 0.04);
      const rows = Array.from({ length: 64 }, (_, t) => t);
      const settings = { epsLow: 0.2, epsHigh: 0.28, beta: 0.04, lossType: 'bnpo' as const, maxEpisodeLength: 500, entCoef: 0.01 };
      const optimizer = new Adam(policy.namedParameters('policy'), { lr: 1e-3, eps: 1e-5 });
      let update = 0;
      return () => {
        const output = grpoMinibatchLoss(policy, batch, rows, settings);
        const context = { pass: 0, minibatch: 0, view: () => grpoUpdateView(policy, batch, rows, settings, output) };
        const auditor = audit ? new UpdateAuditor({ update, iteration: 1, globalStep: 0, episodes: 0 }, context, output.loss, { fd: null }) : null;
        applyUpdate(optimizer, output.loss, 0.5, { probe: auditor });
        if (auditor !== null) encodeAuditRecord(auditor.record);
        update++;
      };
    },
  };
}

export const auditWorkloads: Workload[] = [grpoUpdate(false), grpoUpdate(true)];
