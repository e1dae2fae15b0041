import { describe, expect, it, vi } from 'vitest';
import { observeSettings } from '../../../../src-main/settings/observe';
import { createSettingsService } from '../../../../src-main/settings/settings-service';
import { MemoryStore } from '../support/fakes';

describe('observeSettings', () => {
  it('tells the listener what changed', () => {
    const listener = vi.fn();
    const settings = observeSettings(createSettingsService({ store: new MemoryStore() }), listener);
    const next = settings.set({ desktop: { launchAtLogin: true } });
    expect(next.desktop.launchAtLogin).toBe(true);
    expect(listener).toHaveBeenCalledOnce();
    const [after, before] = listener.mock.calls[0]!;
    expect(before.desktop.launchAtLogin).toBe(false);
    expect(after).toEqual(next);
  });

  it('stays quiet when a write changes nothing', () => {
    const listener = vi.fn();
    const settings = observeSettings(createSettingsService({ store: new MemoryStore() }), listener);
    settings.set({ theme: 'system' });
    settings.set({});
    expect(listener).not.toHaveBeenCalled();
  });

  it('keeps the write when the listener fails, and reports the failure', () => {
    const onError = vi.fn();
    const store = new MemoryStore();
    const settings = observeSettings(
      createSettingsService({ store }),
      () => {
        throw new Error('autostart folder not writable');
      },
      onError,
    );
    expect(settings.set({ language: 'zh-CN' }).language).toBe('zh-CN');
    expect(settings.get().language).toBe('zh-CN');
    expect(onError).toHaveBeenCalledWith(expect.any(Error));
  });

  it('does not call the listener for a refused patch', () => {
    const listener = vi.fn();
    const settings = observeSettings(createSettingsService({ store: new MemoryStore() }), listener);
    expect(() => settings.set({ theme: 'neon' } as never)).toThrow();
    expect(listener).not.toHaveBeenCalled();
  });
});
