export { splitOnline, onlineKind, DEFAULT_ONLINE_ROWS } from './splitOnline.js';
export { insertOnlineSteps, readOpenSteps, type OnlineStep } from './onlineState.js';
export { runOnlineSteps, ONLINE_LOCK_KEY, type OnlineRunOptions, type OnlineRunResult } from './runOnlineSteps.js';
