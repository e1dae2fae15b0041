/** A minimal typed event emitter; `on` returns its own disposer so callers never leak listeners. */
export class Emitter<Events extends Record<string, unknown>> {
  private listeners = new Map<keyof Events, Set<(payload: never) => void>>();

  on<K extends keyof Events>(event: K, listener: (payload: Events[K]) => void): () => void {
    let set = this.listeners.get(event);
    if (!set) {
      set = new Set();
      this.listeners.set(event, set);
    }
    set.add(listener as (payload: never) => void);
    return () => set.delete(listener as (payload: never) => void);
  }

  emit<K extends keyof Events>(event: K, payload: Events[K]): void {
    for (const listener of [...(this.listeners.get(event) ?? [])]) {
      // One faulty listener must not stop the phone from telling the others.
      try {
        (listener as (p: Events[K]) => void)(payload);
      } catch (error) {
        console.error(`listener for ${String(event)} failed`, error);
      }
    }
  }
}
