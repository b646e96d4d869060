// The page's Web Worker: trains GRPO with GrpoSession (the library's browser entry) and posts
// what the page draws. In step mode it stops after every update, holding on a shared flag the
// page raises ("next update"), and posts that update's tape and audit record first.
import { fastestBackend, recordTape, setBackend, UpdateAuditor, type AuditRecord } from '../src/browser.js';
import { GRPO_FIELDS, type GrpoConfig } from '../src/train/config.js';
import { resolveConfig } from '../src/train/config_fields.js';
import { GrpoSession, type IterationView, type UpdateHooks } from './session.js';

/** Messages the page sends. */
export type ToWorker =
  | { readonly type: 'start'; readonly config: Readonly<Record<string, unknown>>; readonly step: boolean; readonly gate: SharedArrayBuffer | null; readonly iterations: number }
  | { readonly type: 'mode'; readonly step: boolean };

/** Messages the worker sends. */
export type FromWorker =
  | { readonly type: 'iteration'; readonly view: IterationView; readonly metrics: string }
  | { readonly type: 'update'; readonly iteration: number; readonly pass: number; readonly minibatch: number; readonly tape: string; readonly record: AuditRecord }
  | { readonly type: 'done'; readonly metrics: string; readonly model: Uint8Array; readonly iterations: number }
  | { readonly type: 'error'; readonly message: string };

// NOTE: the page is type-checked with the DOM library; in a worker `self` is the worker scope.
const scope: { postMessage(message: FromWorker, transfer?: Transferable[]): void; onmessage: ((event: MessageEvent<ToWorker>) => void) | null } = self as never;
let stepMode = false;

/** Step mode: record each update's tape and audit it, post both, then wait for the page. */
function stepHooks(session: GrpoSession, gate: Int32Array): UpdateHooks {
  let pending: { finish: () => string; auditor: UpdateAuditor } | null = null;
  return {
    before(loss, context, named) {
      if (!stepMode) return {};
      const tape = recordTape(loss, named);
      const auditor = new UpdateAuditor({ update: 0, iteration: session.counters.iteration + 1, globalStep: session.counters.globalStep, episodes: session.counters.episodes }, context, loss, { fd: null });
      pending = { finish: () => tape.finish().text, auditor };
      return { onGradient: tape.onGradient, probe: auditor };
    },
    after(context) {
      if (pending === null) return;
      scope.postMessage({ type: 'update', iteration: session.counters.iteration + 1, pass: context.pass, minibatch: context.minibatch, tape: pending.finish(), record: pending.auditor.record });
      pending = null;
      // Hold until the page says "next update" (or leaves step mode).
      Atomics.wait(gate, 0, 0);
      Atomics.store(gate, 0, 0);
    },
  };
}

/** Lets the page's messages (a mode change) arrive between iterations. */
const nextTask = () => new Promise<void>((resolve) => setTimeout(resolve, 0));

scope.onmessage = async (event) => {
  const message = event.data;
  if (message.type === 'mode') {
    stepMode = message.step;
    return;
  }
  stepMode = message.step;
  try {
    const requested: GrpoConfig = resolveConfig(GRPO_FIELDS, message.config, 'config');
    // The backend is chosen as Node's trainer chooses it ('auto': the faster here), and recorded.
    const config: GrpoConfig = { ...requested, backend: setBackend(requested.backend === 'auto' ? fastestBackend().backend : requested.backend) };
    const session = new GrpoSession(config);
    const hooks = message.gate === null ? {} : stepHooks(session, new Int32Array(message.gate));
    let done = 0;
    while (session.budgetLeft() && (message.iterations === 0 || done < message.iterations)) {
      const view = session.iterate(hooks);
      if (view === null) break;
      done++;
      scope.postMessage({ type: 'iteration', view, metrics: session.metricsText() });
      await nextTask();
    }
    const model = session.modelBytes();
    scope.postMessage({ type: 'done', metrics: session.metricsText(), model, iterations: done }, [model.buffer]);
  } catch (error) {
    scope.postMessage({ type: 'error', message: error instanceof Error ? error.message : String(error) });
  }
};
