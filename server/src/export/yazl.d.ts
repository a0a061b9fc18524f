// yazl ships no types; this covers the part the export rewriter and the tests use.
declare module 'yazl' {
  import type { Readable } from 'node:stream';

  export interface EntryOptions {
    mtime?: Date;
    mode?: number;
    compress?: boolean;
    compressionLevel?: number;
    size?: number;
    forceZip64Format?: boolean;
    fileComment?: string | Buffer;
    forceDosTimestamp?: boolean;
  }

  export class ZipFile {
    readonly outputStream: Readable;
    addFile(realPath: string, metadataPath: string, options?: EntryOptions): void;
    addReadStream(readStream: Readable, metadataPath: string, options?: EntryOptions): void;
    addReadStreamLazy(
      metadataPath: string,
      options: EntryOptions,
      getReadStream: (cb: (err: Error | null, readStream?: Readable) => void) => void,
    ): void;
    addBuffer(buffer: Buffer, metadataPath: string, options?: EntryOptions): void;
    addEmptyDirectory(metadataPath: string, options?: { mtime?: Date; mode?: number }): void;
    end(options?: { forceZip64Format?: boolean; comment?: string | Buffer }, calculatedTotalSizeCallback?: (size: number) => void): void;
    on(event: 'error', listener: (err: Error) => void): this;
  }
}
