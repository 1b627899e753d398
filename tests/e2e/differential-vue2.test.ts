// Transparency on vue2: every fixture scenario with and without the extension (harness/differential.ts).
import { describeChromiumDifferential } from './harness/differential';

describeChromiumDifferential('vue2');
