// Transparency in Firefox: the default production build with and without the extension (harness/differential.ts).
import { describeFirefoxDifferential } from './harness/differential';

describeFirefoxDifferential();
