/**
 * The log file: electron-log's rotating file transport, fed only lines that logger.ts has already
 * redacted. When the file passes `maxBytes` it becomes main.old.log and a new one starts, so the
 * logs never take more than about twice that.
 *
 * electron-log's Node flavour is used on purpose: its Electron flavour registers an IPC channel
 * (`__ELECTRON_LOG__`) that any page could write through, outside our validated contract.
 * Nothing here catches errors or logs on its own: every line goes through the redacting logger.
 */
import nodePath from 'node:path';
import electronLog from 'electron-log/node';
import type { LogSink } from './logger';

export const LOG_FILE_NAME = 'main.log';
export const DEFAULT_LOG_MAX_BYTES = 5 * 1024 * 1024;

export interface FileLogSinkOptions {
  /** app.getPath('logs'). */
  directory: string;
  maxBytes?: number;
  /** Separate instances (tests) need separate ids; one per process otherwise. */
  logId?: string;
}

export interface FileLogSink {
  sink: LogSink;
  /** The folder "Open log folder" opens. */
  directory: string;
  filePath: string;
}

export function createFileLogSink({ directory, maxBytes = DEFAULT_LOG_MAX_BYTES, logId = 'offhook-main' }: FileLogSinkOptions): FileLogSink {
  const filePath = nodePath.join(directory, LOG_FILE_NAME);
  const logger = electronLog.create({ logId });
  const { file, console: consoleTransport } = logger.transports;
  // The path is ours, but electron-log still works out an app name first; don't let it guess.
  file.setAppName('Offhook');
  file.resolvePathFn = () => filePath;
  file.maxSize = maxBytes;
  file.level = 'debug';
  file.format = '[{y}-{m}-{d} {h}:{i}:{s}.{ms}] [{level}] {text}';
  // Our own console sink writes to the terminal; electron-log's other transports stay off.
  consoleTransport.level = false;
  for (const [name, transport] of Object.entries(logger.transports as Record<string, { level?: unknown } | null>)) {
    if (name !== 'file' && transport) transport.level = false;
  }
  return {
    directory,
    filePath,
    sink: (level, line) => {
      logger[level](line);
    },
  };
}
