/**
 * A full garbage collection on demand, for the two moments it pays around a huge page's lint:
 * the main thread before it hands the page to a worker (it then goes idle, so V8 would keep
 * the decoded `didOpen` message, about 3x the page, resident for the whole lint), and the
 * worker once it has decoded the page's bytes. Both run once per huge lint and cost
 * milliseconds: a 100 MB string is not scanned by the marker.
 */
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';

let gc: (() => void) | undefined;

export function collectGarbage(): void {
  if (!gc) {
    // The documented way to reach `gc` without starting node with --expose-gc: a context
    // created after the flag is set gets the function.
    setFlagsFromString('--expose-gc');
    gc = runInNewContext('gc') as () => void;
  }
  gc();
}
