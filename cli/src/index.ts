export { demoSample } from './commands/demo.js';
