// A trained model from a file: the bytes read here, the policy rebuilt by src/eval/model.ts.
import { modelFromCheckpoint, prepareModelEnv, type LoadedModel } from '../eval/model.js';
import { loadCheckpoint } from './files.js';

/**
 * Rebuilds the policy saved in the checkpoint at `path` (a final model or any training
 * checkpoint): the env and network from its saved config, the weights (and the observation-normalisation
 * statistics, when the run normalised) from 'policy.*'. Async because a MuJoCo env loads its engine first.
 * @throws CheckpointError naming the file and the problem
 * @example const { policy, spec } = await loadModel('logs/CartPole-v1__grpo__0/models/final_model.safetensors');
 */
export async function loadModel(path: string): Promise<LoadedModel> {
  const contents = loadCheckpoint(path);
  await prepareModelEnv(contents);
  return modelFromCheckpoint(contents, path);
}
