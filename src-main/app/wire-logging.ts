/**
 * Main's logger, to the console and the log file (log-file.ts). Set up first, so that everything
 * main does after it can be logged.
 */
import { createFileLogSink, type FileLogSink } from './log-file';
import { combineSinks, consoleSink, createLogger, type Logger } from './logger';

/** `logsDirectory`: app.getPath('logs'), which may throw. */
export function wireLogging(logsDirectory: () => string): { log: Logger; logFile: FileLogSink | null } {
  const logFile = openLogFile(logsDirectory);
  const log = createLogger('main', logFile ? combineSinks(consoleSink, logFile.sink) : consoleSink);
  return { log, logFile };
}

/** The rotating log file; console only if the logs folder cannot be had. */
function openLogFile(logsDirectory: () => string): FileLogSink | null {
  try {
    return createFileLogSink({ directory: logsDirectory() });
  } catch {
    return null;
  }
}
