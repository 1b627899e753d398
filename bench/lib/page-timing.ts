// Timings taken inside a fixture page around the app's own uni.downloadFile calls (bench:probes, bench:plugin):
// the page's `__fixtureApi` reaches uni the way app code does (in tree-shaken builds, through the import).

export interface Sample {
  callUs: number;
  taskWallUs: number;
  progressEventUs: number;
}

/** Runs in the page: the medians over `repeats` of each timing. */
export function measureInPage(calls: number, events: number, repeats: number): Promise<Sample> {
  type Task = { abort(): void; _xhr?: XMLHttpRequest };
  type Api = { downloadFile(options: object): Task };
  const api = (window as unknown as { __fixtureApi: Api }).__fixtureApi;
  const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] as number;
  const callTimes: number[] = [];
  const progressTimes: number[] = [];
  const taskTimes: number[] = [];
  return (async () => {
    for (let repeat = 0; repeat < repeats; repeat++) {
      const whole = performance.now();
      await new Promise<void>((resolve) => {
        let left = calls;
        const done = () => {
          left -= 1;
          if (left === 0) resolve();
        };
        for (let i = 0; i < calls; i++) {
          api.downloadFile({ url: `data:application/octet-stream,whole-${repeat}-${i}`, success: done, fail: done });
        }
      });
      taskTimes.push(((performance.now() - whole) * 1000) / calls);
      const tasks: Task[] = [];
      let started = performance.now();
      for (let i = 0; i < calls; i++) {
        tasks.push(api.downloadFile({ url: `data:application/octet-stream,${repeat}-${i}`, success() {}, fail() {} }));
      }
      callTimes.push(((performance.now() - started) * 1000) / calls);
      const xhr = tasks[0]?._xhr as XMLHttpRequest;
      const progress = new ProgressEvent('progress', { lengthComputable: true, loaded: 1, total: 2 });
      started = performance.now();
      for (let i = 0; i < events; i++) xhr.dispatchEvent(progress);
      progressTimes.push(((performance.now() - started) * 1000) / events);
      for (const task of tasks) task.abort();
      await new Promise((resolve) => setTimeout(resolve, 50)); // let the aborts settle before the next repeat
    }
    return { callUs: median(callTimes), taskWallUs: median(taskTimes), progressEventUs: median(progressTimes) };
  })();
}
