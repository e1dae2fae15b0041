/** The bridge the renderer uses: Electron's preload when present, else the web implementation. */
import type { OffhookBridge } from '../../src-preload/contract';
import { createWebBridge } from './web-bridge';

export const bridge: OffhookBridge = window.offhook ?? createWebBridge();
