/**
 * REST layer for Confluence Data Center and Cloud. Imports no `vscode`: the CLI, the VS Code
 * client, the migration engine and the benchmarks all use it.
 */
export { DcClient } from './dc-client';
export type { DcClientOptions, DcCreatePage, DcUpdatePage } from './dc-client';
export { CloudClient } from './cloud-client';
export type { CloudClientOptions, CloudCreatePage, CloudUpdatePage, SpaceRef } from './cloud-client';
export type * from './dc-types';
export type * from './cloud-types';
export type { Credentials } from './credentials';
export * from './errors';
export { RestHttp } from './http';
export type { HttpOptions, RetryOptions, HttpRequest, HttpResponse } from './http';
export { RateLimiter } from './limiter';
export type { LimiterOptions } from './limiter';
export { systemClock } from './clock';
export type { Clock } from './clock';
export { redactingLogger, silentLogger } from './redact';
export type { LogFields, LogLevel, RestLogger } from './redact';
export type { FetchLike } from './transport';
export { collect } from './paging';
