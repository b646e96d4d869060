import { CartPoleVectorEnv, loadMujoco, make, Rng } from '../src/index.js';
import type { Workload } from './harness.js';

// The MuJoCo workloads build their envs synchronously in setup(); the engine loads once here (~0.1-0.2 s).
await loadMujoco();

const STEPS = 1000;
const VEC_N = 16;
const VEC_STEPS = 100;
const CHEETAH_STEPS = 200;

/** Benchmark workloads of src/envs/ (see the README's benchmark section). Items are env steps. */
export const envWorkloads: Workload[] = [
  {
    // One CartPole-v1 from make() (TimeLimit included), random actions from an Rng, reset at every episode end.
    name: 'cartpole-steps',
    items: STEPS,
    target: '>= 3,000,000 steps/s (Gymnasium: ~60,000)',
    setup: () => {
      const env = make('CartPole-v1');
      const rng = new Rng(0);
      env.reset({ seed: 0 });
      return () => {
        for (let t = 0; t < STEPS; t++) {
          const r = env.step(rng.int(2));
          if (r.terminated || r.truncated) env.reset();
        }
      };
    },
  },
  {
    // 16 CartPoles in the struct-of-arrays vector env, random actions, next-step autoreset, reused result
    // arrays (copy: false; with the default copy: true, allocation costs about 40% of the time).
    name: 'cartpole-vec-16',
    items: VEC_N * VEC_STEPS,
    target: '> cartpole-steps (Gymnasium sync x16: ~47,000)',
    setup: () => {
      const envs = new CartPoleVectorEnv(VEC_N, { copy: false });
      const rng = new Rng(0);
      const actions = new Uint8Array(VEC_N);
      envs.reset({ seed: 0 });
      return () => {
        for (let t = 0; t < VEC_STEPS; t++) {
          for (let i = 0; i < VEC_N; i++) actions[i] = rng.int(2);
          envs.step(actions);
        }
      };
    },
  },
  {
    // One HalfCheetah-v5 from make() (TimeLimit 1000 included), uniform random actions in [-1, 1]^6 from an Rng,
    // reset at every truncation. Each step is 5 MuJoCo steps plus observation and reward.
    name: 'halfcheetah-steps',
    items: CHEETAH_STEPS,
    target: '>= 25,000 steps/s (issue 12: mujoco-js 25-34k on one core, ~80% of native C)',
    setup: () => {
      const env = make('HalfCheetah-v5');
      const rng = new Rng(0);
      const action = new Float64Array(6);
      env.reset({ seed: 0 });
      return () => {
        for (let t = 0; t < CHEETAH_STEPS; t++) {
          for (let i = 0; i < 6; i++) action[i] = rng.uniform(-1, 1);
          const r = env.step(action);
          if (r.terminated || r.truncated) env.reset();
        }
      };
    },
  },
];
