// The library as a dependency: scripts/consumer_check.mjs packs the package, installs the tarball
// into a fresh project, compiles test/consumer/app.ts with `tsc --strict --module nodenext`, runs
// it, bundles a `grpo-ts/browser` import for the browser, and runs the installed `grpo` binary.
// One pack and install is shared by every check (40 s on a quiet machine, 2 min under load). `node scripts/consumer_check.mjs
// --mutants` shows that a missing file, a wrong exports entry, a leaked devDependency type and a
// bin without its shebang each make it fail (about four times as long, so not in this suite).
import { execFileSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';

describe('the packed package in a strict TypeScript consumer', () => {
  it('installs, compiles under --strict, runs, bundles for the browser, and its grpo binary trains', () => {
    const out = execFileSync(process.execPath, ['scripts/consumer_check.mjs'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
    const seen = JSON.parse(out.trim().split('\n').at(-1) ?? '');
    // The script already failed on any mismatch; these say what a reader should see.
    expect(seen.app).toMatchObject({ gradShape: [2, 3], algo: 'grpo', evaluationEpisodes: 2, modelEnv: 'CartPole-v1', browserSum: 12 });
    expect(seen.version).toMatch(/^grpo-ts \d+\.\d+\.\d+/);
  }, 300_000);
});
