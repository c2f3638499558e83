export type Release = () => void;

/** Caps how many generations one user runs at once, so one person's scripts cannot hold every slot. */
export class StreamSlots {
  readonly #inUse = new Map<string, number>();

  constructor(readonly perUser: number) {}

  /** Returns a release function, or undefined when the user is at the cap. */
  tryAcquire(user: string): Release | undefined {
    const used = this.#inUse.get(user) ?? 0;
    if (used >= this.perUser) return undefined;
    this.#inUse.set(user, used + 1);
    let released = false;
    return () => {
      if (released) return;
      released = true;
      const remaining = (this.#inUse.get(user) ?? 1) - 1;
      if (remaining === 0) this.#inUse.delete(user);
      else this.#inUse.set(user, remaining);
    };
  }

  inUse(user: string): number {
    return this.#inUse.get(user) ?? 0;
  }
}
