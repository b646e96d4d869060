// The library as a dependency, checked the way a new user meets it:
//   1. `npm pack` the package (its `prepare` builds dist/ first, as a publish would);
//   2. install the tarball into a fresh ESM project (offline from npm's cache when it can);
//   3. compile test/consumer/app.ts there with `tsc --strict --module nodenext`, without
//      @types/node and with the package's declarations checked (no skipLibCheck);
//   4. run it and check what it prints;
//   5. bundle a browser import of `grpo-ts/browser` with esbuild (as an app's bundler would, so
//      `exports` and `sideEffects: false` are exercised) and run the bundle;
//   6. run the installed `grpo` binary through its bin link: `grpo --version`, a tiny `grpo train`.
// Any failure exits 1 naming the step and its output. test/consumer.test.ts runs it.
//
//   node scripts/consumer_check.mjs [--package-dir DIR] [--keep]
//   node scripts/consumer_check.mjs --mutants   # breaks a scratch copy four ways; each must fail
import { execFileSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const repo = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const args = process.argv.slice(2);
const valueOf = (flag) => (args.includes(flag) ? args[args.indexOf(flag) + 1] : undefined);

class StepError extends Error {}

/** Runs a command; on failure throws a StepError naming the step, with its output. */
function run(step, file, argv, cwd) {
  try {
    return execFileSync(file, argv, { cwd, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, NO_COLOR: '1' } });
  } catch (error) {
    const out = `${error.stdout ?? ''}${error.stderr ?? ''}`.trim().split('\n').slice(-25).join('\n');
    throw new StepError(`${step}: ${file} ${argv.join(' ')} failed (${error.status ?? error.code})\n${out}`);
  }
}

function expectThat(step, ok, message) {
  if (!ok) throw new StepError(`${step}: ${message}`);
}

/** The whole check against the package in `packageDir`; returns what it saw. */
export function checkConsumer(packageDir, keep = false) {
  const work = mkdtempSync(join(tmpdir(), 'grpo-consumer-'));
  const timings = {};
  const timed = (name, fn) => {
    const t0 = Date.now();
    const out = fn();
    timings[name] = (Date.now() - t0) / 1000;
    return out;
  };
  try {
    const pkg = JSON.parse(readFileSync(join(packageDir, 'package.json'), 'utf8'));
    timed('pack', () => run('npm pack', 'npm', ['pack', '--pack-destination', work, '--silent'], packageDir));
    const tarball = readdirSync(work).find((f) => f.endsWith('.tgz'));
    expectThat('npm pack', tarball !== undefined, `no .tgz in ${work}`);

    const project = join(work, 'project');
    mkdirSync(project);
    writeFileSync(join(project, 'package.json'), JSON.stringify({ name: 'grpo-ts-consumer', private: true, type: 'module' }, null, 2));
    timed('install', () => run('npm install', 'npm', ['install', '--prefer-offline', '--no-audit', '--no-fund', join(work, tarball)], project));

    cpSync(join(repo, 'test/consumer/app.ts'), join(project, 'app.ts'));
    const tsc = join(repo, 'node_modules/typescript/bin/tsc');
    timed('tsc', () => run('tsc --strict', process.execPath, [tsc, '--strict', '--module', 'nodenext', '--target', 'es2022', '--lib', 'es2022,dom', '--outDir', 'out', 'app.ts'], project));
    const printed = timed('app', () => run('node app.js', process.execPath, ['out/app.js'], project));
    const app = JSON.parse(printed.trim().split('\n').at(-1));
    expectThat('app', JSON.stringify(app.gradShape) === '[2,3]', `grad shape ${JSON.stringify(app.gradShape)}, expected [2,3]`);
    expectThat('app', app.observation === 4 && app.reward === 1, `CartPole observation ${app.observation} / reward ${app.reward}, expected 4 / 1`);
    expectThat('app', app.algo === 'grpo' && app.evaluationEpisodes === 2 && Number.isFinite(app.evaluationMean), `summary ${JSON.stringify(app)}`);
    expectThat('app', app.modelEnv === 'CartPole-v1' && app.againEpisodes === 2 && app.statsMean === 2, `model/evaluation ${JSON.stringify(app)}`);
    expectThat('app', app.browserSum === 12 && app.browserIsTensor === true && app.browserActions === 'Box(-2, 2, (1,), float32)', `browser entry ${JSON.stringify(app)}`);

    // A browser app's bundler: resolves `grpo-ts/browser` through `exports` and honours `sideEffects`.
    // `module` stays external, as the README tells browser apps: mujoco-js (loaded lazily by
    // loadMujoco) has a Node branch that imports it, which a browser never runs.
    writeFileSync(join(project, 'web.js'), "import { tensor } from 'grpo-ts/browser';\nconsole.log(tensor([[1, 2], [3, 4]]).matmul(tensor([[1], [1]])).relu().sum().item());\n");
    const esbuild = join(repo, 'node_modules/esbuild/bin/esbuild');
    timed('bundle', () => run('esbuild --platform=browser', esbuild, ['web.js', '--bundle', '--platform=browser', '--format=esm', '--outfile=web.bundle.js', '--external:module', '--log-level=warning'], project));
    const web = run('node web.bundle.js', process.execPath, ['web.bundle.js'], project).trim();
    expectThat('browser bundle', web === '10', `printed ${JSON.stringify(web)}, expected 10`);

    // The bin link is executed directly (not `node file`), so a missing shebang fails here.
    const grpo = join(project, 'node_modules/.bin/grpo');
    const version = timed('grpo --version', () => run('grpo --version', grpo, ['--version'], project)).trim();
    expectThat('grpo --version', version.endsWith(pkg.version), `printed ${JSON.stringify(version)}, expected ${pkg.version}`);
    const trained = timed('grpo train', () => run('grpo train', grpo,
      ['train', '--total-steps', '300', '--groups', '2', '--group-size', '2', '--eval-episodes', '2', '--checkpoint-every', '0', '--log-dir', 'cli-logs', '--json'], project));
    const cli = JSON.parse(trained);
    expectThat('grpo train', cli?.summary?.evaluation?.episodes === 2, `--json printed ${trained.slice(0, 300)}`);
    return { tarball, app, version, timings };
  } finally {
    if (keep) console.error(`kept ${work}`);
    else rmSync(work, { recursive: true, force: true });
  }
}

