/**
 * `npm run headset -- inspect FILE | list`: diagnostics for users and support. Kept apart from
 * cli.ts (the process entry) so tests can run commands in-process with fake I/O.
 *
 * Exit codes: 0 done; 1 devices could not be listed at all; 2 bad usage or malformed input.
 */
import { summarizeDescriptor } from './core/capabilities';
import { parseHexBytes } from './core/hex';
import { formatListing, listDevices, type DeviceListPorts } from './device-list';

export interface CliIo {
  out(line: string): void;
  err(line: string): void;
  readText(path: string): Promise<string>;
  devicePorts(): DeviceListPorts;
}

const USAGE = [
  'usage: npm run headset -- inspect FILE   print the telephony capability summary of a descriptor',
  '                                         (FILE: whitespace-separated hex bytes)',
  '       npm run headset -- list           list connected HID devices with their summary',
].join('\n');

export async function runHeadsetCli(argv: string[], io: CliIo): Promise<number> {
  const [command, ...rest] = argv;
  if (command === 'inspect' && rest.length === 1) return inspect(rest[0]!, io);
  if (command === 'list' && rest.length === 0) return list(io);
  if (command === '--help' || command === '-h' || command === 'help') {
    io.out(USAGE);
    return 0;
  }
  io.err(USAGE);
  return 2;
}

async function inspect(file: string, io: CliIo): Promise<number> {
  let text: string;
  try {
    text = await io.readText(file);
  } catch (error) {
    io.err(`cannot read ${file}: ${error instanceof Error ? error.message : String(error)}`);
    return 2;
  }
  try {
    const bytes = parseHexBytes(text);
    if (!bytes.length) throw new Error('it holds no hex bytes');
    io.out(JSON.stringify(summarizeDescriptor(bytes)));
    return 0;
  } catch (error) {
    // HexFormatError and DescriptorError carry the line/byte where the input went wrong.
    io.err(`${file}: ${error instanceof Error ? error.message : String(error)}`);
    return 2;
  }
}

async function list(io: CliIo): Promise<number> {
  const listing = await listDevices(io.devicePorts());
  for (const line of formatListing(listing)) io.out(line);
  return listing.enumerated ? 0 : 1;
}
