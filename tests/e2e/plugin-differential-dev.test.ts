// Issue 12, transparency on the dev server (harness/plugin-differential.ts).
import { describePluginDevDifferential } from './harness/plugin-differential';

describePluginDevDifferential();
