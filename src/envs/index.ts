// Public API of src/envs/, re-exported by src/index.ts.
export {};
