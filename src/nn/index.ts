// Public API of src/nn/, re-exported by src/index.ts.
export {};
