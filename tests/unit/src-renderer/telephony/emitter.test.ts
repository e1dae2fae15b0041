import { afterEach, describe, expect, it, vi } from 'vitest';
import { Emitter } from '../../../../src-renderer/telephony/emitter';

type Events = { a: number; b: string };

afterEach(() => vi.restoreAllMocks());

describe('Emitter', () => {
  it('delivers payloads to the listeners of that event only', () => {
    const e = new Emitter<Events>();
    const a = vi.fn();
    const b = vi.fn();
    e.on('a', a);
    e.on('b', b);
    e.emit('a', 1);
    expect(a).toHaveBeenCalledExactlyOnceWith(1);
    expect(b).not.toHaveBeenCalled();
  });

  it('on() returns a disposer', () => {
    const e = new Emitter<Events>();
    const a = vi.fn();
    const off = e.on('a', a);
    off();
    e.emit('a', 1);
    expect(a).not.toHaveBeenCalled();
  });

  it('a throwing listener does not stop the others', () => {
    const error = vi.spyOn(console, 'error').mockImplementation(() => undefined);
    const e = new Emitter<Events>();
    const after = vi.fn();
    e.on('a', () => {
      throw new Error('boom');
    });
    e.on('a', after);
    e.emit('a', 2);
    expect(after).toHaveBeenCalledWith(2);
    expect(error).toHaveBeenCalledOnce();
  });

  it('a listener removed during emit does not break the current round', () => {
    const e = new Emitter<Events>();
    const second = vi.fn();
    let off2: () => void = () => undefined;
    e.on('a', () => off2());
    off2 = e.on('a', second);
    e.emit('a', 1);
    expect(second).toHaveBeenCalledOnce();
    e.emit('a', 1);
    expect(second).toHaveBeenCalledOnce();
  });
});
