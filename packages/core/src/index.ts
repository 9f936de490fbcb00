export * from './db/index.js';
export * from './errors.js';
export * from './graph/index.js';
export * from './discovery/index.js';
export * from './validation/index.js';
