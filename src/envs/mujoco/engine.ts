// The MuJoCo WebAssembly module's lifetime: loaded once, on demand, and the few calls the environments use.
//
// NOTE: mujoco-js 0.0.7 is an Emscripten SINGLE_FILE build: the .wasm is embedded (base64) in
// `dist/mujoco_wasm.js`, so neither Node nor a browser needs a path or URL to find it. The package's own
// Node branch imports `module`/`fs` dynamically inside its factory; nothing here imports `node:*`.
// Only types are imported statically; the module itself is imported on the first `loadMujoco()`.
import type { MainModule, MjModel } from 'mujoco-js';

/** The loaded mujoco-js module. */
export type MujocoModule = MainModule;

declare global {
  /**
   * Closure Compiler's name for a function's `arguments` object. mujoco-js 0.0.7's generated
   * declarations (`ccall`'s `args`) use it, but TypeScript has no such global, so a consumer that
   * checks library declarations (no skipLibCheck) fails with TS2552 in mujoco_wasm.d.ts. Declared
   * here, in our public declarations, as what it is: TypeScript's `IArguments`. Remove it when
   * mujoco-js's declarations stop naming it (or when our public API stops exposing `MainModule`).
   */
  interface Arguments extends IArguments {}
}

/** Emscripten module options the loader sets: where MuJoCo's printed messages go. */
export interface MujocoModuleOptions {
  /** Receives MuJoCo's stdout lines. */
  print?: (text: string) => void;
  /** Receives MuJoCo's stderr lines (its XML errors among them). */
  printErr?: (text: string) => void;
}

/** A function that instantiates the module, as mujoco-js's default export does. */
export type MujocoFactory = (options: MujocoModuleOptions) => Promise<MujocoModule>;

/** Options of {@link loadMujoco}. */
export interface LoadMujocoOptions {
  /**
   * Instantiates the module instead of `import('mujoco-js')`, e.g. a browser build that fetches the package
   * from elsewhere. Only the first successful load counts; later calls return the same module.
   */
  factory?: MujocoFactory;
}

let pending: Promise<MujocoModule> | undefined;
let loaded: MujocoModule | undefined;
/** MuJoCo's lines printed while compiling: its XML errors are printed, not thrown, so failures quote them. */
const printed: string[] = [];
let compiling = false;

/** Keeps compile messages for the error; passes MuJoCo's other messages (e.g. simulation warnings) to the console. */
function onPrint(text: string): void {
  if (compiling) printed.push(text);
  else if (text.trim() !== '') console.warn(`MuJoCo: ${text}`);
}

async function defaultFactory(options: MujocoModuleOptions): Promise<MujocoModule> {
  const { default: factory } = await import('mujoco-js');
  return factory(options);
}

/**
 * Loads the MuJoCo WebAssembly module (about 0.1-0.2 s); idempotent and memoised: every call returns the
 * same module, and concurrent calls share one load. Call it once before `make('HalfCheetah-v5')`.
 * Importing the library loads nothing, so users of the classic-control envs never pay for it.
 * @example
 * await loadMujoco();
 * const env = make('HalfCheetah-v5');
 */
export function loadMujoco(options: LoadMujocoOptions = {}): Promise<MujocoModule> {
  if (pending !== undefined) return pending;
  const factory = options.factory ?? defaultFactory;
  const load = factory({ print: onPrint, printErr: onPrint }).then(
    (module) => {
      loaded = module;
      return module;
    },
    (error: unknown) => {
      pending = undefined;
      throw new Error(`loadMujoco: the MuJoCo WebAssembly module failed to load: ${String(error)}`, { cause: error });
    },
  );
  pending = load;
  return load;
}

/** Whether {@link loadMujoco} has finished. */
export function isMujocoLoaded(): boolean {
  return loaded !== undefined;
}

/** The loaded module, or an error telling `caller` to await {@link loadMujoco} first. */
export function mujocoModule(caller: string): MujocoModule {
  if (loaded === undefined) {
    throw new Error(`${caller}: MuJoCo is not loaded; call \`await loadMujoco()\` once before creating a MuJoCo environment`);
  }
  return loaded;
}

let fileCounter = 0;

/**
 * Compiles MJCF text into a model. `source` names the model in errors (an env id or the user's path).
 * @throws Error quoting MuJoCo's own message when the XML does not compile.
 */
export function compileModel(mj: MujocoModule, xml: string, source: string): MjModel {
  // The virtual file is removed at once: the compiled model keeps no reference to it.
  const path = `/grpo_ts_model_${fileCounter++}.xml`;
  mj.FS.writeFile(path, xml);
  printed.length = 0;
  compiling = true;
  let model: MjModel | null;
  try {
    model = mj.MjModel.loadFromXML(path);
  } finally {
    compiling = false;
    mj.FS.unlink(path);
  }
  if (model === null) {
    const why = printed.filter((line) => line.trim() !== '').join(' ');
    throw new Error(`MuJoCo could not compile the model ${source}: ${why || 'no message from MuJoCo'}`);
  }
  return model;
}
