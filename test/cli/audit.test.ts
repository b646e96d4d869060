// grpo train --audit, grpo audit (verify, export, bad input) and grpo explain, run in-process.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { expectOneLine, parseJsonOutput, runCli, tmpLogDir } from './helpers.js';

describe('grpo audit', () => {
  it('trains with --audit, verifies an iteration, exports an update, and refuses bad input with one line', async () => {
    const logDir = tmpLogDir();
    const trained = await runCli(['train', '--audit', '--audit-every', '4', '--total-steps', '1500', '--eval-episodes', '0', '--log-dir', logDir, '--run-name', 'a']);
    expect(trained.code).toBe(0);
    const run = join(logDir, 'a');
    expect(JSON.parse(readFileSync(join(run, 'config.json'), 'utf8'))).toMatchObject({ audit: true, auditEvery: 4, auditFd: 0 });

    const ok = await runCli(['audit', run, '--iteration', '2']);
    expect(ok.code).toBe(0);
    expect(ok.stdout).toMatch(/verified \d+ updates of iteration 2 bit for bit .*checkpoint-1\.safetensors/);
    expect(ok.stdout).toMatch(/policy\.net\.layers\.4\.weight\s+\S+e[-+]\d/);
    const json = parseJsonOutput((await runCli(['audit', run, '--iteration', '1', '--update', '4', '--json'])).stdout);
    expect(json).toMatchObject({ ok: true, verified: [4], replayedFrom: null });

    const out = join(logDir, 'u.json');
    expect((await runCli(['audit', run, '--export', '5', '--out', out])).code).toBe(0);
    expect(JSON.parse(readFileSync(out, 'utf8'))).toMatchObject({ update: 5, algo: 'grpo' });

    const plain = await runCli(['train', '--total-steps', '600', '--eval-episodes', '0', '--log-dir', logDir, '--run-name', 'b']);
    expect(plain.code).toBe(0);
    const noAudit = await runCli(['audit', join(logDir, 'b'), '--iteration', '1']);
    expect([noAudit.code, expectOneLine(noAudit.stderr)]).toEqual([2, expect.stringMatching(/has no audit\.jsonl/)]);
    const outOfRange = await runCli(['audit', run, '--iteration', '99']);
    expect([outOfRange.code, expectOneLine(outOfRange.stderr)]).toEqual([2, expect.stringMatching(/--iteration must be .* between 1 and \d+, received 99/)]);
    const both = await runCli(['audit', run]);
    expect(both.code).toBe(2);

    // A checkpoint that does not belong to the audit: another seed's checkpoint-1 in its place.
    await runCli(['train', '--audit', '--seed', '1', '--total-steps', '1500', '--eval-episodes', '0', '--log-dir', logDir, '--run-name', 'c']);
    writeFileSync(join(run, 'models', 'checkpoint-1.safetensors'), readFileSync(join(logDir, 'c', 'models', 'checkpoint-1.safetensors')));
    const mismatch = await runCli(['audit', run, '--iteration', '2']);
    // The resume's own check sees the other run's config first (seed 1 in the checkpoint).
    expect([mismatch.code, expectOneLine(mismatch.stderr)]).toEqual([1, expect.stringMatching(/^grpo audit: .*checkpoint-1\.safetensors: a resumed run may change only its budget .*seed is 1 in the checkpoint, 0 now/)]);
  }, 60_000);
});

describe('grpo explain', () => {
  it('prints the tape of a GRPO and a PPO loss with values and gradients', async () => {
    const grpo = await runCli(['explain', '--steps', '6']);
    expect(grpo.code).toBe(0);
    expect(grpo.stdout).toMatch(/^#0 policy\.net\.layers\.0\.weight -> \[4,4\]  value mean \S+ \[\S+, \S+\]  grad mean/m);
    expect(grpo.stdout).toMatch(/logSoftmax\(#\d+\) -> \[6,2\]/);
    const ppo = parseJsonOutput((await runCli(['explain', '--algo', 'ppo', '--json'])).stdout);
    const nodes = ppo['nodes'] as Array<{ name: string | null; grad: unknown }>;
    expect(nodes.some((n) => n.name === 'value.net.layers.2.bias')).toBe(true);
    expect(nodes.every((n) => n.grad !== null)).toBe(true);
    expect((await runCli(['explain', '--algo', 'sac'])).code).toBe(2);
  });
});
