// What commands need from a hub, whether it is opened directly (the engine on the database) or
// reached through a running server's HTTP API. Commands code against this and nothing else.
// The shapes are the wire contract's (@hub/api): the engine's own types fit them, so a command
// reads the same thing whichever way it runs.
import type {
  ModuleInfo, ValidationReport, GraphInfo, OperationRequest, Plan, OperationResult,
  SchemaStatus, MigrationRecord, BackupInfo, ProgressEvent, AuditEntry,
} from '@hub/api';
import type { ModuleFilter } from '@hub/core';

export type {
  ModuleInfo, ModuleFilter, ValidationReport, GraphInfo, OperationRequest, Plan, OperationResult,
  SchemaStatus, MigrationRecord, BackupInfo, ProgressEvent, AuditEntry,
};

export interface UploadResult { name: string; version: string; path?: string; [key: string]: unknown }
export interface CreatedUser { id: number | string; email: string; isSuperuser: boolean; [key: string]: unknown }
export interface CreatedToken { token: string; id?: number | string; name?: string; [key: string]: unknown }

export interface Backend {
  /** 'direct': the engine on the database; 'http': a running server's API. */
  readonly kind: 'direct' | 'http';
  /** Where it works, for messages: "PostgreSQL postgres://...", "embedded database in ...", "server http://...". */
  readonly where: string;

  list(filter?: ModuleFilter): Promise<ModuleInfo[]>;
  get(name: string): Promise<ModuleInfo>;
  validate(name: string): Promise<ValidationReport>;
  graph(): Promise<GraphInfo>;
  plan(request: OperationRequest): Promise<Plan>;
  apply(request: OperationRequest, options?: { planHash?: string; onProgress?: (e: ProgressEvent) => void }): Promise<OperationResult>;
  schemaStatus(name: string): Promise<SchemaStatus>;
  migrations(name?: string): Promise<MigrationRecord[]>;
  backups(name?: string): Promise<BackupInfo[]>;
  upload(file: string): Promise<UploadResult>;
  createUser(input: { email: string; password: string; superuser?: boolean; name?: string }): Promise<CreatedUser>;
  createToken(input: { email?: string; name?: string }): Promise<CreatedToken>;
  close(): Promise<void>;
}
