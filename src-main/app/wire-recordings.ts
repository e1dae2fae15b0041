/** F4/I3: the recordings service over node:fs, Electron's save dialog and the settings' folder. */
import type { BrowserWindow } from 'electron';
import { nodeRecordingFs } from '../recordings/node-fs';
import { recordingsFolder } from '../recordings/recording-names';
import { createRecordingsService, type RecordingsService } from '../recordings/recordings-service';
import type { SettingsService } from '../settings/settings-service';
import type { Logger } from './logger';

export interface RecordingsInput {
  electron: Pick<typeof import('electron'), 'app' | 'dialog'>;
  settings: Pick<SettingsService, 'get'>;
  mainWindow(): BrowserWindow | null;
  log: Logger;
}

export function wireRecordings(input: RecordingsInput): RecordingsService {
  const { app, dialog } = input.electron;
  const folder = () => recordingsFolder(input.settings.get().recordings.folder, (name) => app.getPath(name));
  const service = createRecordingsService({
    fs: nodeRecordingFs,
    folder,
    chooseSavePath: async (defaultName) => {
      const win = input.mainWindow();
      const options = {
        defaultPath: defaultName,
        filters: [{ name: 'WebM audio', extensions: ['webm'] }],
      };
      const result = win ? await dialog.showSaveDialog(win, options) : await dialog.showSaveDialog(options);
      return result.canceled || !result.filePath ? null : result.filePath;
    },
    onEvent: (event, detail) => input.log.info(event, detail),
  });
  // Every chunk is already on disk; closing the handles is all that is left at quit.
  app.on('will-quit', () => {
    void service.closeAll();
  });
  return service;
}
