// The teaching page: a form for the config, a worker that trains, and views of what it does.
import { GRPO_FIELDS } from '../src/train/config.js';
import { resolveConfig } from '../src/train/config_fields.js';
import type { IterationView } from './session.js';
import type { FromWorker, ToWorker } from './worker.js';

/** What tests read: the metrics lines, the model, whether training finished. */
interface PageState {
  metrics: string;
  model: Uint8Array | null;
  done: boolean;
  returns: number[];
  error: string | null;
  updates: number;
}
const state: PageState = { metrics: '', model: null, done: false, returns: [], error: null, updates: 0 };
Object.assign(globalThis, { grpoPage: state });

const byId = <T extends HTMLElement>(id: string, kind: new () => T): T => {
  const el = document.getElementById(id);
  if (!(el instanceof kind)) throw new Error(`page: #${id} is missing`);
  return el;
};
const form = byId('config', HTMLFormElement);
const errorBox = byId('error', HTMLDivElement);
const nextButton = byId('next', HTMLButtonElement);
const cart = byId('cart', HTMLCanvasElement);
const curve = byId('curve', HTMLCanvasElement);
let worker: Worker | null = null;
let gate: Int32Array | null = null;
let animation = 0;

/** The form as a config (numbers parsed), validated by the GRPO field table: errors are shown, not thrown. */
function readForm(): { config: Record<string, unknown>; iterations: number; step: boolean } | null {
  const data = new FormData(form);
  const config: Record<string, unknown> = { algo: 'grpo', env: 'CartPole-v1', evalEpisodes: 0 };
  for (const key of ['seed', 'learningRate', 'groups', 'groupSize', 'numIterations', 'numMinibatches', 'totalSteps']) {
    const text = String(data.get(key) ?? '').trim();
    const value = text === '' ? NaN : Number(text);
    config[key] = value;
  }
  config['backend'] = String(data.get('backend') ?? 'auto');
  const iterations = Number(String(data.get('iterations') ?? '0'));
  try {
    resolveConfig(GRPO_FIELDS, config, 'config');
    if (!Number.isInteger(iterations) || iterations < 0) throw new RangeError(`iterations must be an integer >= 0, received ${JSON.stringify(data.get('iterations'))}`);
    if (config['totalSteps'] === 0) throw new RangeError('config: totalSteps must be > 0 here');
  } catch (error) {
    errorBox.textContent = error instanceof Error ? error.message : String(error);
    return null;
  }
  errorBox.textContent = '';
  return { config, iterations, step: data.get('step') !== null };
}

function drawCurve(): void {
  const ctx = curve.getContext('2d');
  if (ctx === null) return;
  const { width, height } = curve;
  ctx.clearRect(0, 0, width, height);
  const values = state.returns.filter(Number.isFinite);
  if (values.length === 0) return;
  const top = Math.max(500, ...values);
  ctx.strokeStyle = '#999';
  ctx.strokeText(`${top}`, 2, 10);
  ctx.beginPath();
  ctx.strokeStyle = '#27a';
  values.forEach((v, i) => {
    const x = (i / Math.max(values.length - 1, 1)) * (width - 10) + 5;
    const y = height - 5 - (v / top) * (height - 15);
    if (i === 0) ctx.moveTo(x, y);
    else ctx.lineTo(x, y);
  });
  ctx.stroke();
}

/** Plays one episode's cart positions and pole angles on the canvas. */
function playEpisode(states: readonly number[]): void {
  cancelAnimationFrame(animation);
  const ctx = cart.getContext('2d');
  if (ctx === null) return;
  let t = 0;
  const frame = () => {
    const x = states[2 * t] ?? 0;
    const theta = states[2 * t + 1] ?? 0;
    const { width, height } = cart;
    ctx.clearRect(0, 0, width, height);
    ctx.fillStyle = '#333';
    ctx.fillRect(0, height - 40, width, 2);
    const cx = width / 2 + (x / 2.4) * (width / 2 - 30);
    ctx.fillRect(cx - 25, height - 60, 50, 20);
    ctx.strokeStyle = '#c63';
    ctx.lineWidth = 6;
    ctx.beginPath();
    ctx.moveTo(cx, height - 60);
    ctx.lineTo(cx + 100 * Math.sin(theta), height - 60 - 100 * Math.cos(theta));
    ctx.stroke();
    ctx.fillText(`step ${t + 1}`, 5, 12);
    t++;
    if (2 * t < states.length) animation = requestAnimationFrame(frame);
  };
  frame();
}

