export { migrateState, readStateVersion, HUB_LOCK_KEY } from './migrateState.js';
export { STATE_STEPS, type StateStep } from './stateSteps.js';
export * from './stateStore.js';
export { advanceGeneration, readGeneration } from './generation.js';
export { insertDrain, deleteDrain, readDrainedModules, deleteOrphanDrains } from './drains.js';
export { recordCompatibility, readCompatibleFrom, compatibleFromChain, type MigrationLink } from './compatibleFrom.js';
export { readListSnapshot, writeListSnapshot, removeListSnapshot, listSnapshotFile, type ListSnapshot } from './listSnapshot.js';
export { StateWrites } from './stateWrites.js';
