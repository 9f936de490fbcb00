export type { AdminEntry, AdminContext } from './index.js';
import type { AdminEntry } from './index.js';
export declare function defineAdminEntry(entry: AdminEntry): AdminEntry;
