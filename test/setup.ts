// Every test runs with the autodiff finite-value guard on: a backward pass that produces
// NaN or Inf throws, naming the op, instead of passing silently.
import { setAutogradOptions } from '../src/index.js';

setAutogradOptions({ checkFinite: true });
