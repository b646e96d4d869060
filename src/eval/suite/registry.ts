// The sections `grpo evaluate --suite` runs: an algorithm adds its own here (one import, one entry).
import { diversitySuiteSection } from './diversity_section.js';
import type { SuiteSection } from './sections.js';

/** The suite's sections, in report order; each runs only on the models its `appliesTo` accepts. */
export const SUITE_SECTIONS: readonly SuiteSection[] = [diversitySuiteSection];
