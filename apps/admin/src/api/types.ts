// The API's data types are the wire contract's (@hub/api, type-only: nothing of it is bundled here).
export type {
  ModuleInfo, ModuleListItem, ModuleDetail, ModuleMenu, ModuleMetrics, ModuleState, HubUser, LoginAnswer,
  Plan, PlannedModule, PlannedStatement, ValidationReport, ValidationIssue, Operation, OperationAnswer, OperationResult,
  OperationAction, ProgressEvent, BackupInfo, BackupRow, ModuleSettings, ConfigKey, MigrationRecord, AuditEntry, GraphInfo, SchemaStatus,
} from '@hub/api/lite';
