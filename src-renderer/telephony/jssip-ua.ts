/** The real `CreateUa`: JsSIP over a WebSocket. Kept apart so everything else can be tested without it. */
import JsSIP from 'jssip';
import type { CreateUa, UaLike } from './account';
import { jsSipRequest } from './jssip-request';
import { subscribeWithEmptyNotifies } from './jssip-subscribe';

// JsSIP logs through `debug`; keep it quiet unless someone turns it on (it must never log passwords).
JsSIP.debug.disable();

export const createJsSipUa: CreateUa = (config) => {
  const socket = new JsSIP.WebSocketInterface(config.server);
  const ua = new JsSIP.UA({
    sockets: [socket],
    uri: config.uri,
    authorization_user: config.authorizationUser,
    password: config.password,
    display_name: config.displayName || undefined,
    user_agent: config.userAgent,
    register: true,
    register_expires: 300,
    // Session timers refresh with UPDATE/re-INVITE, which collides with hold on some PBXs (JsSIP #732);
    // the WebSocket already tells us when the server is gone.
    session_timers: false,
    connection_recovery_min_interval: 2,
    connection_recovery_max_interval: 30,
    no_answer_timeout: 120,
  });
  // PUBLISH for my status (J3): JsSIP has no publisher; empty NOTIFYs mean "signed out" (B2)
  return Object.assign(ua, { request: jsSipRequest(ua), subscribe: subscribeWithEmptyNotifies(ua) }) as unknown as UaLike;
};
