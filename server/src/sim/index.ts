/**
 * Local simulator of the Confluence Data Center and Cloud REST APIs, for tests, benchmarks and
 * trying the whole flow without a real Confluence. See server.ts for the request pipeline and
 * options.ts for every option.
 */
export { startSimulator, type RunningSimulator, type SimLogEntry, type SimState } from './server';
export { loadSeed, loadSeedExport, loadSeedFolder, type ExportSeed } from './seed';
export {
  DEFAULT_CLOUD_USERS,
  DEFAULT_DC_USERS,
  type CloudRateLimit,
  type CloudUser,
  type DcRateLimit,
  type DcUser,
  type FaultOptions,
  type SeedAttachment,
  type SeedData,
  type SeedPage,
  type SeedSpace,
  type SimFlavor,
  type SimRepresentation,
  type SimStats,
  type SimulatorOptions,
} from './options';
export type { Page, PageVersion, Store } from './store';
