/**
 * The "STUN/TURN servers" box: one server per line, `stun:host:port` or
 * `turn:host:port username password`. Pure, so the parsing is tested on its own.
 */
import { iceServerSchema, type IceServerSetting } from '../../../src-preload/contract';

export type IceParse = { ok: true; servers: IceServerSetting[] } | { ok: false; line: number; text: string };

export function parseIceServers(text: string): IceParse {
  const servers: IceServerSetting[] = [];
  const lines = text.split(/\r?\n/);
  for (const [i, raw] of lines.entries()) {
    const line = raw.trim();
    if (!line) continue;
    const [urls, username, credential, ...rest] = line.split(/\s+/);
    const candidate = { urls, ...(username ? { username } : {}), ...(credential ? { credential } : {}) };
    const parsed = iceServerSchema.safeParse(candidate);
    const isTurn = /^turns?:/.test(urls ?? '');
    if (!parsed.success || rest.length > 0 || (isTurn && (!username || !credential)) || servers.length >= 8) {
      return { ok: false, line: i + 1, text: line.slice(0, 80) };
    }
    servers.push(parsed.data);
  }
  return { ok: true, servers };
}

export function formatIceServers(servers: IceServerSetting[]): string {
  return servers.map((s) => [s.urls, s.username, s.credential].filter(Boolean).join(' ')).join('\n');
}
