export { DependencyGraph, type GraphNode } from './DependencyGraph.js';
