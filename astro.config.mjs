// Stacklab's lesson player: static pages from content/lessons/*.mdx, a persistent
// terminal pane, and a service worker generated after the build; every file the browser loads
// is stored compressed beside itself too.
import mdx from '@astrojs/mdx';
import { defineConfig } from 'astro/config';
import precompress from './src/integrations/precompress.ts';
import serviceWorker from './src/integrations/service-worker.ts';

export default defineConfig({
  // precompress last: it compresses sw.js too, once serviceWorker has written it.
  integrations: [mdx(), serviceWorker(), precompress()],
  trailingSlash: 'ignore',
  build: { format: 'directory' },
  // Links are prefetched on hover so client-side navigation feels instant.
  prefetch: { prefetchAll: true, defaultStrategy: 'hover' },
  devToolbar: { enabled: false },
  // The emulator's worker (src/vm/worker/) is an ES module, as the page's own code is.
  vite: { worker: { format: 'es' } },
  // Highlighted files in lessons (ini, yaml): GitHub's dark theme whose comments meet WCAG's 4.5:1
  // (the older github-dark, Astro's default, greys them at 3.0:1).
  markdown: { shikiConfig: { theme: 'github-dark-default' } },
});
