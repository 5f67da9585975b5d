/**
 * A cancellable call after `ms` milliseconds, for polling loops that are also woken on
 * demand. `ms` 0 means the next turn of the event loop (setImmediate): Node runs a
 * setTimeout of 0 after 1 ms at the earliest, and a nudged relay or job poll paid that
 * millisecond twice between an emergency broadcast's approval and its dispatch.
 */
export interface Later {
  cancel(): void;
}

export function later(fn: () => void, ms: number): Later {
  if (ms <= 0) {
    const immediate = setImmediate(fn);
    return { cancel: () => clearImmediate(immediate) };
  }
  const timeout = setTimeout(fn, ms);
  return { cancel: () => clearTimeout(timeout) };
}
