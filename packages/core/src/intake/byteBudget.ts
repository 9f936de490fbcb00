import { Transform, type TransformCallback } from 'node:stream';
import type { HubError } from '@hub/kit';

/** A running total shared by several streams; `spend` throws the given error past the limit. */
export class ByteBudget {
  used = 0;
  constructor(readonly limit: number, private readonly exceeded: () => HubError) {}

  spend(bytes: number): void {
    this.used += bytes;
    if (this.used > this.limit) throw this.exceeded();
  }

  /** A pass-through stream that spends every chunk before letting it go on. */
  meter(): Transform {
    return new Transform({
      transform: (chunk: Buffer, _encoding: BufferEncoding, callback: TransformCallback) => {
        try {
          this.spend(chunk.length);
        } catch (error) {
          callback(error as Error);
          return;
        }
        callback(null, chunk);
      },
    });
  }
}
