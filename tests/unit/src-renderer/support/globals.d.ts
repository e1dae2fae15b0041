// src-renderer/env.d.ts declares this for the renderer build, but the root tsconfig (which type-checks
// the tests) does not include it; web-bridge.ts, imported by the tests, refers to it.
declare const __APP_VERSION__: string;
