// --workers N|cpus|cpus-1 and how many scenarios then run at once; the pool that runs them.
import { describe, expect, it } from "vitest";
import { lanes, parseWorkers, runsConcurrently } from "../../../src/commands/workers.js";
import { runLimited } from "../../../src/util/limited.js";
import { ConfigError } from "../../../src/errors.js";

describe("--workers", () => {
  it("takes a count, cpus or cpus-1 (at least 1)", () => {
    expect(parseWorkers("3", 2)).toBe(3);
    expect(parseWorkers("cpus", 8)).toBe(8);
    expect(parseWorkers("cpus-1", 8)).toBe(7);
    expect(parseWorkers("cpus-1", 1)).toBe(1);
    for (const bad of ["0", "-1", "1.5", "two", "", "cpus-2"]) expect(() => parseWorkers(bad, 4), bad).toThrow(ConfigError);
  });

  it("runs side by side under --parallel or more than one worker, never more lanes than scenarios", () => {
    expect(runsConcurrently({})).toBe(false);
    expect(runsConcurrently({ workers: 1 })).toBe(false);
    expect(runsConcurrently({ workers: 2 })).toBe(true);
    expect(runsConcurrently({ parallel: true })).toBe(true);
    expect(lanes({ workers: 4 }, 3)).toBe(3);
    expect(lanes({ workers: 2 }, 5)).toBe(2);
    expect(lanes({ parallel: true }, 5)).toBe(5);
    expect(lanes({}, 0)).toBe(1);
  });
});

describe("runLimited", () => {
  const tick = () => new Promise((resolve) => setTimeout(resolve, 5));

  it("keeps at most `limit` tasks running, starting them in order", async () => {
    let running = 0;
    let most = 0;
    const started: number[] = [];
    const errors = await runLimited([1, 2, 3, 4, 5], 2, async (n) => {
      started.push(n);
      most = Math.max(most, ++running);
      await tick();
      running--;
    });
    expect(errors).toEqual([]);
    expect(most).toBe(2);
    expect(started).toEqual([1, 2, 3, 4, 5]);
  });

  it("starts nothing new after a failure, unless told to keep going; running tasks finish", async () => {
    const done: number[] = [];
    const task = async (n: number) => {
      await tick();
      if (n === 1) throw new Error("one failed");
      await tick();
      done.push(n);
    };
    const stopped = await runLimited([1, 2, 3, 4], 2, task);
    expect(stopped.map(String)).toEqual(["Error: one failed"]);
    expect(done).toEqual([2]); // 2 was running when 1 failed; 3 and 4 never started
    done.length = 0;
    const kept = await runLimited([1, 2, 3, 4], 2, task, true);
    expect(kept).toHaveLength(1);
    expect(done.sort()).toEqual([2, 3, 4]);
  });
});
