/** The parts of Cloud v2 shapes this layer reads (servers send more). */

/** A v2 body as read (`body-format` chooses which one is filled). */
export interface CloudBodyRead {
  storage?: { representation: 'storage'; value: string };
  atlas_doc_format?: { representation: 'atlas_doc_format'; value: string };
}

/** A body to write. ADF may be given as an object; it is sent as a JSON string. */
export type CloudBodyWrite =
  | { representation: 'storage'; value: string }
  | { representation: 'atlas_doc_format'; value: unknown };

export type BodyFormat = 'storage' | 'atlas_doc_format';

export interface CloudVersion {
  number: number;
  message?: string;
  minorEdit?: boolean;
  authorId?: string;
  createdAt?: string;
}

export interface CloudPage {
  id: string;
  status: string;
  title: string;
  spaceId: string;
  parentId?: string | null;
  parentType?: string | null;
  version?: CloudVersion;
  body?: CloudBodyRead;
  _links?: Record<string, string>;
}

export interface CloudSpace {
  id: string;
  key: string;
  name: string;
  type?: string;
  status?: string;
  homepageId?: string;
}

/** An entry of `GET /pages/{id}/direct-children` (pages, folders, whiteboards, …). */
export interface CloudChild {
  id: string;
  status?: string;
  title: string;
  type: string;
  spaceId?: string;
  childPosition?: number;
}

export interface CloudAttachment {
  id: string;
  status?: string;
  title: string;
  mediaType?: string;
  fileSize?: number;
  fileId?: string;
  pageId?: string;
  downloadLink?: string;
  version?: CloudVersion;
  _links?: Record<string, string>;
}

export interface CloudProperty {
  id: string;
  key: string;
  value: unknown;
  version?: { number: number };
}

/** An item of v1 `GET /wiki/rest/api/search`. */
export interface CloudSearchResult {
  content?: { id: string; type: string; status?: string; title: string; _links?: Record<string, string> };
  title?: string;
  excerpt?: string;
  url?: string;
  lastModified?: string;
  entityType?: string;
}
