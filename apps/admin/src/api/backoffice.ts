// The back-office host routes (/api/v1/backups, /api/v1/settings, /api/v1/operations), one small
// function each, with the shapes the server answers.
import type { ApiClient } from './client';
import type { Plan, ProgressEvent } from './types';

export interface BackupRow {
  id: string; module: string; createdAt: string; reason: string;
  /** manual, uninstall, data loss, restore, ... */
  why: string; operationId: string | null; actor: string | null;
  tables: { table: string; rows: number }[]; rows: number; bytes: number | null;
  links: { download: string; restore: string; plan: string };
}

export interface ModuleSettings {
  module: string; version: string; enabled: boolean; readOnly: boolean; dryRun: boolean; envPrefix: string;
  config: { key: string; env: string; secret: boolean; source: 'env' | 'default'; value: unknown; description: string | null }[];
  configError: string | null;
}

export interface OperationRow {
  id: string; action: string; modules: string[]; actor: string | null; status: 'running' | 'succeeded' | 'failed' | string;
  steps: ProgressEvent[]; error: { code?: string; message?: string; hint?: string } | null;
  result: { plan?: Plan; backups?: unknown[]; durationMs?: number; changed?: string[] } | null;
  startedAt: string; finishedAt: string | null;
}

const enc = encodeURIComponent;

export function createBackofficeApi(client: ApiClient) {
  return {
    backups: (module?: string) => client.get<{ items: BackupRow[] }>('/api/v1/backups', { query: { module } }).then((r) => r.items),
    restorePlan: (b: BackupRow) => client.get<Plan>(b.links.plan),
    restore: (b: BackupRow, planHash: string) =>
      client.post<{ operationId: string }>(b.links.restore, { plan_hash: planHash }, { query: { async: 'true' } }),
    deleteBackup: (b: BackupRow) => client.request<void>('DELETE', `/api/v1/backups/${enc(b.module)}/${enc(b.id)}`),
    download: (b: BackupRow) => client.raw('GET', b.links.download),
    settings: () => client.get<{ items: ModuleSettings[] }>('/api/v1/settings').then((r) => r.items),
    operations: () => client.get<{ items: OperationRow[] }>('/api/v1/operations').then((r) => r.items),
    operation: (id: string) => client.get<OperationRow>(`/api/v1/operations/${enc(id)}`),
  };
}

export type BackofficeApi = ReturnType<typeof createBackofficeApi>;

/** Saves a response body as a file, named as the server says. */
export async function saveResponse(res: Response, fallback: string) {
  const blob = await res.blob();
  const fileName = /filename="?([^";]+)"?/.exec(res.headers.get('content-disposition') ?? '')?.[1] ?? fallback;
  const a = document.createElement('a');
  a.href = URL.createObjectURL(blob);
  a.download = fileName;
  a.click();
  setTimeout(() => URL.revokeObjectURL(a.href), 10_000);
}

export const bytes = (n: number | null) =>
  n === null ? '—' : n < 1024 ? `${n} B` : n < 1024 ** 2 ? `${(n / 1024).toFixed(1)} KiB` : `${(n / 1024 ** 2).toFixed(1)} MiB`;