/**
 * The check must catch four ways of breaking the package. Each mutant is a scratch copy of the
 * working tree (node_modules linked) with one change; the check against it must fail at the
 * named step.
 */
const MUTANTS = [
  { name: 'a file missing from "files"', step: 'node app.js', edit: (p) => { p.files = p.files.filter((f) => f !== 'dist/browser.js'); } },
  { name: 'a wrong exports entry', step: 'tsc --strict', edit: (p) => { p.exports['./browser'].types = './dist/types/browser/index.d.ts'; } },
  { name: 'a declaration that leaks a devDependency', step: 'tsc --strict', edit: (p) => { p.devDependencies['@types/ndarray'] = p.dependencies['@types/ndarray']; delete p.dependencies['@types/ndarray']; } },
  { name: 'a bin without its shebang', step: 'grpo --version', build: (s) => s.replace("banner: { js: '#!/usr/bin/env node' }", 'banner: { js: "" }') },
];

function checkMutants() {
  const files = execFileSync('git', ['ls-files', '--cached', '--others', '--exclude-standard'], { cwd: repo, encoding: 'utf8' }).split('\n').filter(Boolean);
  let failures = 0;
  for (const mutant of MUTANTS) {
    const copy = mkdtempSync(join(tmpdir(), 'grpo-mutant-'));
    try {
      for (const f of files) cpSync(join(repo, f), join(copy, f), { force: true });
      symlinkSync(join(repo, 'node_modules'), join(copy, 'node_modules'));
      const pkgPath = join(copy, 'package.json');
      const pkg = JSON.parse(readFileSync(pkgPath, 'utf8'));
      mutant.edit?.(pkg);
      writeFileSync(pkgPath, `${JSON.stringify(pkg, null, 2)}\n`);
      if (mutant.build) {
        const build = join(copy, 'scripts/build.mjs');
        const before = readFileSync(build, 'utf8');
        const after = mutant.build(before);
        expectThat(mutant.name, after !== before, 'the mutation did not apply');
        writeFileSync(build, after);
      }
      try {
        checkConsumer(copy);
        console.log(`NOT CAUGHT  ${mutant.name}`);
        failures++;
      } catch (error) {
        if (!(error instanceof StepError)) throw error;
        const caughtAt = error.message.split(':')[0];
        const ok = caughtAt === mutant.step;
        if (!ok) failures++;
        console.log(`${ok ? 'caught' : 'CAUGHT ELSEWHERE'}  ${mutant.name}: at ${caughtAt} (expected ${mutant.step})\n    ${error.message.split('\n').filter((l) => /error|Error|cannot|Cannot|not found|syntax/i.test(l)).slice(0, 2).join('\n    ')}`);
      }
    } finally {
      rmSync(copy, { recursive: true, force: true });
    }
  }
  return failures;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  try {
    if (args.includes('--mutants')) {
      process.exitCode = checkMutants() === 0 ? 0 : 1;
    } else {
      const seen = checkConsumer(resolve(valueOf('--package-dir') ?? repo), args.includes('--keep'));
      console.log(JSON.stringify(seen));
    }
  } catch (error) {
    console.error(error instanceof StepError ? error.message : error);
    process.exitCode = 1;
  }
}
