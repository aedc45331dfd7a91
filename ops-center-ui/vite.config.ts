/// <reference types="vitest/config" />
import { defineConfig } from 'vite';

// The server (ops-center-api, Vert.x) listens on :8080 and serves this build's
// output from the classpath folder webroot/, so the jar must hold webroot/index.html.
const server = 'http://localhost:8080';

export default defineConfig({
  base: './',
  build: {
    outDir: 'target/classes/webroot',
    emptyOutDir: true,
    target: 'es2022',
  },
  server: {
    proxy: {
      '/api': { target: server, changeOrigin: true },
      '/health': { target: server, changeOrigin: true },
      '/ws': { target: 'ws://localhost:8080', ws: true, changeOrigin: true },
    },
  },
  test: {
    environment: 'node',
    include: ['src/**/*.test.ts'],
  },
});
