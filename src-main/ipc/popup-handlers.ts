/**
 * The popup window's one channel: a button pressed for a call. Same checks as the bridge's
 * channels (origin, schema, no unknown fields), and the sender must be the popup window itself.
 */
import { z } from 'zod';
import { POPUP_CHANNELS, popupActSchema, type PopupAction } from '../../src-preload/contract';
import { validatedListener, type IpcMainPort, type SenderChecks } from './handlers';

export interface RegisterPopupIpcOptions extends SenderChecks {
  ipcMain: IpcMainPort;
  /** True when the popup shows this call and took the action. */
  act(callId: string, action: PopupAction): boolean;
}

export function registerPopupIpcHandlers({ ipcMain, act, ...checks }: RegisterPopupIpcOptions): () => void {
  ipcMain.handle(
    POPUP_CHANNELS.act,
    validatedListener(
      POPUP_CHANNELS.act,
      {
        args: z.tuple([popupActSchema]),
        run: ([{ callId, action }]) => {
          // A call the popup no longer shows (double click, answered elsewhere): nothing to do.
          act(callId, action);
        },
      },
      checks,
    ),
  );
  return () => ipcMain.removeHandler(POPUP_CHANNELS.act);
}
