/** Ports for the test run (apart from `npm run pbx` / `npm run web`, so both can run at once). */
export const APP_PORT = 14173;
export const PBX_WS_PORT = 15066;
export const PBX_UDP_PORT = 15060;
export const APP_URL = `http://127.0.0.1:${APP_PORT}/`;
export const PBX_WS_URL = `ws://127.0.0.1:${PBX_WS_PORT}`;
export const ARTIFACTS = new URL('../../.artifacts/', import.meta.url).pathname;
