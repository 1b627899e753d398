// `npm run build`: unpacked extensions in dist/chrome and dist/firefox from one source.
import { build } from 'vite';

export async function buildExtension(browsers: ('chrome' | 'firefox')[] = ['chrome', 'firefox']): Promise<void> {
  for (const browser of browsers) {
    const started = performance.now();
    await build({ mode: browser, logLevel: 'warn' });
    console.log(`built dist/${browser} in ${Math.round(performance.now() - started)} ms`);
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  await buildExtension();
}
