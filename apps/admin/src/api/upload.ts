// Archive upload with progress: XMLHttpRequest (fetch has no upload progress).
import { ApiError } from './errors';
import type { ErrorBody } from './types';

export interface UploadOptions {
  url: string;
  file: File | Blob;
  fileName?: string;
  token?: string | null;
  onProgress?: (fraction: number) => void;
  onUnauthorized?: (e: ApiError) => void;
  xhr?: () => XMLHttpRequest;
}

export function uploadArchive<T = unknown>(o: UploadOptions): Promise<T> {
  return new Promise((resolve, reject) => {
    const xhr = o.xhr ? o.xhr() : new XMLHttpRequest();
    xhr.open('POST', o.url);
    xhr.setRequestHeader('accept', 'application/json');
    if (o.token) xhr.setRequestHeader('authorization', `Bearer ${o.token}`);
    xhr.upload.onprogress = (e) => { if (e.lengthComputable) o.onProgress?.(e.loaded / e.total); };
    xhr.onerror = () => reject(new ApiError(0, { error: 'Upload failed: the hub could not be reached', code: 'NETWORK', hint: 'Check the connection and retry.' }));
    xhr.onload = () => {
      let body: unknown;
      try { body = xhr.responseText ? JSON.parse(xhr.responseText) : undefined; } catch { body = undefined; }
      if (xhr.status >= 200 && xhr.status < 300) { o.onProgress?.(1); resolve(body as T); return; }
      const b = (body && typeof body === 'object' ? body : {}) as Partial<ErrorBody>;
      const err = new ApiError(xhr.status, { ...b, error: b.error ?? (xhr.responseText?.slice(0, 300) || `Upload refused (${xhr.status})`) });
      if (xhr.status === 401) o.onUnauthorized?.(err);
      reject(err);
    };
    const form = new FormData();
    form.append('file', o.file, o.fileName ?? (o.file as File).name ?? 'module.tgz');
    xhr.send(form);
  });
}
