// grpo audit: replay an audited run's update from the checkpoint before it and verify every
// recorded number bit for bit; or export one update as self-contained JSON.
import { existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { auditPathOf, exportUpdate, readAuditRecords, verifyIteration, type StoredAuditRecord } from '../../index.js';
import { formatFlags, HELP_FLAG, parseFlags, switchFlag, type FlagTable } from '../args.js';
import { printJson, type Command } from '../command.js';
import { table } from '../format.js';
import { EXIT, UsageError, type Io } from '../io.js';

const WHO = 'grpo audit';

const AUDIT_FLAGS = {
  iteration: { default: 0, doc: 'the iteration to replay and verify (1-based, as training.log counts)', min: 1, integer: true, value: 'I', defaultText: 'required unless --export' },
  update: { default: -1, doc: 'verify only this update of the iteration (its number in audit.jsonl)', min: 0, integer: true, value: 'U', defaultText: 'every audited update of the iteration' },
  export: { default: -1, doc: 'export update U (0-based, the audit\'s counter) as JSON to --out', min: 0, integer: true, value: 'U' },
  out: { default: '', doc: 'the file --export writes', value: 'FILE.json' },
  json: switchFlag('print the verification as one JSON object on stdout'),
  help: HELP_FLAG,
} satisfies FlagTable;

/** The per-parameter table of a record. */
export function paramTable(record: StoredAuditRecord): string {
  const params = record.value['params'];
  const rows = Array.isArray(params) ? params.map((p: unknown) => {
    const e = new Map<string, unknown>(p !== null && typeof p === 'object' ? Object.entries(p) : []);
    const num = (k: string) => {
      const v = e.get(k);
      return typeof v === 'number' ? v.toExponential(4) : String(v);
    };
    return [String(e.get('name')), num('grad_norm'), num('weight_norm'), num('update_norm'), num('update_ratio')];
  }) : [];
  return table(['parameter', 'grad norm', 'weight norm', 'update norm', 'update/weight'], rows);
}

/** `grpo audit`. */
export const auditCommand: Command = {
  name: 'audit',
  summary: 'replay an audited update and verify it bit for bit, or export one update as JSON',
  help() {
    return [
      'Usage: grpo audit RUN_DIR --iteration I [--update U] [--json]',
      '       grpo audit RUN_DIR --export U --out FILE.json',
      '',
      'RUN_DIR is a run trained with --audit (grpo train --audit). --iteration restarts the trainer',
      'from the newest checkpoint before iteration I in a temporary directory, recomputes the',
      "iteration's updates and checks that every number audit.jsonl recorded for them comes out bit",
      'for bit; it prints a per-parameter table and exits 1 at the first mismatch, naming it.',
      '--export replays up to update U and writes it as self-contained JSON: the weights before, the',
      'minibatch, the config values of the loss, the loss terms, every gradient, the weights after.',
      '',
      'Flags:',
      formatFlags(AUDIT_FLAGS),
      '',
      'Examples:',
      '  grpo train --audit --audit-fd 10 --total-steps 5000 --run-name audited',
      '  grpo audit logs/audited --iteration 3',
      '  grpo audit logs/audited --export 12 --out update.json',
    ].join('\n');
  },
  async run(argv, io: Io) {
    const runDir = argv[0] !== undefined && !argv[0].startsWith('-') ? argv[0] : null;
    const { values, given } = parseFlags(AUDIT_FLAGS, runDir === null ? argv : argv.slice(1), WHO);
    if (values.help) {
      io.stdout.write(`${this.help()}\n`);
      return EXIT.ok;
    }
    if (runDir === null) throw new UsageError(`${WHO}: RUN_DIR is required as the first argument (a run directory trained with --audit)`);
    if (!existsSync(join(runDir, 'config.json'))) throw new UsageError(`${WHO}: RUN_DIR ${JSON.stringify(runDir)} is not a run directory (no config.json)`);
    if (given.has('export') === given.has('iteration')) throw new UsageError(`${WHO}: give exactly one of --iteration I (verify) and --export U (export)`);

    if (given.has('export')) {
      if (values.out === '') throw new UsageError(`${WHO}: --export needs --out FILE.json`);
      const exported = await exportUpdate(runDir, values.export);
      writeFileSync(values.out, `${JSON.stringify(exported, null, 1)}\n`);
      io.stderr.write(`${WHO}: wrote update ${values.export} to ${values.out}\n`);
      return EXIT.ok;
    }

    if (!existsSync(auditPathOf(runDir))) throw new UsageError(`${WHO}: ${runDir} has no audit.jsonl; train with --audit to record one`);
    const all = readAuditRecords(runDir);
    if (all.length === 0) throw new UsageError(`${WHO}: ${auditPathOf(runDir)} is empty`);
    const first = all[0]!.iteration;
    const last = all[all.length - 1]!.iteration;
    const iteration = values.iteration;
    if (!all.some((r) => r.iteration === iteration)) {
      throw new UsageError(`${WHO}: --iteration must be an audited iteration of this run, between ${first} and ${last}, received ${iteration}`);
    }
    const update = given.has('update') ? values.update : null;
    if (update !== null && !all.some((r) => r.iteration === iteration && r.update === update)) {
      const updates = all.filter((r) => r.iteration === iteration).map((r) => r.update);
      throw new UsageError(`${WHO}: --update must be an audited update of iteration ${iteration} (${updates[0]} to ${updates[updates.length - 1]}), received ${update}`);
    }
    const verified = await verifyIteration(runDir, iteration, update);
    const shown = verified.records[verified.records.length - 1]!;
    if (values.json) {
      printJson(io, { runDir, iteration, replayedFrom: verified.from, verified: verified.records.map((r) => r.update), ok: true, record: shown.value });
      return EXIT.ok;
    }
    io.stdout.write([
      `verified ${verified.records.length} update${verified.records.length === 1 ? '' : 's'} of iteration ${iteration} bit for bit (updates ${verified.records.map((r) => r.update).join(', ')}), replayed from ${verified.from ?? 'the start of the run'}`,
      `update ${shown.update} (pass ${shown.pass}, minibatch ${shown.minibatch}):`,
      paramTable(shown),
    ].join('\n') + '\n');
    return EXIT.ok;
  },
};
