export { stackUp, stackDown, stackStatus } from './stack.js';
export type { StackOptions, ComponentStatus } from './stack.js';
export { stackPaths, repoRoot } from './paths.js';
export type { StackPaths } from './paths.js';
export { isAlive } from './processes.js';
