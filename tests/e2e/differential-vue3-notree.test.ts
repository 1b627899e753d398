// Transparency on vue3-notree: every fixture scenario with and without the extension, and with network-condition rules
// stored that match nothing (harness/differential.ts).
import { describeChromiumDifferential } from './harness/differential';

describeChromiumDifferential('vue3-notree', { unmatchedRules: true });