function showIteration(view: IterationView): void {
  state.returns.push(view.meanReturn);
  byId('return', HTMLSpanElement).textContent = view.meanReturn.toFixed(1);
  byId('status', HTMLDivElement).textContent = `iteration ${view.iteration}, ${view.globalStep} env steps`;
  const group = byId('group', HTMLTableElement);
  group.innerHTML = '<tr><th>episode</th><th>return</th><th>length</th><th>mean advantage</th></tr>' + view.group
    .map((e, i) => `<tr><td>${i + 1}</td><td>${e.return.toFixed(0)}</td><td>${e.length}</td><td style="color:${e.advantage >= 0 ? '#272' : '#b22'}">${e.advantage.toFixed(3)}</td></tr>`).join('');
  const grads = byId('grads', HTMLTableElement);
  const top = Math.max(1e-12, ...view.gradNorms.map(([, n]) => n));
  grads.innerHTML = view.gradNorms.map(([name, n]) => `<tr><td>${name}</td><td>${n.toExponential(2)}</td><td style="text-align:left"><span class="bar" style="width:${Math.round((n / top) * 120)}px"></span></td></tr>`).join('');
  const best = view.group.reduce<IterationView['group'][number] | null>((b, e) => (b === null || e.return > b.return ? e : b), null);
  if (best !== null) playEpisode(best.states);
  drawCurve();
}

function download(name: string, bytes: BlobPart, type: string): HTMLAnchorElement {
  const a = document.createElement('a');
  a.href = URL.createObjectURL(new Blob([bytes], { type }));
  a.download = name;
  a.textContent = name;
  a.style.marginRight = '1rem';
  return a;
}

form.addEventListener('submit', (event) => {
  event.preventDefault();
  const read = readForm();
  if (read === null) return;
  worker?.terminate();
  Object.assign(state, { metrics: '', model: null, done: false, returns: [], error: null, updates: 0 });
  byId('downloads', HTMLDivElement).textContent = '';
  // Step mode blocks the worker on a shared flag: needs a cross-origin isolated page (grpo web serves one).
  gate = read.step && globalThis.crossOriginIsolated ? new Int32Array(new SharedArrayBuffer(4)) : null;
  if (read.step && gate === null) errorBox.textContent = 'step mode needs the page served by grpo web (cross-origin isolation); training without it';
  nextButton.disabled = gate === null;
  worker = new Worker('worker.js', { type: 'module' });
  worker.onmessage = (e: MessageEvent<FromWorker>) => {
    const m = e.data;
    if (m.type === 'iteration') {
      state.metrics = m.metrics;
      showIteration(m.view);
    } else if (m.type === 'update') {
      state.updates++;
      byId('tape', HTMLPreElement).textContent = `iteration ${m.iteration}, pass ${m.pass}, minibatch ${m.minibatch}: loss ${m.record.loss.total}, grad norm ${m.record.grad_norm.before_clip.toExponential(3)}\n${m.tape}`;
    } else if (m.type === 'done') {
      Object.assign(state, { metrics: m.metrics, model: m.model, done: true });
      byId('status', HTMLDivElement).textContent += ` - done after ${m.iterations} iterations`;
      const links = byId('downloads', HTMLDivElement);
      links.append(download('metrics.jsonl', m.metrics, 'application/x-ndjson'), download('final_model.safetensors', new Uint8Array(m.model), 'application/octet-stream'));
      nextButton.disabled = true;
    } else {
      state.error = m.message;
      errorBox.textContent = m.message;
    }
  };
  const message: ToWorker = { type: 'start', config: read.config, step: read.step, gate: gate === null ? null : (gate.buffer as SharedArrayBuffer), iterations: read.iterations };
  worker.postMessage(message);
});

nextButton.addEventListener('click', () => {
  if (gate === null) return;
  Atomics.store(gate, 0, 1);
  Atomics.notify(gate, 0);
});
