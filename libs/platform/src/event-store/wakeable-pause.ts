/**
 * A pause that ends after `ms`, or at once when `wake()` is called: a poller that waits for new events
 * sleeps in it, and whoever appends in the same process wakes it so the event goes out without delay.
 */
export class WakeablePause {
  private wakeUp: (() => void) | undefined;

  wait(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const timer = setTimeout(done, ms);
      function done(): void {
        clearTimeout(timer);
        resolve();
      }
      this.wakeUp = done;
    });
  }

  wake(): void {
    this.wakeUp?.();
  }
}
