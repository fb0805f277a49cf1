/**
 * Runs tasks strictly one after another, in call order, whatever each one's outcome. It is how a card gets one
 * session at a time and one APDU in flight: a smart card answers one command before it reads the next, and two
 * interleaved PIN operations would break each other's select → verify → change.
 */
export class OneAtATime {
  private tail: Promise<unknown> = Promise.resolve();

  run<T>(task: () => Promise<T>): Promise<T> {
    const result = this.tail.then(task, task);
    this.tail = result.catch(() => undefined);
    return result;
  }
}
