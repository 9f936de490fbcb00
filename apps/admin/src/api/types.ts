// The API's data types come from the wire contract (@hub/api), type-only: nothing of it is bundled here.
export type {
  ModuleInfo, ModuleState, Plan, PlannedModule, PlannedStatement, ValidationReport, ValidationIssue,
  OperationResult, OperationAction, ProgressEvent, BackupInfo, MigrationRecord, AuditEntry, GraphInfo, SchemaStatus,
} from '@hub/api';
import type { ModuleInfo } from '@hub/api';

/** A menu item a module declares in its manifest. */
export interface ModuleMenu {
  name: string;
  path: string;
  icon?: string;
  sequence?: number;
  permission?: string;
}

export interface ModuleMetrics {
  requests?: number;
  errors?: number;
  latencyMs?: Record<string, number> | number;
  [key: string]: unknown;
}

/** GET /api/v1/modules/{name}: ModuleInfo plus its runtime parts. */
export interface ModuleDetail extends ModuleInfo {
  menus?: ModuleMenu[];
  /** URL of its admin bundle, e.g. /modules/contacts/admin/index.js. */
  admin?: string | null;
  permissions?: string[];
  /** What the module's database role may use (installed modules, module roles on). */
  access?: string[];
  metrics?: ModuleMetrics;
  /** sha256 of the entry the server mounted. */
  mountedCodeHash?: string;
  /** The code on disk differs from the mounted code and its version did not change (a rebuild outside `hub dev`). */
  codeChanged?: { mountedHash: string; diskHash: string; message: string; hint: string };
}

export interface User {
  id?: string | number;
  email: string;
  name?: string;
  superuser?: boolean;
  isSuperuser?: boolean;
  roles?: string[];
  [key: string]: unknown;
}

export interface LoginResponse {
  token: string;
  user: User;
  expiresAt?: string;
}

export interface ErrorBody {
  error: string;
  code?: string;
  hint?: string;
  module?: string;
  details?: unknown;
}

export interface AcceptedOperation {
  operationId: string;
}

export interface OperationStatus {
  id?: string;
  operationId?: string;
  status?: 'running' | 'done' | 'error' | 'failed' | 'succeeded' | string;
  state?: string;
  events?: import('@hub/api').ProgressEvent[];
  result?: import('@hub/api').OperationResult;
  error?: ErrorBody;
  [key: string]: unknown;
}
