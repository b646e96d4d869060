// The API reference's completeness: every export of the package's entries carries a doc comment
// (TypeDoc's notDocumented validation, run here as `npm run docs` runs it, also checks methods
// and accessors), and every exported function and class shows an @example, except those still
// listed in MISSING_EXAMPLES: a ratchet that may only shrink (an entry that gains an example, or
// stops being exported, fails the test until it is removed from the list).
import { execFileSync } from 'node:child_process';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';

const MISSING_EXAMPLES = new Set(`
TensorData broadcastShapes formatShape sizeOf matmulInto matmulReference Tensor backward noGrad getAutogradOptions
setAutogradOptions zeros ones full arange eye randn rand add sub mul div neg pow exp log sqrt abs square tanh sigmoid
relu clamp maximum minimum where gt ge lt le eq sum mean max min logSumExp softmax logSoftmax matmul linear reshape
permute transpose expand concat stack gather contiguous clone describeGraph topologicalOrder gradcheck joinName
tensorToRecord copyRecordInto zeroGradOf Tanh ReLU Sequential initParameter calculateGain computeFans zerosInit
constantInit uniformInit normalInit xavierUniform xavierNormal kaimingUniform kaimingNormal klK2 klK3 Optimizer AdamW
SGD scheduleFor encodeSafetensors decodeSafetensors CheckpointError packTrainingState unpackTrainingState
firstNonFiniteTensor StateReader Wrapper ClassicControlEnv TimeLimit RecordEpisodeStatistics NormalizeObservation
ClipAction makeBase envSpec makeVec CartPoleVectorEnv MultiTaskEnv cartPoleStep cartPoleSampleState CartPoleEnv
angleNormalize PendulumEnv acrobotDerivatives AcrobotEnv MountainCarEnv MountainCarContinuousEnv UncertaintyWrapper
isMujocoLoaded Simulation MujocoEnv controlCost isMujocoEnvId makeMujocoBase HalfCheetahEnv HopperEnv
InvertedPendulumEnv Policy actionSpecOf selectRows selectValues selectActions chunk findUncertainty returnOf
rolloutLockstep rolloutGroups VectorRollout sampleStd normalizeAdvantages explainedVariance gae rolloutGae
reinforceAdvantages grpoLoss aggregationWeights ppoLoss collectGroups grpoBatch grpoMinibatches grpoMinibatchLoss
grpoUpdateView ppoBatch ppoMinibatches ppoMinibatchLoss ppoUpdateView rolloutEpisodes reinforceLoss
reinforceUpdateView applyUpdate GrpoLearner finishedReturns renderCharts escapeHtml formatNumber returnStats
evalSeedOf makeEnv modelFromBytes modelSpecOf UpdateAuditor summarize l2 relativeError finiteDifferenceCheck
encodeAuditRecord firstMismatch summarizeTensor column flatten bootstrapTwoSampleCI defaultWindow bucketMeans
fieldsOf isAlgo configHeader resolveConfig defaultsOf formatConfig writeFileAtomic loadCheckpoint
loadTrainingCheckpoint RunDirectory runDirOf latestCheckpoint readMetrics TrainingError toJson saveTrainerCheckpoint
loadTrainerCheckpoint peekTrainerCheckpoint readCheckpointConfig checkConfigFile TrainerState TrainerHarness
scheduleOf assertFinite meanReturnOf trainingEnvs trainGrpo trainPpo trainReinforce runStatus describeCounters
RunLock RunLockedError readLockOwner liveLockOwner DiskError readAuditRecords readRunConfig verifyIteration
exportUpdate auditPathOf
`.split(/\s+/).filter(Boolean));

interface ExportDoc {
  readonly name: string;
  readonly callable: boolean;
  readonly summary: string;
  readonly hasExample: boolean;
}

function exportsOf(entry: string): ExportDoc[] {
  const program = ts.createProgram([entry], { module: ts.ModuleKind.NodeNext, moduleResolution: ts.ModuleResolutionKind.NodeNext, target: ts.ScriptTarget.ES2022, strict: true, noEmit: true });
  const checker = program.getTypeChecker();
  const source = program.getSourceFile(entry);
  const module = source === undefined ? undefined : checker.getSymbolAtLocation(source);
  if (module === undefined) throw new Error(`cannot read the exports of ${entry}`);
  return checker.getExportsOfModule(module).map((exported) => {
    const symbol = exported.flags & ts.SymbolFlags.Alias ? checker.getAliasedSymbol(exported) : exported;
    return {
      name: exported.name,
      callable: (symbol.flags & (ts.SymbolFlags.Function | ts.SymbolFlags.Class)) !== 0,
      summary: ts.displayPartsToString(symbol.getDocumentationComment(checker)).trim(),
      hasExample: symbol.getJsDocTags(checker).some((tag) => tag.name === 'example'),
    };
  });
}

describe('API reference', () => {
  const exported = exportsOf('src/index.ts');

  it('the main entry re-exports every export of the browser entry', () => {
    const main = new Set(exported.map((e) => e.name));
    expect(exportsOf('src/browser.ts').map((e) => e.name).filter((n) => !main.has(n))).toEqual([]);
  });

  it('every export has a doc comment', () => {
    expect(exported.filter((e) => e.summary === '').map((e) => e.name)).toEqual([]);
  });

  it('every exported function and class has an @example (the list of those still missing only shrinks)', () => {
    expect(exported.filter((e) => e.callable && !e.hasExample && !MISSING_EXAMPLES.has(e.name)).map((e) => e.name)).toEqual([]);
    const stillMissing = new Set(exported.filter((e) => e.callable && !e.hasExample).map((e) => e.name));
    expect([...MISSING_EXAMPLES].filter((n) => !stillMissing.has(n))).toEqual([]);
  });

  it('TypeDoc builds the reference with no warning (notDocumented, invalid links, unexported types are errors)', () => {
    const typedoc = 'node_modules/typedoc/bin/typedoc';
    const out = execFileSync(process.execPath, [typedoc, '--emit', 'none'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
    expect(out).not.toMatch(/warning|error/i);
  }, 120_000);
});
