// Archive upload with progress: XMLHttpRequest (fetch has no upload progress), on the typed
// client's URL, headers and answer reading.
import { errorFrom, HubApiError, type AnswerOf } from '@hub/api/lite';
import type { AdminClient } from './client';

export interface UploadOptions {
  file: File | Blob;
  fileName?: string;
  /** Replace an uploaded module of the same name. */
  replace?: boolean;
  onProgress?: (fraction: number) => void;
  xhr?: () => XMLHttpRequest;
}

export function uploadArchive(client: AdminClient, o: UploadOptions): Promise<AnswerOf<'upload'>> {
  return new Promise((resolve, reject) => {
    const xhr = o.xhr ? o.xhr() : new XMLHttpRequest();
    xhr.open('POST', client.hub.url('upload', { query: o.replace ? { replace: 'true' } : {} }));
    for (const [k, v] of Object.entries(client.hub.headers())) xhr.setRequestHeader(k, v);
    xhr.upload.onprogress = (e) => { if (e.lengthComputable) o.onProgress?.(e.loaded / e.total); };
    xhr.onerror = () => reject(new HubApiError(0, { error: 'Upload failed: the hub could not be reached', code: 'HUB_NETWORK', hint: 'Check the connection and retry.' }));
    xhr.onload = () => {
      if (xhr.status >= 200 && xhr.status < 300) {
        o.onProgress?.(1);
        try { resolve(client.hub.read('upload', xhr.status, JSON.parse(xhr.responseText))); } catch (e) { reject(e); }
        return;
      }
      const err = errorFrom(xhr.status, xhr.statusText, xhr.responseText ?? '');
      client.refused(err);
      reject(err);
    };
    const form = new FormData();
    form.append('file', o.file, o.fileName ?? (o.file as File).name ?? 'module.tgz');
    xhr.send(form);
  });
}
