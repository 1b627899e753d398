// Issue 12, transparency in the `build: true` build (harness/plugin-differential.ts).
import { describePluginBuildDifferential } from './harness/plugin-differential';

describePluginBuildDifferential();
