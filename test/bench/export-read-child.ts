// One measurement per process (so peak RSS belongs to that measurement alone), driven by
// export-read.bench.mjs, which bundles this file with esbuild and runs it with plain node.
import { createReadStream, createWriteStream, statSync, writeFileSync } from 'node:fs';
import { pipeline } from 'node:stream/promises';
import * as yazl from 'yazl';
import { buildPageIndex, readExport } from '../../server/src/export';
import { writeSyntheticExport } from './synthetic-export';

async function main(): Promise<void> {
  const [mode, path, arg1, arg2] = process.argv.slice(2);
  const t0 = process.hrtime.bigint();
  const c0 = process.cpuUsage();
  let result: Record<string, unknown> = {};
  if (mode === 'generate') {
    const manifest = writeSyntheticExport(path, { targetBytes: Number(arg1), seed: Number(arg2 ?? 1) });
    writeFileSync(`${path}.manifest.json`, JSON.stringify(manifest));
    const { findings, ...rest } = manifest;
    result = { ...rest, findings: findings.length };
  } else if (mode === 'read') {
    const reading = readExport(path);
    let pages = 0;
    let bodyChars = 0;
    for await (const page of reading) {
      pages++;
      bodyChars += page.body.length;
    }
    result = { pages, bodyChars, bytes: reading.summary.bytesRead, problems: reading.summary.problems.length };
  } else if (mode === 'index') {
    const index = await buildPageIndex(path);
    result = { pages: index.pages.size, bytes: index.summary.bytesRead };
  } else if (mode === 'zip') {
    // A space-export-shaped zip of the synthetic entities.xml (deflated, like Confluence writes it).
    const zip = new yazl.ZipFile();
    zip.addFile(path, 'entities.xml');
    zip.addBuffer(Buffer.from('exportType=space\nspaceKey=DOC\n'), 'exportDescriptor.properties');
    zip.end();
    await pipeline(zip.outputStream, createWriteStream(arg1));
    result = { bytes: statSync(arg1).size };
  } else if (mode === 'raw') {
    let bytes = 0;
    for await (const chunk of createReadStream(path, { highWaterMark: 1 << 20 }) as AsyncIterable<Buffer>) bytes += chunk.length;
    result = { bytes };
  } else {
    throw new Error(`unknown mode ${mode}`);
  }
  const ms = Number(process.hrtime.bigint() - t0) / 1e6;
  const cpu = process.cpuUsage(c0);
  const cpuMs = (cpu.user + cpu.system) / 1000;
  process.stdout.write(`${JSON.stringify({ mode, ms, cpuMs, maxRssKB: process.resourceUsage().maxRSS, ...result })}\n`);
}

main().catch((err: unknown) => {
  process.stderr.write(`${String(err)}\n`);
  process.exit(1);
});
