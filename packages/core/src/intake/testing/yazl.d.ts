// Minimal types for yazl (a dev dependency used by the intake tests and benchmark to build zips).
declare module 'yazl' {
  import type { Readable } from 'node:stream';
  interface EntryOptions { mtime?: Date; mode?: number; compress?: boolean; compressionLevel?: number; forceZip64Format?: boolean; size?: number }
  export class ZipFile {
    outputStream: Readable;
    addBuffer(buffer: Buffer, metadataPath: string, options?: EntryOptions): void;
    addReadStream(stream: Readable, metadataPath: string, options?: EntryOptions): void;
    addEmptyDirectory(metadataPath: string, options?: { mtime?: Date; mode?: number }): void;
    end(options?: { forceZip64Format?: boolean; comment?: string }, callback?: (totalSize: number) => void): void;
  }
  const yazl: { ZipFile: typeof ZipFile };
  export default yazl;
}
