import { describe, expect, it } from 'vitest';
import { uploadArchive } from './upload';

/** Just enough of XMLHttpRequest to drive progress and the answer from the test. */
function fakeXhr(status: number, body: unknown) {
  const x = {
    headers: {} as Record<string, string>, method: '', url: '', sent: null as unknown, status: 0, responseText: '',
    upload: { onprogress: null as null | ((e: { lengthComputable: boolean; loaded: number; total: number }) => void) },
    onload: null as null | (() => void), onerror: null as null | (() => void),
    open(m: string, u: string) { x.method = m; x.url = u; },
    setRequestHeader(k: string, v: string) { x.headers[k] = v; },
    send(data: unknown) {
      x.sent = data;
      setTimeout(() => {
        x.upload.onprogress?.({ lengthComputable: true, loaded: 50, total: 100 });
        x.upload.onprogress?.({ lengthComputable: true, loaded: 100, total: 100 });
        x.status = status; x.responseText = JSON.stringify(body); x.onload?.();
      }, 0);
    },
  };
  return x;
}

describe('archive upload', () => {
  it('posts the file as multipart field "file" with the token, reporting progress', async () => {
    const xhr = fakeXhr(201, { name: 'postcards', version: '1.0.0' });
    const progress: number[] = [];
    const res = await uploadArchive({ url: '/api/v1/modules/upload', file: new File(['x'], 'postcards-1.0.0.tgz'), token: 'tk', onProgress: (f) => progress.push(f), xhr: () => xhr as never });
    expect(res).toEqual({ name: 'postcards', version: '1.0.0' });
    expect([xhr.method, xhr.url, xhr.headers.authorization]).toEqual(['POST', '/api/v1/modules/upload', 'Bearer tk']);
    expect((xhr.sent as FormData).get('file')).toBeInstanceOf(File);
    expect(progress).toEqual([0.5, 1, 1]);
  });

  it("rejects with the server's error and hint when the archive is refused", async () => {
    const xhr = fakeXhr(422, { error: 'Archive entry "package/../x" contains ".."', code: 'HUB_ARCHIVE_PATH_TRAVERSAL', hint: 'Build it with npm pack' });
    await expect(uploadArchive({ url: '/u', file: new Blob(['x']), xhr: () => xhr as never }))
      .rejects.toMatchObject({ status: 422, code: 'HUB_ARCHIVE_PATH_TRAVERSAL', hint: 'Build it with npm pack', message: expect.stringContaining('..') });
  });
});
