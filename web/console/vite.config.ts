/**
 * Vite config of the staff console. Root is this folder, output goes to ./dist and is
 * served by the Rongmei server at `/` (every non-/api GET falls back to index.html).
 * `npm run dev:web` proxies /api to a server on RONGMEI_API (default localhost:3000).
 */
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';

const root = fileURLToPath(new URL('.', import.meta.url));

export default defineConfig({
  root,
  base: '/',
  plugins: [react()],
  build: {
    outDir: fileURLToPath(new URL('./dist', import.meta.url)),
    emptyOutDir: true,
    // antd is one large vendor chunk by nature; pages are split with React.lazy.
    chunkSizeWarningLimit: 1600,
  },
  server: {
    proxy: { '/api': process.env.RONGMEI_API ?? 'http://127.0.0.1:3000' },
  },
  preview: {
    proxy: { '/api': process.env.RONGMEI_API ?? 'http://127.0.0.1:3000' },
  },
});
