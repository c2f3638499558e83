/** A single re-armable timer; re-arming replaces the previous deadline. */
export class Deadline {
  #timer: NodeJS.Timeout | undefined;

  arm(ms: number, onExpire: () => void): void {
    this.disarm();
    this.#timer = setTimeout(onExpire, ms);
  }

  disarm(): void {
    if (this.#timer !== undefined) clearTimeout(this.#timer);
    this.#timer = undefined;
  }
}
