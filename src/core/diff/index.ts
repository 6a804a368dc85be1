export { diffCounts, diffTopologies } from './diff';
export { DEFAULT_DIFFERS, ruleText } from './differs';
export type { DiffChange, DiffItem, DiffOptions, DiffRef, KindDiffer, TopologyDiff } from './types';
