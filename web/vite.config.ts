import preact from "@preact/preset-vite";
import { defineConfig } from "vite";

export default defineConfig({
  plugins: [preact()],
  build: {
    outDir: "dist",
    emptyOutDir: true,
    // One small bundle; no inline <script> or data: modules so the CSP can forbid them.
    assetsInlineLimit: 0,
    modulePreload: { polyfill: false },
  },
});
