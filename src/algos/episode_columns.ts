// Whole episodes laid out as the columns of a PPO rollout, so that PPO's batch (old log-probs,
// values, GAE with the truncation bootstrap) and its minibatch loss run on them unchanged.
import type { Episode } from './episode.js';
import type { EpisodeEnd } from './rollout.js';
import type { RolloutBuffers } from './vector_rollout.js';

/**
 * Episode k becomes column k of step-major buffers [T * N] (N = episodes, T = the longest
 * episode): its steps fill rows 0..L_k - 1, and the rows after it are padding (`real` 0,
 * terminated and ended, holding its final observation). So the row that ends the episode finds
 * its final observation in the next row, or in `observations` when L_k = T: a truncated (or cut)
 * episode bootstraps from V(final observation) in rolloutGae, a terminated one does not.
 * @param ends how each episode ended (from rolloutLockstep's `ends`)
 * @param actionWidth 1 for discrete actions, the action dimension otherwise
 * @example const buffers = episodeColumns(episodes, ends, 4, 1); ppoBatch(policy, critic, buffers, 0.99, 0.95)
 */
export function episodeColumns(episodes: readonly Episode[], ends: readonly EpisodeEnd[], obsDim: number, actionWidth: number): RolloutBuffers {
  const N = episodes.length;
  if (ends.length !== N) throw new RangeError(`episodeColumns: ${N} episodes but ${ends.length} ends`);
  const T = Math.max(0, ...episodes.map((e) => e.rewards.length));
  const B = T * N;
  const observationBuffer = new Float32Array(B * obsDim);
  const actionBuffer = new Float64Array(B * actionWidth);
  const rewards = new Float64Array(B);
  const terminated = new Uint8Array(B).fill(1);
  const episodeEnds = new Uint8Array(B).fill(1);
  const real = new Uint8Array(B);
  const observations = new Float32Array(N * obsDim);
  episodes.forEach((episode, k) => {
    const L = episode.rewards.length;
    const end = ends[k]!;
    for (let t = 0; t < T; t++) {
      const row = t * N + k;
      if (t < L) {
        observationBuffer.set(episode.observations.slice(t * obsDim, (t + 1) * obsDim), row * obsDim);
        actionBuffer.set(episode.actions.slice(t * actionWidth, (t + 1) * actionWidth), row * actionWidth);
        rewards[row] = episode.rewards[t]!;
        real[row] = 1;
        const last = t === L - 1;
        terminated[row] = last && end.terminated ? 1 : 0;
        episodeEnds[row] = last ? 1 : 0;
      } else {
        observationBuffer.set(end.finalObservation, row * obsDim);
      }
    }
    observations.set(end.finalObservation, k * obsDim);
  });
  return { numEnvs: N, numSteps: T, obsDim, observationBuffer, actionBuffer, rewards, terminated, episodeEnds, real, observations };
}
