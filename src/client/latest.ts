/**
 * An answer only for the last question asked: a search box that looks things up as the reader types gets its
 * answers out of order (the first letter's list fetches more, and lands after the whole word's), and the stale
 * list must not replace the current one.
 */
export function latestOnly<Q, A>(ask: (q: Q) => Promise<A>, show: (a: A) => void): (q: Q) => Promise<void> {
  let asked = 0;
  return async (q) => {
    const mine = ++asked;
    const answer = await ask(q);
    if (mine === asked) show(answer);
  };
}
