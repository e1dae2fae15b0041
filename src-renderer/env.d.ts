/// <reference types="vite/client" />
import type { OffhookBridge } from '../src-preload/contract';

declare global {
  const __APP_VERSION__: string;
  interface Window {
    /** Present inside Electron (set by the preload); absent in the web build. */
    offhook?: OffhookBridge;
  }
}

declare module '*.vue' {
  import type { DefineComponent } from 'vue';
  const component: DefineComponent<object, object, unknown>;
  export default component;
}
