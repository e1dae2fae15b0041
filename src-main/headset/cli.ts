/** Process entry for `npm run headset -- …`; the commands live in cli-commands.ts. */
import { readFile } from 'node:fs/promises';
import { runHeadsetCli } from './cli-commands';
import { systemPorts } from './device-list';

process.exitCode = await runHeadsetCli(process.argv.slice(2), {
  out: (line) => process.stdout.write(`${line}\n`),
  err: (line) => process.stderr.write(`${line}\n`),
  readText: (path) => readFile(path, 'utf8'),
  devicePorts: () => systemPorts(),
});
