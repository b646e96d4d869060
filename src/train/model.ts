// A trained model from a file: the bytes read here, the policy rebuilt by src/eval/model.ts.
import { modelFromCheckpoint, type LoadedModel } from '../eval/model.js';
import { loadCheckpoint } from './files.js';

/**
 * Rebuilds the policy saved in the checkpoint at `path` (a final model or any training
 * checkpoint): the env and network from its saved config, the weights from 'policy.*'.
 * @throws CheckpointError naming the file and the problem
 * @example const { policy, spec } = loadModel('logs/CartPole-v1__grpo__0/models/final_model.safetensors');
 */
export function loadModel(path: string): LoadedModel {
  return modelFromCheckpoint(loadCheckpoint(path), path);
}
