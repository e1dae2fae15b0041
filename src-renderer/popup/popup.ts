/** The incoming-call popup page: draws what main sends, sends back the button pressed. */
import type { PopupBridge } from '../../src-preload/contract';
import { renderCalls } from './view';
import './popup.css';

declare global {
  interface Window {
    /** Set by the popup window's preload (src-preload/popup.ts); absent anywhere else. */
    offhookPopup?: PopupBridge;
  }
}

const root = document.getElementById('calls');
const popup = window.offhookPopup;
if (root && popup) {
  popup.onCalls((calls, language) => {
    renderCalls(document, root, calls, language, (callId, action) => {
      popup.act(callId, action).catch(() => {
        // Main refused (the call ended meanwhile); the next list from main redraws the popup.
      });
    });
  });
}
