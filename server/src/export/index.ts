// Public API of the space-export reader; everything else in this folder is internal.
export { readExport, buildPageIndex, ExportReading, type ExportPageIndex } from './read-export';
export { rewriteExport, type BodyRewriter, type RewriteResult } from './rewrite-export';
export {
  BODY_TYPE_STORAGE,
  BODY_TYPE_WIKI,
  ExportError,
  type ExportLimits,
  type ExportPage,
  type ExportPageRef,
  type ExportProblem,
  type ExportProblemCode,
  type ExportReadOptions,
  type ExportSummary,
} from './types';
