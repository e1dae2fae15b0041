/**
 * What the pages may ask of main: the bridge's services for the main window, and the popup's own
 * channel. Each channel answers only the app's origin and only its own window.
 */
import type { BrowserWindow } from 'electron';
import type { HeadsetService } from '../headset/headset-service';
import { registerIpcHandlers } from '../ipc/handlers';
import { registerPopupIpcHandlers } from '../ipc/popup-handlers';
import { createSenderCheck } from '../ipc/sender-check';
import type { LinkRouter } from '../links/link-router';
import type { DirectoryService } from '../directory/directory-service';
import type { RecordingsService } from '../recordings/recordings-service';
import type { SecretService } from '../settings/secret-service';
import type { SettingsService } from '../settings/settings-service';
import { externalUrlDecision } from '../windows/security';
import type { FileLogSink } from './log-file';
import type { Logger } from './logger';
import type { ShellWiring } from './wire-shell';
import type { WindowsWiring } from './wire-windows';

export interface IpcInput {
  electron: Pick<typeof import('electron'), 'app' | 'ipcMain' | 'shell'>;
  appOrigin: string;
  log: Logger;
  /** Null when logging to the console only. */
  logFile: FileLogSink | null;
  windows: WindowsWiring;
  desktop: ShellWiring;
  settings: SettingsService;
  secrets: SecretService;
  links: LinkRouter;
  headset: HeadsetService;
  recordings: RecordingsService;
  directory: DirectoryService;
}

export function wireIpc(input: IpcInput): void {
  const { electron, log, logFile, settings, secrets, links, headset } = input;
  const { app, ipcMain, shell } = electron;
  const { controller, popup, showWindow } = input.windows;
  const { attention, shellService, notifications, hotkeys, popupUrl } = input.desktop;

  const isAllowedSender = createSenderCheck(input.appOrigin);
  const onServiceError = (channel: string, error: unknown) => log.error(`${channel} failed`, error);
  const isWindowOf = (win: BrowserWindow | null, sender: unknown): boolean => win !== null && sender === win.webContents;
  registerIpcHandlers({
    ipcMain,
    isAllowedSender,
    // Only the main window's page speaks the bridge; the popup (same origin) has its own channel.
    isAllowedContents: (sender) => isWindowOf(controller.window(), sender),
    onServiceError,
    services: {
      settings,
      secrets,
      attention,
      appInfo: () => ({
        name: app.getName(),
        version: app.getVersion(),
        platform: 'desktop',
        os: process.platform,
        secretsEncrypted: secrets.canEncrypt(),
      }),
      shell: {
        setState: (state) => shellService.setState(state),
        showWindow: ({ view }) => showWindow(view),
        openLogFolder: async () => {
          if (!logFile) return;
          const problem = await shell.openPath(logFile.directory);
          if (problem) log.warn('could not open the log folder', { problem });
        },
        openExternal: async (url) => {
          const decision = externalUrlDecision(url);
          if (decision.ok) await shell.openExternal(decision.url);
          return decision;
        },
      },
      popup: {
        show: (call) => popup.show(call),
        close: (callId) => popup.close(callId),
      },
      notify: (request) => {
        if (!notifications.notify(request)) log.warn('notifications are not supported here', { kind: request.kind });
      },
      hotkeys: { status: () => hotkeys.status() },
      popupUrl,
      rendererReady: () => links.ready(),
      headset: {
        setCallState: (state) => headset.setCallState(state),
        devices: () => headset.devices(),
        connect: () => headset.connect(),
        describe: (description) => headset.describe(description),
      },
      recordings: input.recordings,
      directory: input.directory,
    },
  });
  registerPopupIpcHandlers({
    ipcMain,
    isAllowedSender,
    isAllowedContents: (sender) => isWindowOf(popup.window(), sender),
    onServiceError,
    act: (callId, action) => popup.act(callId, action),
  });
}
