/** Icon paths for Icon.vue (24×24 viewBox, stroked). */
export const PATHS = {
  phone:
    'M5 4h4l2 5-2.5 1.5a11 11 0 0 0 5 5L15 13l5 2v4a2 2 0 0 1-2 2A16 16 0 0 1 3 6a2 2 0 0 1 2-2',
  hangup: 'M3 15.5c5-4.7 13-4.7 18 0l-2.2 2.6-3.3-1.6v-2.6a10 10 0 0 0-5 0v2.6l-3.3 1.6z',
  mic: 'M12 3a3 3 0 0 1 3 3v5a3 3 0 0 1-6 0V6a3 3 0 0 1 3-3zM5 11a7 7 0 0 0 14 0M12 18v3',
  micOff: 'M3 3l18 18M9 9v2a3 3 0 0 0 5.1 2.1M15 10V6a3 3 0 0 0-5.7-1.3M5 11a7 7 0 0 0 11.6 5.3M19 11a7 7 0 0 1-.6 2.8M12 18v3',
  pause: 'M8 5v14M16 5v14',
  play: 'M7 5l12 7-12 7z',
  keypad: 'M6 5h.01M12 5h.01M18 5h.01M6 11h.01M12 11h.01M18 11h.01M6 17h.01M12 17h.01M18 17h.01M12 22h.01',
  swap: 'M7 7h12l-3-3M17 17H5l3 3',
  plus: 'M12 5v14M5 12h14',
  trash: 'M4 7h16M9 7V4h6v3M6 7l1 13h10l1-13',
  history: 'M3 12a9 9 0 1 0 3-6.7M3 4v5h5M12 7v5l3 3',
  settings:
    'M12 9a3 3 0 1 0 0 6 3 3 0 0 0 0-6zM19.4 15a1.7 1.7 0 0 0 .3 1.8l.1.1a2 2 0 1 1-2.8 2.8l-.1-.1a1.7 1.7 0 0 0-2.9 1.2V21a2 2 0 1 1-4 0v-.1a1.7 1.7 0 0 0-2.9-1.2l-.1.1a2 2 0 1 1-2.8-2.8l.1-.1A1.7 1.7 0 0 0 3.1 14H3a2 2 0 1 1 0-4h.1a1.7 1.7 0 0 0 1.2-2.9l-.1-.1a2 2 0 1 1 2.8-2.8l.1.1A1.7 1.7 0 0 0 10 3.1V3a2 2 0 1 1 4 0v.1a1.7 1.7 0 0 0 2.9 1.2l.1-.1a2 2 0 1 1 2.8 2.8l-.1.1a1.7 1.7 0 0 0 1.2 2.9h.1a2 2 0 1 1 0 4h-.1a1.7 1.7 0 0 0-1.5 1z',
  backspace: 'M21 5H9l-6 7 6 7h12zM17 9l-5 6M12 9l5 6',
  incoming: 'M17 7L7 17M7 9v8h8',
  outgoing: 'M7 17L17 7M9 7h8v8',
  missed: 'M4 8l6 6 4-4 6 6',
  speaker: 'M4 9v6h4l5 4V5L8 9zM16 9a4 4 0 0 1 0 6M19 6a8 8 0 0 1 0 12',
  transfer: 'M4 12h13M13 7l5 5-5 5M20 4v16',
  close: 'M6 6l12 12M18 6L6 18',
  merge: 'M6 4v4a4 4 0 0 0 4 4h4a4 4 0 0 1 4 4v4M18 4v4a4 4 0 0 1-4 4M6 20v-4',
  video: 'M3 7h12v10H3zM15 10l6-3v10l-6-3',
  videoOff: 'M3 3l18 18M15 11V7H7M3 7v10h12v-2M15 10l6-3v10l-4-2',
  fullscreen: 'M4 9V4h5M20 9V4h-5M4 15v5h5M20 15v5h-5',
  users: 'M9 11a4 4 0 1 0 0-8 4 4 0 0 0 0 8zM2 21a7 7 0 0 1 14 0M16 3.5a4 4 0 0 1 0 7.5M18 14a6 6 0 0 1 4 7',
  leave: 'M10 5H5v14h5M14 8l4 4-4 4M18 12H9',
  record: 'M12 6a6 6 0 1 0 0 12 6 6 0 0 0 0-12z',
  stop: 'M7 7h10v10H7z',
  save: 'M12 4v11M7 10l5 5 5-5M5 20h14',
  recordings: 'M3 12h2M7 8v8M11 5v14M15 9v6M19 11v2',
} as const;

export type IconName = keyof typeof PATHS;
