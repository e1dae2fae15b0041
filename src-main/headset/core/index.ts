/** The device-independent headset core: pure TypeScript, shared by the node-hid and WebHID drivers. */
export * from './hex';
export * from './descriptor-parser';
export * from './capabilities';
export * from './reports';
export * from './state-machine';
export * from './headset-session';
export * from './webhid-adapter';
