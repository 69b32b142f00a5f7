import { fileURLToPath } from "node:url";
import { defineConfig } from "vite";

// The inspector's page, built next to the compiled server (services/inspector/dist/web),
// where the server serves it from.
export default defineConfig({
  root: fileURLToPath(new URL(".", import.meta.url)),
  base: "./",
  logLevel: "warn",
  build: {
    outDir: fileURLToPath(new URL("../dist/web", import.meta.url)),
    emptyOutDir: true,
  },
});
