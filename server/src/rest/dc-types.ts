/** The parts of DC / Cloud v1 REST shapes this layer reads (servers send more). */

export interface DcVersion {
  number: number;
  when?: string;
  message?: string;
  minorEdit?: boolean;
  by?: { username?: string; displayName?: string };
}

export interface DcPage {
  id: string;
  type: string;
  status: string;
  title: string;
  space?: { key: string; id?: number; name?: string };
  version?: DcVersion;
  ancestors?: Array<{ id: string; title?: string }>;
  body?: { storage?: { value: string; representation: 'storage' } };
  _links?: Record<string, string>;
}

export interface DcSpace {
  id?: number;
  key: string;
  name: string;
  type?: string;
  _links?: Record<string, string>;
}

export interface DcAttachment {
  id: string;
  type: 'attachment';
  title: string;
  version?: DcVersion;
  metadata?: { mediaType?: string; comment?: string };
  extensions?: { mediaType?: string; fileSize?: number; comment?: string };
  _links?: { download?: string; webui?: string; self?: string };
}

export interface DcUser {
  type: string;
  username?: string;
  userKey?: string;
  displayName?: string;
}

/** Cloud v1 `GET /wiki/rest/api/user/current`. */
export interface CloudUser {
  type: string;
  accountId?: string;
  email?: string;
  displayName?: string;
}

/** A file to upload as an attachment. */
export interface UploadFile {
  filename: string;
  data: Uint8Array;
  contentType?: string;
  comment?: string;
  /** Default true: no notification per file. */
  minorEdit?: boolean;
}

/** Per-call options. */
export interface CallOptions {
  signal?: AbortSignal;
}

/** Options of list calls. */
export interface ListOptions extends CallOptions {
  /** Page size to ask for; servers may return fewer per page. */
  limit?: number;
}
