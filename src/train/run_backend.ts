// The kernel backend of a run: chosen once when the run starts ('auto' measures which is faster
// here), recorded in config.json and every checkpoint, and kept on resume, because results differ
// across backends in the last bits and a resumed run must end as one that never stopped.
import { fastestBackend, setBackend, wasmAvailable, wasmUnavailableReason, type BackendName } from '../tensor/backend.js';
import { TrainingError } from './errors.js';
import { readCheckpointConfig } from './trainer_checkpoint.js';

/**
 * Selects the backend of a run and returns the config with the backend it uses ('js' or 'wasm').
 * A fresh run takes `config.backend` ('auto': {@link fastestBackend}; 'wasm' where wasm SIMD is
 * missing: 'js', with one notice). A resumed run takes the backend saved in its checkpoint
 * (checkpoints from before backends existed ran on 'js'), and refuses a different one, or 'wasm'
 * on a host without it.
 */
export function selectRunBackend<C extends { backend: 'auto' | BackendName }>(config: C, resumeFrom: string | undefined, who: string): C & { backend: BackendName } {
  if (resumeFrom === undefined) {
    const requested = config.backend === 'auto' ? fastestBackend().backend : config.backend;
    return { ...config, backend: setBackend(requested) };
  }
  const saved = readCheckpointConfig(resumeFrom);
  const recorded = typeof saved === 'object' && saved !== null && !Array.isArray(saved) ? saved['backend'] : undefined;
  const started: BackendName = recorded === 'wasm' ? 'wasm' : 'js';
  if (config.backend !== 'auto' && config.backend !== started) {
    throw new TrainingError(`${who}: this run started on the '${started}' backend and cannot resume on '${config.backend}' (results differ across backends); resume with backend '${started}'`);
  }
  if (started === 'wasm' && !wasmAvailable()) {
    throw new TrainingError(`${who}: this run started on the 'wasm' backend, which is unavailable here (${wasmUnavailableReason() ?? 'unknown reason'}); it can only resume where WebAssembly SIMD runs`);
  }
  setBackend(started);
  return { ...config, backend: started };
}
