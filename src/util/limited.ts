// Running tasks over a list with at most `limit` at a time (image layers, scenarios under --workers).
// Items start in list order; after a task throws, no new item starts unless `keepGoing`, and the
// ones already running always finish before this resolves.

// Run `task` on each of `items`; resolves with the errors thrown, in the order they happened.
export async function runLimited<T>(items: readonly T[], limit: number, task: (item: T) => Promise<void>, keepGoing = false): Promise<unknown[]> {
  let next = 0;
  const errors: unknown[] = [];
  const lane = async () => {
    while ((keepGoing || !errors.length) && next < items.length) {
      try {
        await task(items[next++]!);
      } catch (e) {
        errors.push(e);
      }
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(limit, items.length)) }, lane));
  return errors;
}
