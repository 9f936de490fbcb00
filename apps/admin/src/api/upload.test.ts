import { describe, expect, it } from 'vitest';
import { answerProblems, hostRoutes } from '@hub/api';
import { createAdminClient } from './client';
import { uploadArchive } from './upload';
import { memoryStorage } from '../../test/helpers/fakeHub';
import { moduleInfo } from '../../test/helpers/fixtures';

/** Just enough of XMLHttpRequest to drive progress and the answer from the test; the answer is held to the contract. */
function fakeXhr(status: number, body: unknown) {
  expect(answerProblems(hostRoutes.upload, status, body)).toEqual([]);
  const x = {
    headers: {} as Record<string, string>, method: '', url: '', sent: null as unknown, status: 0, statusText: '', responseText: '',
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
    const answer = { module: { name: 'postcards', packageName: '@hub/module-postcards', version: '1.0.0', dir: '/data/addons/postcards', replaced: false, format: 'tgz', sha256: 'd6532a153e1b072b35c40ca9bcb45567c0062f909fe26e363829bdd231bf1503' }, info: moduleInfo('postcards') };
    const xhr = fakeXhr(201, answer);
    const progress: number[] = [];
    const client = createAdminClient({ storage: memoryStorage({ 'hub.token': 'tk' }) });
    const res = await uploadArchive(client, { file: new File(['x'], 'postcards-1.0.0.tgz'), onProgress: (f) => progress.push(f), xhr: () => xhr as never });
    expect(res.module).toMatchObject({ name: 'postcards', version: '1.0.0' });
    expect([xhr.method, xhr.url, xhr.headers.authorization]).toEqual(['POST', '/api/v1/modules/upload', 'Bearer tk']);
    expect((xhr.sent as FormData).get('file')).toBeInstanceOf(File);
    expect(progress).toEqual([0.5, 1, 1]);
  });

  it("rejects with the server's error and hint when the archive is refused; a 401 drops the token", async () => {
    const refused = { error: 'Archive entry "package/../x" contains ".."', code: 'HUB_ARCHIVE_PATH_TRAVERSAL', hint: 'Build it with npm pack' };
    const storage = memoryStorage({ 'hub.token': 'tk' });
    await expect(uploadArchive(createAdminClient({ storage }), { file: new Blob(['x']), xhr: () => fakeXhr(422, refused) as never }))
      .rejects.toMatchObject({ status: 422, code: 'HUB_ARCHIVE_PATH_TRAVERSAL', hint: 'Build it with npm pack', message: expect.stringContaining('..') });
    expect(storage.getItem('hub.token')).toBe('tk');
    await expect(uploadArchive(createAdminClient({ storage }), { file: new Blob(['x']), xhr: () => fakeXhr(401, { error: 'The token expired', code: 'HUB_TOKEN_EXPIRED' }) as never }))
      .rejects.toMatchObject({ status: 401 });
    expect(storage.getItem('hub.token')).toBeNull();
  });
});
