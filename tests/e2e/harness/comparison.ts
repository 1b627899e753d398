// Two Chromium sessions side by side, one without the extension and one with it, for differential tests and
// benchmarks that compare what the page sees or costs.
import { type ChromiumSession, launchChromium } from './chromium';

export interface Comparison {
  plain: ChromiumSession;
  instrumented: ChromiumSession;
  close(): Promise<void>;
}

export async function launchComparison(): Promise<Comparison> {
  const plain = await launchChromium({ withExtension: false });
  const instrumented = await launchChromium().catch(async (error) => {
    await plain.close();
    throw error;
  });
  return {
    plain,
    instrumented,
    close: async () => {
      await plain.close();
      await instrumented.close();
    },
  };
}
