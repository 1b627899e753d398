// Transparency on vue3-dev: every fixture scenario with and without the extension (harness/differential.ts).
import { describeChromiumDifferential } from './harness/differential';

describeChromiumDifferential('vue3-dev');
