/**
 * Pull, push and migrate (no `vscode` import: the CLI and the VS Code client both use it).
 */
export { CREDENTIAL_ENV, CREDENTIALS_HELP, connect, credentialsFromEnv, lineLogger, type ConnectOptions, type SiteClient } from './connect';
export { FileNamer, resolveInside, safeStem, SUFFIX, type PageFileKind } from './file-names';
export {
  META_DIR, REMOTE_DIR, INDEX_NAME, findIndexFolder, indexPath, readIndex, sha256, writeIndex,
  type ConflictRecord, type Flavor, type IndexedPage, type InstanceRef, type MetadataIndex, type Representation,
} from './metadata-index';
export { fileText, readPage, type RemotePage } from './remote-page';
export { pull, type PullOptions, type PullOutcome, type PullResult, type PullTarget } from './pull';
export { localProblem, pushSet, selectPages, type PushOptions, type PushOutcome, type PushPageResult, type PushSet } from './push';
export { Journal, JOURNAL_FILE, type JournalEntry, type JournalPage } from './journal';
export { migrateSpace, type MigrateEvent, type MigrateOptions, type MigrateResult } from './migrate';
export { REPORT_PAGES_FILE, type PageReport, type PageStatus, type ReportSummary } from './migration-report';
