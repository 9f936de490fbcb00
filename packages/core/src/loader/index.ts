export { ModuleLoader } from './ModuleLoader.js';
