/**
 * The one rule of the IP terminals' work queues (a connection's frames in the driver, a
 * terminal's reports in the gateway driver, a simulated terminal's frames): a piece of
 * work runs after the one still in progress, or at once when none is. The usual case
 * (nothing waits) then allocates no promise at all.
 */

/**
 * Runs `fn` after `before` (work still in progress), or at once when there is none.
 * Returns the work that remains, which never rejects (errors go to `onError`), or
 * undefined when `fn` finished at once.
 */
export function runInOrder(before: Promise<void> | undefined, fn: () => void | Promise<void>, onError: (err: unknown) => void): Promise<void> | undefined {
  if (before) return before.then(fn).catch(onError);
  let work: void | Promise<void>;
  try {
    work = fn();
  } catch (err) {
    onError(err);
    return undefined;
  }
  return work ? work.catch(onError) : undefined;
}
