// One frame measurement as the shell page returns it: below frames.ts and trace.ts, which both read it.

export interface FrameRun {
  frames: number[];
  syncPerfNow: number;
  delivered: number;
  loafs: { duration: number; blocking: number }[];
}
